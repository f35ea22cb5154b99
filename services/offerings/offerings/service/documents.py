"""Documents of every owner; who reads and who adds follows the owner."""

from typing import Any

import asyncpg

from common.errors import DomainError
from common.events.offerings import DocumentAddedV1, DocumentWithdrawnV1
from common.http.principal import Principal
from common.json import wire_form
from common.messaging import EventEnvelope, record_event
from offerings.adapters.db import offerings as offering_rows
from offerings.adapters.db.documents import COLUMNS, WITHDRAWN
from offerings.domain.errors import OfferingsError
from offerings.service import deal_rooms, directory
from offerings.service import investments as investment_service
from offerings.service import offerings as offering_service


async def _offering(conn: asyncpg.Connection, principal: Principal, offering_id: int) -> offering_rows.Offering:
    offering = await offering_rows.by_id(conn, principal.network_id, offering_id)
    if offering is None or not await offering_service.may_view(conn, offering, principal):
        raise OfferingsError.OFFERING_NOT_FOUND.error()
    return offering


async def access(conn: asyncpg.Connection, principal: Principal, owner_object: str, owner_id: int) -> tuple[bool, bool]:
    """(may read, may add) for the owner's documents; raises the owner's 404 when it is unseen."""
    manager = principal.is_admin
    if owner_object == "User":
        allowed = manager or principal.user_id == owner_id
        return allowed, allowed
    if owner_object == "Organization":
        if await directory.organization_name(conn, principal.network_id, owner_id) is None:
            raise OfferingsError.ORGANIZATION_NOT_FOUND.error()  # not in this network
        member = manager or await directory.is_member(conn, owner_id, principal.user_id)
        return member or await directory.organization_is_public(conn, principal.network_id, owner_id), member
    if owner_object == "Offering":
        offering = await _offering(conn, principal, owner_id)
        member = await offering_service.role_of(conn, offering.organization_id, principal) is not None
        return True, member
    if owner_object == "Investment":
        row = await conn.fetchrow(f"SELECT {investment_service.COLUMNS} FROM investments WHERE network_id = $1 AND id = $2",
                                  principal.network_id, owner_id)
        offering = row and await offering_rows.by_id(conn, principal.network_id, row["offering_id"])
        party = bool(row) and (row["user_id"] == principal.user_id or
                               await offering_service.role_of(conn, offering.organization_id, principal) is not None)
        if not party:
            raise OfferingsError.INVESTMENT_NOT_FOUND.error()
        return True, True
    await deal_rooms.entered(conn, principal, owner_id)  # DealRoom
    return True, True


async def add(conn: asyncpg.Connection, principal: Principal, owner_object: str, owner_id: int,
              fields: dict[str, Any]) -> int:
    _, may_add = await access(conn, principal, owner_object, owner_id)
    if not may_add:
        raise OfferingsError.NOT_A_MEMBER.error("Only the owner's members (or the user, for their own) add documents")
    names = list(fields)
    placeholders = ", ".join(f"${i}" for i in range(5, len(names) + 5))
    async with conn.transaction():
        document_id = await conn.fetchval(
            f"INSERT INTO documents (network_id, owner_object, owner_id, user_id{''.join(', ' + n for n in names)}) "
            f"VALUES ($1, $2, $3, $4{', ' + placeholders if names else ''}) RETURNING id",
            principal.network_id, owner_object, owner_id, principal.user_id, *(fields[n] for n in names))
        await _publish(conn, principal, document_id, owner_object, owner_id, "added")
    return document_id


async def _publish(conn: asyncpg.Connection, principal: Principal, document_id: int, owner_object: str,
                   owner_id: int, action: str) -> None:
    row = await conn.fetchrow(f"SELECT {COLUMNS} FROM documents WHERE id = $1", document_id)
    contract = {"added": DocumentAddedV1, "withdrawn": DocumentWithdrawnV1}[action]
    event = contract(document_id=document_id, owner_object=owner_object, owner_id=owner_id,
                     document=wire_form(dict(row)))
    await record_event(conn, EventEnvelope.wrap(event, principal.network, principal.network_id))


async def readable(conn: asyncpg.Connection, principal: Principal, document_id: int) -> asyncpg.Record:
    row = await conn.fetchrow(f"SELECT {COLUMNS} FROM documents WHERE network_id = $1 AND id = $2 "
                              f"AND life_cycle_stage <> $3", principal.network_id, document_id, WITHDRAWN)
    try:
        may_read = row is not None and (await access(conn, principal, row["owner_object"], row["owner_id"]))[0]
    except DomainError:
        may_read = False
    if not may_read:
        raise OfferingsError.DOCUMENT_NOT_FOUND.error()
    return row


async def withdraw(conn: asyncpg.Connection, principal: Principal, document_id: int) -> None:
    async with conn.transaction():
        row = await readable(conn, principal, document_id)
        _, may_change = await access(conn, principal, row["owner_object"], row["owner_id"])
        if not (may_change or row["user_id"] == principal.user_id):
            raise OfferingsError.NOT_A_MEMBER.error("Only who may add the owner's documents withdraws them")
        await conn.execute("UPDATE documents SET life_cycle_stage = $2, updated_at = now() WHERE id = $1",
                           document_id, WITHDRAWN)
        await _publish(conn, principal, document_id, row["owner_object"], row["owner_id"], "withdrawn")
