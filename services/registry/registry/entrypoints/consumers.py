"""The events the registry consumes, each bound to its contract."""

from common.events.identity import (
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
    UserRegisteredV1,
    UserUpdatedV1,
)
from common.events.offerings import InvestmentSettledV1
from common.messaging.consumer import Handlers
from registry.service import directory, settlement
from registry.service.unit_of_work import RegistryUnitOfWork


async def investment_settled(uow: RegistryUnitOfWork, event: InvestmentSettledV1) -> None:
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
    InvestmentSettledV1: investment_settled,
}
