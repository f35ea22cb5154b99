"""Offerings' events, kept as the small read model payments' decisions need."""

from common.events.offerings import InvestmentFact, OfferingFact
from payments.service.unit_of_work import PaymentsUnitOfWork


async def offering_known(uow: PaymentsUnitOfWork, event: OfferingFact) -> None:
    await uow.known.record_offering(uow.network_id, event.offering_id, event.organization_id)


async def offering_settled(uow: PaymentsUnitOfWork, event: OfferingFact) -> None:
    await offering_known(uow, event)
    await uow.known.settle_approved(uow.network_id, event.offering_id)


async def investment_known(uow: PaymentsUnitOfWork, event: InvestmentFact) -> None:
    """Any investment fact: a settled investment stays settled (the read model's rule)."""
    await uow.known.record_investment(uow.network_id, event.investment_id, event.offering_id, event.user_id,
                                      event.investment_amount, event.life_cycle_stage)
