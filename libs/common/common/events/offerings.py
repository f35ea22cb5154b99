"""Events the offerings context publishes: one contract per fact."""

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
    """The offering settled; its Approved investments settled with it (one InvestmentSettledV1 each)."""


class OfferingCanceledV1(OfferingFact):
    pass


class InvestmentFact(IntegrationEvent):
    """What every investment event carries: the investment as it is after the fact."""

    investment_id: int
    offering_id: int
    user_id: int
    investment_amount: Decimal
    life_cycle_stage: int


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
    pass


class DocumentFact(IntegrationEvent):
    document_id: int
    owner_object: str
    owner_id: int
    document: dict[str, Any] = {}  # the document's fields as the API shows them


class DocumentAddedV1(DocumentFact):
    pass


class DocumentWithdrawnV1(DocumentFact):
    pass
