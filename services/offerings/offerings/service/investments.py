"""Investments: creation under the offering's rules, changes and stage moves, kept figures.
Every change holds the offering's row lock, so its rules hold under concurrency."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from common.events.offerings import (
    InvestmentApprovedV1,
    InvestmentCreatedV1,
    InvestmentFact,
    InvestmentRejectedV1,
    InvestmentSettledV1,
    InvestmentUpdatedV1,
    InvestmentWithdrawnV1,
)
from common.http.principal import Principal
from offerings.domain.directory import check_not_blocked, check_onboarded
from offerings.domain.errors import OfferingsError
from offerings.domain.investments import (
    COUNTED,
    INVESTOR,
    LIVE,
    MANAGER,
    Investment,
    InvestmentStage,
    check_amount,
    check_approvable,
    check_fields_change,
    check_move,
    check_open,
    check_overfunding,
    first_stage,
    new_investors,
    visible_to_others,
)
from offerings.domain.offerings import Offering, cents
from offerings.service.access import manages, may_view, visible_offering
from offerings.service.unit_of_work import OfferingsUnitOfWork

MOVED: dict[InvestmentStage, type[InvestmentFact]] = {
    InvestmentStage.APPROVED: InvestmentApprovedV1, InvestmentStage.REJECTED: InvestmentRejectedV1,
    InvestmentStage.WITHDRAWN: InvestmentWithdrawnV1,
}


async def create(uow: OfferingsUnitOfWork, principal: Principal, offering_id: int, given: dict[str, Any],
                 today: date) -> int:
    stage = first_stage(given.get("life_cycle_stage"))
    amount = cents(given.get("investment_amount") or Decimal(0), "investment_amount")
    async with uow:
        investor = await uow.directory.user(principal.user_id)
        check_not_blocked(investor, today)
        settings = await uow.directory.network_settings()
        check_onboarded(investor, settings.get("investment_requirements", []))
        if not settings.get("auto_approve_investments", True):
            stage = InvestmentStage.OPEN  # the network approves investments itself
        offering = await visible_offering(uow, principal, offering_id, for_update=True)  # one at a time
        check_open(offering.life_cycle_stage, principal.is_vip, today, offering.open_date, offering.close_date)
        check_amount(amount, await uow.investments.committed(offering.id, LIVE, principal.user_id),
                     offering.min_commitment, offering.max_commitment)
        await _check_submission_fits(uow, offering, amount)
        if stage in COUNTED:
            check_approvable(offering.life_cycle_stage, amount)
            check_overfunding(offering.invested + offering.external_commitments, amount, offering.max_overfunding_amount)
        investment = await uow.investments.add(offering.id, principal.user_id, amount, stage, given)
        if stage in COUNTED:
            await _count(uow, investment, 1)
        uow.publish(InvestmentCreatedV1(**_fact(investment)))
        await uow.commit()
    return investment.id


async def change(uow: OfferingsUnitOfWork, principal: Principal, investment_id: int, given: dict[str, Any],
                 now: datetime) -> None:
    """The investor changes an Open investment and withdraws it; managers approve, reject and settle."""
    async with uow:
        found = await uow.investments.get(investment_id)
        if found is None:
            raise OfferingsError.INVESTMENT_NOT_FOUND.error()
        offering = await uow.offerings.get(found.offering_id, for_update=True)  # the offering's lock first
        investment = await uow.investments.get(investment_id, for_update=True)
        role = await _role(uow, principal, offering, investment)
        if role is None and not await may_see(uow, principal, offering, investment):
            raise OfferingsError.INVESTMENT_NOT_FOUND.error()
        if role is None:
            raise OfferingsError.INVESTMENT_CHANGE_FORBIDDEN.error()
        investment = await _change_fields(uow, principal, offering, investment, given, role, now.date())
        target = given.get("life_cycle_stage")
        if target is None or target == investment.life_cycle_stage:
            uow.publish(InvestmentUpdatedV1(**_fact(investment)))
        else:
            investment = await _move(uow, offering, investment, target, role, now)
            settled = target == InvestmentStage.SETTLED
            uow.publish(investment_settled(investment, offering) if settled else MOVED[target](**_fact(investment)))
        await uow.commit()


async def may_see(uow: OfferingsUnitOfWork, principal: Principal, offering: Offering, investment: Investment) -> bool:
    """The parties to the investment (the investor, the organization's members, admins); others
    its Approved or Settled ones that are not Hidden, in offerings they see."""
    if await is_party(uow, principal, offering, investment):
        return True
    return visible_to_others(investment) and await may_view(uow, principal, offering)


async def is_party(uow: OfferingsUnitOfWork, principal: Principal, offering: Offering, investment: Investment) -> bool:
    return investment.user_id == principal.user_id or await manages(uow, principal, offering)


def investment_settled(investment: Investment, offering: Offering) -> InvestmentSettledV1:
    """What the register issues shares from: the investment, and its offering's terms."""
    return InvestmentSettledV1(
        **_fact(investment), organization_id=offering.organization_id, currency=offering.currency,
        price_per_share=offering.price_per_share, capitalization_id=offering.capitalization_id,
        is_secondary_offering=offering.is_secondary_offering, settled_at=investment.settled_at)


def _fact(investment: Investment) -> dict[str, Any]:
    return {"investment_id": investment.id, "offering_id": investment.offering_id, "user_id": investment.user_id,
            "investment_amount": investment.investment_amount, "life_cycle_stage": investment.life_cycle_stage,
            "number_of_shares": investment.number_of_shares}


async def _role(uow: OfferingsUnitOfWork, principal: Principal, offering: Offering, investment: Investment) -> str | None:
    if await manages(uow, principal, offering):
        return MANAGER
    return INVESTOR if investment.user_id == principal.user_id else None


async def _check_submission_fits(uow: OfferingsUnitOfWork, offering: Offering, amount: Decimal,
                                 leave_out: int = 0) -> None:
    """The cap stops new investments being submitted: every live one counts, so all of them can be approved."""
    submitted = await uow.investments.committed(offering.id, LIVE, leave_out=leave_out)
    check_overfunding(submitted + offering.external_commitments, amount, offering.max_overfunding_amount,
                      "submitted investments")


async def _count(uow: OfferingsUnitOfWork, investment: Investment, direction: int) -> None:
    """Add (direction 1) or take away (-1) one counted investment in the offering's figures."""
    amount = investment.investment_amount
    if amount <= 0:
        return  # never counted: only an amount is approved (earlier zero approvals were recounted out)
    counted = await uow.investments.count_investor(investment.offering_id, investment.user_id, direction)
    await uow.offerings.add_to_figures(investment.offering_id, amount * direction, direction,
                                       new_investors(direction, counted))


async def _change_fields(uow: OfferingsUnitOfWork, principal: Principal, offering: Offering, investment: Investment,
                         given: dict[str, Any], role: str, today: date) -> Investment:
    columns = {name: value for name, value in given.items() if name not in ("life_cycle_stage", "custom")}
    if not columns and "custom" not in given:
        return investment
    check_fields_change(role, investment.life_cycle_stage)
    if "investment_amount" in columns:  # a new amount is a new commitment: the offering must still take it
        check_not_blocked(await uow.directory.user(principal.user_id), today)
        check_open(offering.life_cycle_stage, principal.is_vip, today, offering.open_date, offering.close_date)
        amount = columns["investment_amount"] = cents(columns["investment_amount"], "investment_amount")
        total = await uow.investments.committed(offering.id, LIVE, investment.user_id, leave_out=investment.id)
        check_amount(amount, total, offering.min_commitment, offering.max_commitment)
        if amount > investment.investment_amount:  # a smaller commitment always fits
            await _check_submission_fits(uow, offering, amount, leave_out=investment.id)
    return await uow.investments.update(investment.id, columns, given.get("custom") or {})


async def _move(uow: OfferingsUnitOfWork, offering: Offering, investment: Investment, target: InvestmentStage,
                role: str, now: datetime) -> Investment:
    current = investment.life_cycle_stage
    check_move(current, target, role)
    if target in COUNTED and current not in COUNTED:
        check_approvable(offering.life_cycle_stage, investment.investment_amount)
        total = await uow.investments.committed(offering.id, LIVE, investment.user_id, leave_out=investment.id)
        check_amount(investment.investment_amount, total, offering.min_commitment, offering.max_commitment)
        check_overfunding(offering.invested + offering.external_commitments, investment.investment_amount,
                          offering.max_overfunding_amount)  # as the offering stands now
        await _count(uow, investment, 1)
    if current in COUNTED and target not in COUNTED:
        await _count(uow, investment, -1)
    return await uow.investments.move(investment.id, target, now)
