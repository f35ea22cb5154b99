"""Offerings' events, kept as the small read model payments' decisions need."""

from common.events.offerings import InvestmentFact, InvestmentSettledV1, OfferingFact
from payments.service.unit_of_work import PaymentsUnitOfWork


async def offering_known(uow: PaymentsUnitOfWork, event: OfferingFact) -> None:
    await uow.known.record_offering(uow.network_id, event.offering_id, event.organization_id)


async def investment_known(uow: PaymentsUnitOfWork, event: InvestmentFact) -> None:
    await uow.known.record_investment(uow.network_id, event.investment_id, event.offering_id, event.user_id,
                                      event.investment_amount, isinstance(event, InvestmentSettledV1))
