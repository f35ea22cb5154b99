"""Events the offerings context publishes: one contract per fact."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from common.messaging.envelope import IntegrationEvent


class OfferingFact(IntegrationEvent):
    """What every offering event carries: the offering as it is after the fact."""

    offering_id: int
    organization_id: int
    life_cycle_stage: int
    fields: list[str]  # the fields the change touched


class OfferingCreatedV1(OfferingFact):
    pass


class OfferingUpdatedV1(OfferingFact):
    """Fields changed without a move of stage."""


class OfferingSubmittedV1(OfferingFact):
    pass


class OfferingApprovedV1(OfferingFact):
    pass


class OfferingRejectedV1(OfferingFact):
    pass


class OfferingRestrictedV1(OfferingFact):
    pass


class OfferingPublishedV1(OfferingFact):
    pass


class OfferingLiveV1(OfferingFact):
    """The offering went live: investments may be made."""


class OfferingClosingV1(OfferingFact):
    pass


class OfferingSettledV1(OfferingFact):
    """The offering settled; its Approved investments settled with it (one InvestmentSettledV1
    each, published after this one), with the terms the register issues shares on."""

    currency: str | None = None
    price_per_share: Decimal | None = None
    num_of_shares: int | None = None  # the shares on offer
    capitalization_id: int | None = None  # the capitalization whose shares are on offer
    is_secondary_offering: bool = False  # the shares move from the seller's capitalization
    amount_raised: Decimal | None = None
    settled_at: datetime | None = None
    settled_investment_ids: list[int] = []  # the investments that settled with it


class OfferingCanceledV1(OfferingFact):
    pass


class InvestmentFact(IntegrationEvent):
    """What every investment event carries: the investment as it is after the fact."""

    investment_id: int
    offering_id: int
    user_id: int
    investment_amount: Decimal
    life_cycle_stage: int
    number_of_shares: int | None = None  # the shares the investor asked for, if any


class InvestmentCreatedV1(InvestmentFact):
    pass


class InvestmentUpdatedV1(InvestmentFact):
    """The amount or other fields changed without a move of stage."""


class InvestmentApprovedV1(InvestmentFact):
    pass


class InvestmentRejectedV1(InvestmentFact):
    pass


class InvestmentWithdrawnV1(InvestmentFact):
    pass


class InvestmentSettledV1(InvestmentFact):
    """The investment settled, on its own or with its offering: what the register issues from
    (the investment's shares, or its amount at the offering's price per share)."""

    organization_id: int | None = None
    currency: str | None = None
    price_per_share: Decimal | None = None  # the offering's
    capitalization_id: int | None = None  # the offering's: the capitalization whose shares are on offer
    is_secondary_offering: bool = False
    settled_at: datetime | None = None


class DocumentFact(IntegrationEvent):
    document_id: int
    owner_object: str
    owner_id: int
    document: dict[str, Any] = {}  # the document's fields as the API shows them


class DocumentAddedV1(DocumentFact):
    pass


class DocumentWithdrawnV1(DocumentFact):
    pass
