"""Offerings: the aggregate, the life-cycle state machine, who sees which stage, who changes
which term, the figures."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from typing import Any

from common.errors import PlatformError
from common.money import CENT, exact_cents
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


def role(is_admin: bool, is_member: bool) -> str | None:
    """An admin, a member of the offering's organization, or nobody who may change it."""
    return ADMIN if is_admin else MEMBER if is_member else None


def stages_seen(is_vip: bool) -> tuple[Stage, ...]:
    """The stages a user sees in offerings of organizations they are no member of."""
    return VIP_STAGES if is_vip else USER_STAGES


def featured_stages_seen(is_vip: bool) -> tuple[Stage, ...]:
    """The featured stages a caller sees without being a member: Restricted ones only as a VIP."""
    return tuple(stage for stage in FEATURED_STAGES if stage != Stage.RESTRICTED or stage in stages_seen(is_vip))


PROFILE_FIELDS = ("additional_type", "capitalization_id", "category", "credit_score", "offering_description",
                  "primary_offering_id")
MONEY_FIELDS = ("funding_goal", "min_commitment", "max_commitment", "max_overfunding_amount", "external_commitments",
                "valuation")
EDITABLE_COLUMNS = frozenset({
    "name", "is_featured", "is_secondary_offering", "funding_goal", "currency", "min_commitment", "max_commitment",
    "max_overfunding_amount", "external_commitments", "valuation", "price_per_share", "num_of_shares",
    "equity_offered", "interest_rate", "term", "open_date", "close_date",
})

# The terms investors rely on (docs/offerings.md has the table): the members' to shape while the
# offering is a Draft, the admins' from Submitted on, and from Closing on only with a kept reason.
TERMS = frozenset({
    "name", "funding_goal", "currency", "min_commitment", "max_commitment", "max_overfunding_amount",
    "external_commitments", "valuation", "price_per_share", "num_of_shares", "equity_offered", "interest_rate",
    "term", "open_date", "close_date", "is_secondary_offering", "primary_offering_id", "capitalization_id",
    "credit_score",
})
REASON_STAGES = (Stage.CLOSING, Stage.SETTLED, Stage.CANCELED)


@dataclass(frozen=True)
class Offering:
    id: int
    network_id: int
    organization_id: int
    user_id: int
    name: str | None
    life_cycle_stage: Stage
    is_featured: bool
    is_secondary_offering: bool
    funding_goal: Decimal
    currency: str | None
    min_commitment: Decimal | None
    max_commitment: Decimal | None
    max_overfunding_amount: Decimal | None
    external_commitments: Decimal
    valuation: Decimal | None
    price_per_share: Decimal | None
    num_of_shares: int | None
    equity_offered: Decimal | None
    interest_rate: Decimal | None
    term: int | None
    open_date: date | None
    close_date: date | None
    profile: dict[str, Any]
    custom: dict[str, Any]
    invested: Decimal
    investment_count: int
    investor_count: int
    published_at: datetime | None
    settled_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def term_changes(self, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The terms ``values`` really change (an unchanged value sent again is no change)."""
        changes = {}
        for name in TERMS & values.keys():
            before = self.profile.get(name) if name in PROFILE_FIELDS else getattr(self, name)
            if values[name] != before:
                changes[name] = {"from": before, "to": values[name]}
        return changes

    @property
    def capitalization_id(self) -> int | None:
        return self.profile.get("capitalization_id")


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


def cents(amount: Decimal, field: str) -> Decimal:
    """``amount`` as money: not negative, at most two decimal places."""
    exact = exact_cents(amount)
    if exact is None:
        raise PlatformError.VALIDATION_FAILED.error(
            fields={field: "Must be an amount of at least 0 with at most two decimal places"})
    return exact


def money_fields(given: dict[str, Any]) -> dict[str, Decimal]:
    """The amounts of money among ``given``, each checked to be cents."""
    return {name: cents(given[name], name) for name in MONEY_FIELDS if given.get(name) is not None}


def figures(funding_goal: Decimal, invested: Decimal, external: Decimal, valuation: Decimal | None) -> dict[str, Any]:
    raised = invested + external
    percent = (raised * 100 / funding_goal).quantize(CENT, ROUND_HALF_UP) if funding_goal else Decimal("0.00")
    ltv = (funding_goal / valuation).quantize(Decimal("0.0001"), ROUND_HALF_UP) if valuation else None
    return {"amount_raised": raised, "raised_percent": percent, "loan_to_value": ltv}
