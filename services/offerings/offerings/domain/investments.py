"""Investments: the aggregate, its stages, who may move them, and the offering's investment rules."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from typing import Any

from common.vocabulary import Visibility
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import Stage


class InvestmentStage(IntEnum):
    OPEN = 0
    REJECTED = 1
    APPROVED = 2
    WITHDRAWN = 3
    SETTLED = 4


COUNTED = (InvestmentStage.APPROVED, InvestmentStage.SETTLED)  # towards amount_raised
# towards a user's total and the offering's cap; with an amount, they open the deal room
LIVE = (InvestmentStage.OPEN, InvestmentStage.APPROVED, InvestmentStage.SETTLED)
NEW_STAGES = (InvestmentStage.OPEN, InvestmentStage.APPROVED)
INVESTOR, MANAGER = "investor", "manager"  # manager: the organization's members and admins
MOVES: dict[tuple[InvestmentStage, InvestmentStage], str] = {
    (InvestmentStage.OPEN, InvestmentStage.APPROVED): MANAGER,
    (InvestmentStage.OPEN, InvestmentStage.REJECTED): MANAGER,
    (InvestmentStage.APPROVED, InvestmentStage.SETTLED): MANAGER,
    (InvestmentStage.OPEN, InvestmentStage.WITHDRAWN): INVESTOR,
    (InvestmentStage.APPROVED, InvestmentStage.WITHDRAWN): INVESTOR,
}
OPEN_FOR_INVESTMENT = (Stage.PUBLISHED, Stage.LIVE)
FINAL_STAGES = (Stage.SETTLED, Stage.CANCELED)
CHANGEABLE_FIELDS = frozenset({"investment_amount", "number_of_shares", "interest_rate", "term", "visibility"})


@dataclass(frozen=True)
class Investment:
    id: int
    network_id: int
    offering_id: int
    user_id: int
    investment_amount: Decimal
    number_of_shares: int | None
    interest_rate: Decimal | None
    term: int | None
    visibility: Visibility
    life_cycle_stage: InvestmentStage
    custom: dict[str, Any]
    settled_at: datetime | None
    created_at: datetime
    updated_at: datetime


def first_stage(requested: InvestmentStage | None) -> InvestmentStage:
    """A new investment is Open, or Approved when asked (and the network approves automatically)."""
    stage = requested if requested is not None else InvestmentStage.OPEN
    if stage not in NEW_STAGES:
        raise OfferingsError.ILLEGAL_INVESTMENT_STAGE.error("A new investment is Open (0) or Approved (2)")
    return stage


def check_open(stage: Stage, is_vip: bool, today: date, open_date: date | None, close_date: date | None) -> None:
    if stage not in OPEN_FOR_INVESTMENT and not (stage == Stage.RESTRICTED and is_vip):
        raise OfferingsError.OFFERING_NOT_OPEN.error()
    if open_date and today < open_date:
        raise OfferingsError.BEFORE_OPEN_DATE.error()
    if close_date and today > close_date:
        raise OfferingsError.AFTER_CLOSE_DATE.error()


def check_amount(amount: Decimal, user_total: Decimal, min_commitment: Decimal | None,
                 max_commitment: Decimal | None) -> None:
    """An amount of 0 is an expression of interest; the minimum applies to real amounts."""
    if min_commitment is not None and 0 < amount < min_commitment:
        raise OfferingsError.BELOW_MIN_COMMITMENT.error(
            f"investment_amount {amount} is below min_commitment {min_commitment}")
    if max_commitment is not None and user_total + amount > max_commitment:
        raise OfferingsError.ABOVE_MAX_COMMITMENT.error(
            f"The user's total {user_total + amount} would exceed max_commitment {max_commitment}")


def check_approvable(stage: Stage, amount: Decimal) -> None:
    """Only a positive amount is approved (and so counted), and nothing once the offering is
    Settled or Canceled: its figures are final. The amount rules are checked beside this."""
    if stage in FINAL_STAGES:
        raise OfferingsError.OFFERING_NOT_OPEN.error("A Settled or Canceled offering's investments are final")
    if amount <= 0:
        raise OfferingsError.NO_AMOUNT_TO_APPROVE.error()


def check_overfunding(raised: Decimal, amount: Decimal, cap: Decimal | None, what: str = "amount_raised") -> None:
    if cap is not None and raised + amount > cap:
        raise OfferingsError.OVERFUNDING.error(f"{what} {raised + amount} would exceed max_overfunding_amount {cap}")


def check_fields_change(role: str, stage: InvestmentStage) -> None:
    if role != INVESTOR or stage != InvestmentStage.OPEN:
        raise OfferingsError.INVESTMENT_CHANGE_FORBIDDEN.error("Only the investor changes an investment, while it is Open")


def check_move(current: InvestmentStage, target: InvestmentStage, role: str) -> None:
    allowed = MOVES.get((current, target))
    if allowed is None:
        raise OfferingsError.ILLEGAL_INVESTMENT_STAGE.error(
            f"An investment can not move from {int(current)} to {int(target)}")
    if allowed != role:
        raise OfferingsError.INVESTMENT_CHANGE_FORBIDDEN.error()


def new_investors(direction: int, counted_after: int) -> int:
    """How the offering's investor count changes when one of a user's investments starts
    (``direction`` 1) or stops (-1) counting, given how many of theirs count after it."""
    if direction == 1 and counted_after == 1:
        return 1
    if direction == -1 and counted_after == 0:
        return -1
    return 0


def visible_to_others(investment: Investment) -> bool:
    """Beyond its parties, an Approved or Settled investment that is not Hidden is seen by whoever
    sees its offering."""
    return investment.life_cycle_stage in COUNTED and investment.visibility != Visibility.HIDDEN


def names_investor(visibility: Visibility, party: bool) -> bool:
    """An Anonymous investor is named to the investment's parties only (the investor, the
    offering's managers); an Open or Hidden one to whoever sees the investment."""
    return party or visibility != Visibility.ANONYMOUS
