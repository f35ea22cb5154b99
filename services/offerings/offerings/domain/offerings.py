"""Offerings: editable fields, the life-cycle state machine, who sees which stage, the figures."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from common.http.errors import PlatformError
from common.http.requests import (
    Flag,
    Int32,
    Int64,
    NotNull,
    digits_as_int,
    null_means,
    plain_decimal,
)
from common.money import CENT, Money, Price
from offerings.domain.errors import OfferingsError


class Stage(IntEnum):
    DRAFT = 0
    SUBMITTED = 1
    REJECTED = 2
    APPROVED = 3
    RESTRICTED = 4
    PUBLISHED = 5
    LIVE = 6
    CLOSING = 7
    SETTLED = 8
    CANCELED = 9


MEMBER, ADMIN = "member", "admin"
_BY_ADMIN = frozenset({ADMIN})
MOVES: dict[tuple[Stage, Stage], frozenset[str]] = {
    (Stage.DRAFT, Stage.SUBMITTED): frozenset({MEMBER, ADMIN}),
    (Stage.SUBMITTED, Stage.APPROVED): _BY_ADMIN,
    (Stage.SUBMITTED, Stage.REJECTED): _BY_ADMIN,
    (Stage.APPROVED, Stage.RESTRICTED): _BY_ADMIN,
    (Stage.APPROVED, Stage.PUBLISHED): _BY_ADMIN,
    (Stage.RESTRICTED, Stage.PUBLISHED): _BY_ADMIN,
    (Stage.PUBLISHED, Stage.LIVE): _BY_ADMIN,
    (Stage.LIVE, Stage.CLOSING): _BY_ADMIN,
    (Stage.CLOSING, Stage.SETTLED): _BY_ADMIN,
} | {(stage, Stage.CANCELED): frozenset({MEMBER, ADMIN})
     for stage in Stage if stage not in (Stage.SETTLED, Stage.CANCELED)}
STAMPS = {Stage.PUBLISHED: "published_at", Stage.SETTLED: "settled_at"}

VIP_STAGES = (Stage.RESTRICTED, Stage.PUBLISHED, Stage.LIVE, Stage.CLOSING, Stage.SETTLED)
USER_STAGES = (Stage.PUBLISHED, Stage.LIVE, Stage.CLOSING, Stage.SETTLED)
PUBLIC_STAGES = (Stage.PUBLISHED, Stage.SETTLED)
FEATURED_STAGES = (Stage.APPROVED, Stage.RESTRICTED, Stage.PUBLISHED)
OTHER_USERS_STAGES = (Stage.PUBLISHED, Stage.CLOSING, Stage.SETTLED)  # /users/{id}/offerings


# what the columns hold: numeric(20,2) and (20,4) for amounts and prices, numeric(9,4) for rates
Rate = Annotated[Decimal, BeforeValidator(plain_decimal), Field(ge=0, lt=100000, decimal_places=4)]
Text = Annotated[str, StringConstraints(max_length=2000)]


class OfferingChange(BaseModel):
    """Every editable field (funding_goal is required on creation only)."""

    model_config = ConfigDict(extra="forbid")

    funding_goal: NotNull[Money] = None
    name: Text | None = None
    life_cycle_stage: NotNull[Annotated[Stage, BeforeValidator(digits_as_int)]] = None
    additional_type: Text | None = None
    capitalization_id: Int64 | None = None
    category: Text | None = None
    close_date: date | None = None
    credit_score: Text | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True)] | None = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None
    equity_offered: Rate | None = None
    external_commitments: Annotated[Money | None, null_means(Decimal(0))] = None
    interest_rate: Rate | None = None
    is_featured: Annotated[Flag | None, null_means(False)] = None
    is_secondary_offering: Annotated[Flag | None, null_means(False)] = None
    max_commitment: Money | None = None
    max_overfunding_amount: Money | None = None
    min_commitment: Money | None = None
    num_of_shares: Int64 | None = None
    offering_description: Annotated[str, StringConstraints(max_length=100000)] | None = None
    open_date: date | None = None
    price_per_share: Price | None = None
    primary_offering_id: Int64 | None = None
    term: Int32 | None = None
    valuation: Money | None = None
    change_reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)] | None = None


PROFILE_FIELDS = ("additional_type", "capitalization_id", "category", "credit_score", "offering_description",
                  "primary_offering_id")
MONEY_FIELDS = ("funding_goal", "min_commitment", "max_commitment", "max_overfunding_amount", "external_commitments",
                "valuation")


# The terms investors rely on (docs/offerings.md has the table): the members' to shape while the
# offering is a Draft, the admins' from Submitted on, and from Closing on only with a kept reason.
TERMS = frozenset({
    "name", "funding_goal", "currency", "min_commitment", "max_commitment", "max_overfunding_amount",
    "external_commitments", "valuation", "price_per_share", "num_of_shares", "equity_offered", "interest_rate",
    "term", "open_date", "close_date", "is_secondary_offering", "primary_offering_id", "capitalization_id",
    "credit_score",
})
REASON_STAGES = (Stage.CLOSING, Stage.SETTLED, Stage.CANCELED)


def check_terms_change(stage: Stage, role: str, changed: set[str], reason: str | None) -> bool:
    """Whether this change of the terms goes into the offering's history; raise when ``role``
    may not make it at this stage, or when a reason comes without anything to keep it with."""
    recorded = bool(changed) and stage != Stage.DRAFT
    if reason is not None and not recorded:
        raise PlatformError.VALIDATION_FAILED.error(
            fields={"change_reason": "Only kept with a change of the terms of a submitted offering"})
    if not recorded:
        return False
    if role != ADMIN:
        raise OfferingsError.TERMS_CHANGE_FORBIDDEN.error(
            fields={name: "Changed by the platform's admins only from Submitted on" for name in sorted(changed)})
    if stage in REASON_STAGES and reason is None:
        raise OfferingsError.CHANGE_REASON_REQUIRED.error(
            fields={"change_reason": "Required to change the terms from Closing on; kept in the offering's history"})
    return True


def figures(funding_goal: Decimal, invested: Decimal, external: Decimal, valuation: Decimal | None) -> dict[str, Any]:
    raised = invested + external
    percent = (raised * 100 / funding_goal).quantize(CENT, ROUND_HALF_UP) if funding_goal else Decimal("0.00")
    ltv = (funding_goal / valuation).quantize(Decimal("0.0001"), ROUND_HALF_UP) if valuation else None
    return {"amount_raised": raised, "raised_percent": percent, "loan_to_value": ltv}
