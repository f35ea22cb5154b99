"""Who sees an offering and who changes it: the organization's members and the network's
admins see every stage and change it; others see the stages their kind of user sees."""

from collections.abc import Sequence
from typing import Any

from common.http.principal import Principal
from offerings.adapters.db.queries import OfferingScope
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import Offering, Stage, role, stages_seen
from offerings.service.unit_of_work import OfferingsUnitOfWork


async def role_in(uow: OfferingsUnitOfWork, organization_id: int, principal: Principal) -> str | None:
    is_member = not principal.is_admin and await uow.directory.is_member(organization_id, principal.user_id)
    return role(principal.is_admin, is_member)


async def manages(uow: OfferingsUnitOfWork, principal: Principal, offering: Offering) -> bool:
    """The organization's members and admins: they see the offering at every stage, and its investors."""
    return await role_in(uow, offering.organization_id, principal) is not None


async def may_view(uow: OfferingsUnitOfWork, principal: Principal, offering: Offering) -> bool:
    return offering.life_cycle_stage in stages_seen(principal.is_vip) or await manages(uow, principal, offering)


async def visible_offering(uow: OfferingsUnitOfWork, principal: Principal, offering_id: int,
                           for_update: bool = False) -> Offering:
    """The offering if the caller sees it (locked with ``for_update``); else the 404 of one that does not exist."""
    offering = await uow.offerings.get(offering_id, for_update)
    if offering is None or not await may_view(uow, principal, offering):
        raise OfferingsError.OFFERING_NOT_FOUND.error()
    return offering


def seen_by(principal: Principal, seen: Sequence[Stage] | None = None, **filters: Any) -> OfferingScope:
    """A list's offerings as the caller sees them: every one for admins; for others those in the
    ``seen`` stages (by default the ones their kind of user sees) and every stage of their
    organizations' offerings."""
    if principal.is_admin:
        return OfferingScope(**filters)
    return OfferingScope(seen=stages_seen(principal.is_vip) if seen is None else seen,
                         viewer_id=principal.user_id or 0, **filters)
