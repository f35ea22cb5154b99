"""Offerings: creation by an organization's members, changes of fields and stage, settlement."""

from datetime import datetime
from typing import Any

from common.errors import PlatformError
from common.events.offerings import (
    OfferingApprovedV1,
    OfferingCanceledV1,
    OfferingClosingV1,
    OfferingCreatedV1,
    OfferingFact,
    OfferingLiveV1,
    OfferingPublishedV1,
    OfferingRejectedV1,
    OfferingRestrictedV1,
    OfferingSettledV1,
    OfferingSubmittedV1,
    OfferingUpdatedV1,
)
from common.http.principal import Principal
from common.lifecycle import stage_change
from offerings.domain.errors import OfferingsError
from offerings.domain.investments import Investment
from offerings.domain.offerings import (
    ADMIN,
    EDITABLE_COLUMNS,
    MOVES,
    PROFILE_FIELDS,
    STAMPS,
    Offering,
    Stage,
    check_terms_change,
    money_fields,
)
from offerings.service.access import role_in, visible_offering
from offerings.service.investments import investment_settled
from offerings.service.unit_of_work import OfferingsUnitOfWork

MOVED: dict[Stage, type[OfferingFact]] = {
    Stage.SUBMITTED: OfferingSubmittedV1, Stage.APPROVED: OfferingApprovedV1, Stage.REJECTED: OfferingRejectedV1,
    Stage.RESTRICTED: OfferingRestrictedV1, Stage.PUBLISHED: OfferingPublishedV1, Stage.LIVE: OfferingLiveV1,
    Stage.CLOSING: OfferingClosingV1, Stage.CANCELED: OfferingCanceledV1,
}


async def create(uow: OfferingsUnitOfWork, principal: Principal, organization_id: int, given: dict[str, Any],
                 now: datetime) -> int:
    """A new Draft offering of the organization, by one of its members or an admin."""
    async with uow:
        if await uow.directory.organization(organization_id) is None:
            raise OfferingsError.ORGANIZATION_NOT_FOUND.error()
        role = await role_in(uow, organization_id, principal)
        if role is None:
            raise OfferingsError.NOT_A_MEMBER.error()
        goal = money_fields(given).get("funding_goal")
        if goal is None:
            raise PlatformError.VALIDATION_FAILED.error(fields={"funding_goal": "This field is required"})
        offering = await uow.offerings.add(organization_id, principal.user_id, goal)
        offering, fields = await _apply(uow, principal, offering, given, role, now)
        uow.publish(OfferingCreatedV1(**_fact(offering, fields)))
        await uow.commit()
    return offering.id


async def update(uow: OfferingsUnitOfWork, principal: Principal, offering_id: int, given: dict[str, Any],
                 now: datetime) -> None:
    """Change the offering's fields and stage; settling it settles its Approved investments."""
    async with uow:
        offering = await visible_offering(uow, principal, offering_id, for_update=True)
        role = await role_in(uow, offering.organization_id, principal)
        if role is None:
            raise OfferingsError.NOT_A_MEMBER.error()
        changed, fields = await _apply(uow, principal, offering, given, role, now)
        if changed.life_cycle_stage == offering.life_cycle_stage:
            uow.publish(OfferingUpdatedV1(**_fact(changed, fields)))
        elif changed.life_cycle_stage == Stage.SETTLED:
            _settled(uow, changed, fields, await uow.investments.settle_approved(offering.id, now))
        else:
            uow.publish(MOVED[changed.life_cycle_stage](**_fact(changed, fields)))
        await uow.commit()


async def cancel(uow: OfferingsUnitOfWork, principal: Principal, offering_id: int, now: datetime) -> None:
    await update(uow, principal, offering_id, {"life_cycle_stage": Stage.CANCELED}, now)


async def _apply(uow: OfferingsUnitOfWork, principal: Principal, offering: Offering, given: dict[str, Any],
                 role: str, now: datetime) -> tuple[Offering, list[str]]:
    """The offering after the change, and the fields the change was given."""
    reason = given.get("change_reason")
    given = {name: value for name, value in given.items() if name != "change_reason"}
    if given.get("is_featured", offering.is_featured) != offering.is_featured and role != ADMIN:
        raise OfferingsError.FEATURING_FORBIDDEN.error()
    columns = {name: value for name, value in given.items() if name in EDITABLE_COLUMNS} | money_fields(given)
    profile = {name: given[name] for name in PROFILE_FIELDS if name in given}
    changes = offering.term_changes(columns | profile)
    recorded = check_terms_change(offering.life_cycle_stage, role, set(changes), reason)
    columns |= stage_change(MOVES, STAMPS, offering.life_cycle_stage, given.get("life_cycle_stage"), role, now,
                            OfferingsError.ILLEGAL_STAGE_CHANGE, OfferingsError.STAGE_CHANGE_FORBIDDEN)
    changed = await uow.offerings.update(offering.id, columns, profile, given.get("custom") or {})
    if recorded:
        await uow.offerings.add_history(offering, principal.user_id, changes, reason)
    return changed, sorted(given)


def _fact(offering: Offering, fields: list[str]) -> dict[str, Any]:
    return {"offering_id": offering.id, "organization_id": offering.organization_id,
            "life_cycle_stage": offering.life_cycle_stage, "fields": fields}


def _settled(uow: OfferingsUnitOfWork, offering: Offering, fields: list[str], investments: list[Investment]) -> None:
    """The offering's settlement, and each investment that settled with it."""
    uow.publish(OfferingSettledV1(
        **_fact(offering, fields), currency=offering.currency, price_per_share=offering.price_per_share,
        num_of_shares=offering.num_of_shares, capitalization_id=offering.capitalization_id,
        is_secondary_offering=offering.is_secondary_offering, amount_raised=offering.invested + offering.external_commitments,
        settled_at=offering.settled_at, settled_investment_ids=[investment.id for investment in investments]))
    for investment in investments:
        uow.publish(investment_settled(investment, offering))
