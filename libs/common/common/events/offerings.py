"""Events the offerings context publishes."""

from decimal import Decimal
from typing import Any

from common.messaging.envelope import IntegrationEvent


class OfferingChangedV1(IntegrationEvent):
    """An offering was created, changed or moved; the envelope's type names the action
    (offerings.offering.created, .submitted, .approved, .published, .settled, .canceled...)."""

    routing_key = "offerings.offering.updated"
    offering_id: int
    organization_id: int
    action: str
    life_cycle_stage: int
    fields: list[str]


class InvestmentChangedV1(IntegrationEvent):
    """An investment was created, changed or moved; the envelope's type names the action
    (offerings.investment.created, .approved, .rejected, .withdrawn, .settled, .updated)."""

    routing_key = "offerings.investment.updated"
    investment_id: int
    offering_id: int
    user_id: int
    investment_amount: Decimal
    life_cycle_stage: int
    action: str


class DocumentChangedV1(IntegrationEvent):
    """A document was added or withdrawn; the envelope's type names the action
    (offerings.document.added, offerings.document.withdrawn)."""

    routing_key = "offerings.document.added"
    document_id: int
    owner_object: str
    owner_id: int
    action: str
    document: dict[str, Any] = {}  # the document's fields as the API shows them
