"""Deal rooms and their forum, and an offering's bulletins: who enters a room, who writes where."""

from typing import Any

from common.errors import DomainError
from common.http.principal import Principal
from offerings.domain.deal_rooms import Room
from offerings.domain.errors import OfferingsError
from offerings.domain.investments import LIVE
from offerings.domain.offerings import Offering
from offerings.service.access import manages, role_in, visible_offering
from offerings.service.unit_of_work import OfferingsUnitOfWork


async def may_enter(uow: OfferingsUnitOfWork, principal: Principal, offering: Offering) -> bool:
    """Its managers, and investors whose live investment has an amount that meets the minimum."""
    if await manages(uow, principal, offering):
        return True
    return await uow.investments.holds(offering.id, principal.user_id or 0, LIVE, offering.min_commitment or 0)


async def entered(uow: OfferingsUnitOfWork, principal: Principal, deal_room_id: int) -> Room:
    """The deal room if the caller may enter it; else the 404 of a room that does not exist."""
    offering_id = await uow.deal_rooms.offering_of_room(deal_room_id)
    offering = offering_id and await uow.offerings.get(offering_id)
    if not offering or not await may_enter(uow, principal, offering):
        raise OfferingsError.DEAL_ROOM_NOT_FOUND.error()
    return Room(deal_room_id, await manages(uow, principal, offering))


async def room_of_topic(uow: OfferingsUnitOfWork, principal: Principal, topic_id: int) -> Room:
    deal_room_id = await uow.deal_rooms.room_of_topic(topic_id)
    if deal_room_id is None:
        raise OfferingsError.TOPIC_NOT_FOUND.error()
    try:
        return await entered(uow, principal, deal_room_id)
    except DomainError:
        raise OfferingsError.TOPIC_NOT_FOUND.error() from None


async def room_of_post(uow: OfferingsUnitOfWork, principal: Principal, post_id: int) -> Room:
    topic_id = await uow.deal_rooms.topic_of_post(post_id)
    if topic_id is None:
        raise OfferingsError.POST_NOT_FOUND.error()
    try:
        return await room_of_topic(uow, principal, topic_id)
    except DomainError:
        raise OfferingsError.POST_NOT_FOUND.error() from None


async def _managed_offering(uow: OfferingsUnitOfWork, principal: Principal, offering_id: int) -> Offering:
    offering = await visible_offering(uow, principal, offering_id)
    if await role_in(uow, offering.organization_id, principal) is None:
        raise OfferingsError.NOT_A_MEMBER.error()
    return offering


async def open_room(uow: OfferingsUnitOfWork, principal: Principal, offering_id: int) -> int:
    async with uow:
        offering = await _managed_offering(uow, principal, offering_id)
        deal_room_id = await uow.deal_rooms.add_room(offering.id)
        await uow.commit()
    return deal_room_id


async def post_bulletin(uow: OfferingsUnitOfWork, principal: Principal, offering_id: int, title: str, body: str) -> int:
    async with uow:
        offering = await _managed_offering(uow, principal, offering_id)
        bulletin_id = await uow.deal_rooms.add_bulletin(offering.id, principal.user_id, title, body)
        await uow.commit()
    return bulletin_id


ROOM_OF = {"topics": entered, "posts": room_of_topic, "comments": room_of_post}


async def write(uow: OfferingsUnitOfWork, principal: Principal, kind: str, owner_id: int,
                entry: dict[str, Any]) -> int:
    """A topic in a room, a post under a topic or a comment under a post, by whoever enters the room."""
    async with uow:
        await ROOM_OF[kind](uow, principal, owner_id)
        entry_id = await uow.deal_rooms.add_entry(kind, owner_id, principal.user_id, entry)
        await uow.commit()
    return entry_id
