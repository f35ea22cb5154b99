"""The events the registry consumes, each bound to its contract."""

from common.events.identity import (
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
    UserRegisteredV1,
    UserUpdatedV1,
)
from common.events.offerings import InvestmentSettledV1, OfferingSettledV1
from common.messaging.consumer import Handlers
from registry.service import directory, settlement
from registry.service.unit_of_work import RegistryUnitOfWork


async def offering_settled(uow: RegistryUnitOfWork, event: OfferingSettledV1) -> None:
    """The offering's investments, issued together in the consumer's one transaction."""
    await settlement.issue_offering(uow, [settlement.SettledInvestment(
        investment_id=investment.investment_id, offering_id=event.offering_id, investor_id=investment.user_id,
        amount=investment.investment_amount, number_of_shares=investment.number_of_shares,
        price_per_share=event.price_per_share, capitalization_id=event.capitalization_id,
        organization_id=event.organization_id, is_secondary_offering=event.is_secondary_offering,
        settled_at=event.settled_at) for investment in event.investments])


async def investment_settled(uow: RegistryUnitOfWork, event: InvestmentSettledV1) -> None:
    """An investment settled on its own; one settled with its offering is issued from the offering's event."""
    if event.with_offering:
        return
    await settlement.issue(uow, settlement.SettledInvestment(
        investment_id=event.investment_id, offering_id=event.offering_id, investor_id=event.user_id,
        amount=event.investment_amount, number_of_shares=event.number_of_shares,
        price_per_share=event.price_per_share, capitalization_id=event.capitalization_id,
        organization_id=event.organization_id, is_secondary_offering=event.is_secondary_offering,
        settled_at=event.settled_at))


CONSUMES: Handlers = {
    UserRegisteredV1: directory.user_named,
    UserUpdatedV1: directory.user_named,
    OrganizationCreatedV1: directory.organization_named,
    OrganizationUpdatedV1: directory.organization_named,
    OfferingSettledV1: offering_settled,
    InvestmentSettledV1: investment_settled,
}
