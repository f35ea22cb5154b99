"""Events the offerings context publishes."""

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
