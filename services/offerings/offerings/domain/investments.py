"""Investments: stages, who may move them, and the offering's investment rules."""

from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict

from common.http.requests import Int32, Int64, NotNull, digits_as_int, null_means
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import Money, Rate, Stage


class InvestmentStage(IntEnum):
    OPEN = 0
    REJECTED = 1
    APPROVED = 2
    WITHDRAWN = 3
    SETTLED = 4


COUNTED = (InvestmentStage.APPROVED, InvestmentStage.SETTLED)  # towards amount_raised
LIVE = (InvestmentStage.OPEN, InvestmentStage.APPROVED, InvestmentStage.SETTLED)  # towards a user's total
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


class InvestmentChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    investment_amount: NotNull[Money] = None
    number_of_shares: Int64 | None = None
    interest_rate: Rate | None = None
    term: Int32 | None = None
    visibility: Annotated[Literal[0, 1, 2] | None, BeforeValidator(digits_as_int), null_means(0)] = None
    life_cycle_stage: NotNull[Annotated[InvestmentStage, BeforeValidator(digits_as_int)]] = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None


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
