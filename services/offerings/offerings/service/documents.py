"""Documents of every owner; who reads and who adds follows the owner."""

from typing import Any

from common.errors import DomainError
from common.events.offerings import DocumentAddedV1, DocumentWithdrawnV1
from common.http.principal import Principal
from common.json import wire_form
from offerings.domain.documents import DEAL_ROOM, INVESTMENT, OFFERING, ORGANIZATION, USER
from offerings.domain.errors import OfferingsError
from offerings.service import deal_rooms
from offerings.service.access import role_in, visible_offering
from offerings.service.unit_of_work import OfferingsUnitOfWork


async def access(uow: OfferingsUnitOfWork, principal: Principal, owner_object: str, owner_id: int) -> tuple[bool, bool]:
    """(may read, may add) for the owner's documents; raises the owner's 404 when it is unseen."""
    if owner_object == USER:
        allowed = principal.is_admin or principal.user_id == owner_id
        return allowed, allowed
    if owner_object == ORGANIZATION:
        organization = await uow.directory.organization(owner_id)
        if organization is None:
            raise OfferingsError.ORGANIZATION_NOT_FOUND.error()  # not in this network
        member = await role_in(uow, owner_id, principal) is not None
        return member or organization.is_public, member
    if owner_object == OFFERING:
        offering = await visible_offering(uow, principal, owner_id)
        return True, await role_in(uow, offering.organization_id, principal) is not None
    if owner_object == INVESTMENT:
        investment = await uow.investments.get(owner_id)
        offering = investment and await uow.offerings.get(investment.offering_id)
        party = bool(investment) and (investment.user_id == principal.user_id or
                                      await role_in(uow, offering.organization_id, principal) is not None)
        if not party:
            raise OfferingsError.INVESTMENT_NOT_FOUND.error()
        return True, True
    if owner_object == DEAL_ROOM:
        await deal_rooms.entered(uow, principal, owner_id)
        return True, True
    raise ValueError(f"no documents are kept for {owner_object}")


async def readable_owner(uow: OfferingsUnitOfWork, principal: Principal, owner_object: str, owner_id: int) -> None:
    may_read, _ = await access(uow, principal, owner_object, owner_id)
    if not may_read:
        raise OfferingsError.DOCUMENT_NOT_FOUND.error("The owner's documents are not readable by the caller")


async def add(uow: OfferingsUnitOfWork, principal: Principal, owner_object: str, owner_id: int,
              given: dict[str, Any]) -> int:
    async with uow:
        _, may_add = await access(uow, principal, owner_object, owner_id)
        if not may_add:
            raise OfferingsError.NOT_A_MEMBER.error("Only the owner's members (or the user, for their own) add documents")
        document = await uow.documents.add(owner_object, owner_id, principal.user_id, given)
        uow.publish(DocumentAddedV1(**_fact(document)))
        await uow.commit()
    return document["id"]


async def readable(uow: OfferingsUnitOfWork, principal: Principal, document_id: int) -> dict[str, Any]:
    """The document if the caller may read its owner's documents; else the 404 of one that does not exist."""
    document = await uow.documents.get(document_id)
    try:
        may_read = document is not None and (await access(uow, principal, document["owner_object"],
                                                          document["owner_id"]))[0]
    except DomainError:
        may_read = False
    if not may_read:
        raise OfferingsError.DOCUMENT_NOT_FOUND.error()
    return document


async def withdraw(uow: OfferingsUnitOfWork, principal: Principal, document_id: int) -> None:
    async with uow:
        document = await readable(uow, principal, document_id)
        _, may_change = await access(uow, principal, document["owner_object"], document["owner_id"])
        if not (may_change or document["user_id"] == principal.user_id):
            raise OfferingsError.NOT_A_MEMBER.error("Only who may add the owner's documents withdraws them")
        uow.publish(DocumentWithdrawnV1(**_fact(await uow.documents.withdraw(document_id))))
        await uow.commit()


def _fact(document: dict[str, Any]) -> dict[str, Any]:
    return {"document_id": document["id"], "owner_object": document["owner_object"], "owner_id": document["owner_id"],
            "document": wire_form(document)}
