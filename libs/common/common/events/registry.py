"""Events the registry context publishes: one contract per fact about a capitalization, so payments
and offerings can follow holdings."""

from decimal import Decimal

from common.messaging.envelope import IntegrationEvent


class CapitalizationFact(IntegrationEvent):
    """The capitalization as it is after the fact."""

    capitalization_id: int
    organization_id: int
    owner_id: int | None
    capitalization_type: int
    life_cycle_stage: int
    number_of_shares: int
    price_per_share: Decimal


class CapitalizationCreatedV1(CapitalizationFact):
    pass


class CapitalizationUpdatedV1(CapitalizationFact):
    fields: list[str]  # the fields the change touched


class CapitalizationSplitV1(CapitalizationFact):
    """The capitalization (now Distributed, 0 shares) was split into ``children``."""

    children: list[int]


class CapitalizationMergedV1(CapitalizationFact):
    """``parents`` (now Distributed, 0 shares) were merged into this capitalization."""

    parents: list[int]


class CapitalizationIssuedV1(CapitalizationFact):
    """Shares issued to an investor on an investment's settlement, taken from ``source_id``."""

    source_id: int
    investment_id: int
    offering_id: int
    is_secondary_offering: bool = False
