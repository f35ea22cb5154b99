"""Deal rooms, the access-controlled area of an offering: admins, the organization's members
and users holding an investment that is not Rejected or Withdrawn, of an amount above 0 that
meets the offering's minimum; everyone else gets a 404."""

from dataclasses import dataclass
from typing import Any

import asyncpg

from common.errors import DomainError
from common.http.principal import Principal
from common.json import loads
from offerings.adapters.db import offerings as offering_rows
from offerings.domain.errors import OfferingsError
from offerings.service import offerings as offering_service

ACTIVE_INVESTMENT = (0, 2, 4)  # Open, Approved, Settled


HIDDEN = 1  # a topic, post or comment only its author and the room's managers read


@dataclass(frozen=True)
class Room:
    id: int
    manages: bool  # an admin or a member of the offering's organization


async def may_enter(conn: asyncpg.Connection, principal: Principal, offering: offering_rows.Offering) -> bool:
    if await offering_service.manages(conn, principal, offering):
        return True
    return await conn.fetchval(  # an investment opens the room only with an amount that meets the minimum
        "SELECT EXISTS (SELECT 1 FROM investments WHERE offering_id = $1 AND user_id = $2 "
        "AND life_cycle_stage = ANY($3) AND investment_amount > 0 AND investment_amount >= $4)",
        offering.id, principal.user_id or 0, list(ACTIVE_INVESTMENT), offering.min_commitment or 0)


async def entered(conn: asyncpg.Connection, principal: Principal, deal_room_id: int) -> Room:
    """The deal room if the caller may enter it; else the 404 of a room that does not exist."""
    offering_id = await conn.fetchval("SELECT offering_id FROM deal_rooms WHERE network_id = $1 AND id = $2",
                                      principal.network_id, deal_room_id)
    offering = offering_id and await offering_rows.by_id(conn, principal.network_id, offering_id)
    if not offering or not await may_enter(conn, principal, offering):
        raise OfferingsError.DEAL_ROOM_NOT_FOUND.error()
    return Room(deal_room_id, await offering_service.manages(conn, principal, offering))


def may_read(room: Room, principal: Principal, entry: asyncpg.Record) -> bool:
    """Open and Anonymous entries are the room's; a Hidden one its author's and the managers'."""
    return entry["visibility"] != HIDDEN or room.manages or entry["user_id"] == principal.user_id


async def room_of_topic(conn: asyncpg.Connection, principal: Principal, topic_id: int) -> Room:
    deal_room_id = await conn.fetchval(
        "SELECT t.deal_room_id FROM topics t JOIN deal_rooms d ON d.id = t.deal_room_id "
        "WHERE t.id = $1 AND d.network_id = $2", topic_id, principal.network_id)
    if deal_room_id is None:
        raise OfferingsError.TOPIC_NOT_FOUND.error()
    try:
        return await entered(conn, principal, deal_room_id)
    except DomainError:
        raise OfferingsError.TOPIC_NOT_FOUND.error() from None


async def room_of_post(conn: asyncpg.Connection, principal: Principal, post_id: int) -> Room:
    topic_id = await conn.fetchval(
        "SELECT p.topic_id FROM posts p JOIN topics t ON t.id = p.topic_id JOIN deal_rooms d ON d.id = t.deal_room_id "
        "WHERE p.id = $1 AND d.network_id = $2", post_id, principal.network_id)
    if topic_id is None:
        raise OfferingsError.POST_NOT_FOUND.error()
    try:
        return await room_of_topic(conn, principal, topic_id)
    except DomainError:
        raise OfferingsError.POST_NOT_FOUND.error() from None


def view(room: asyncpg.Record, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """A deal room with every documented field. Access and document groups are not modelled
    yet (every user of the room reads all of it), so both are empty lists."""
    custom = loads(room["custom"])
    return dict(room) | {"custom": custom, "info": [{"type": k, "value": v} for k, v in custom.items()],
                         "documents": documents, "access_groups": [], "document_groups": []}
