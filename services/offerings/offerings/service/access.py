"""Who sees an offering and who changes it: the organization's members and the network's
admins see every stage and change it; others see the stages their kind of user sees.
Membership, an organization's existence and a user's standing are identity's: asked of it
(``uow.identity``) at the moment of the decision, never of the directory its events feed."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from common.errors import DomainError
from common.http.principal import Principal
from common.identity_facts import OrganizationFacts, UserFacts
from offerings.adapters.db.queries import OfferingScope
from offerings.domain.directory import ONBOARDING_FLAGS, KnownUser
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import Offering, Stage, role, stages_seen
from offerings.service.unit_of_work import OfferingsUnitOfWork


async def role_in(uow: OfferingsUnitOfWork, organization_id: int, principal: Principal) -> str | None:
    if principal.is_admin or principal.user_id is None:
        return role(principal.is_admin, False)
    return role(False, is_member(await organization(uow, principal, organization_id)))


async def organization(uow: OfferingsUnitOfWork, principal: Principal, organization_id: int) -> OrganizationFacts | None:
    """The organization as identity has it now, with the caller's membership; None when the network has none such."""
    return (await uow.identity.facts(principal.user_id, organization_id)).organization


def is_member(organization: OrganizationFacts | None) -> bool:
    return organization is not None and organization.member_type is not None


async def standing(uow: OfferingsUnitOfWork, principal: Principal) -> tuple[KnownUser, dict[str, Any]]:
    """The caller's block and onboarding steps, and the network's settings, as identity has them now."""
    facts = await uow.identity.facts(principal.user_id)
    return known_user(facts.user), facts.settings


def known_user(user: UserFacts | None) -> KnownUser:
    """Identity's user as offerings' rules read it (no such user: not blocked, no step passed)."""
    if user is None:
        return KnownUser()
    return KnownUser(user.blocked, user.blocked_until, frozenset(flag for flag in ONBOARDING_FLAGS if getattr(user, flag)))


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


@contextmanager
def unseen_as(not_found: OfferingsError) -> Iterator[None]:
    """A refusal inside answered as ``not_found``, unless the decision could not be made at all
    (identity unreachable: a 503 stays a 503, never a wrong 404)."""
    try:
        yield
    except DomainError as error:
        if error.status >= 500:
            raise
        raise not_found.error() from None


def seen_by(principal: Principal, seen: Sequence[Stage] | None = None, **filters: Any) -> OfferingScope:
    """A list's offerings as the caller sees them: every one for admins; for others those in the
    ``seen`` stages (by default the ones their kind of user sees) and every stage of their
    organizations' offerings."""
    if principal.is_admin:
        return OfferingScope(**filters)
    return OfferingScope(seen=stages_seen(principal.is_vip) if seen is None else seen,
                         viewer_id=principal.user_id or 0, **filters)
