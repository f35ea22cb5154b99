"""Issuance on settlement: each settled investment of an offering that names a capitalization
becomes the investor's capitalization, its shares taken from the offered one (the organization's,
or for a secondary offering the seller's). An investment is issued for once: its issuance row is
claimed first, so a redelivered or duplicated event changes nothing."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import structlog

from common.errors import DomainError
from common.events.registry import CapitalizationIssuedV1
from registry.domain import capitalizations as register
from registry.domain.capitalizations import Operation
from registry.service.capitalizations import fact
from registry.service.unit_of_work import RegistryUnitOfWork

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class SettledInvestment:
    investment_id: int
    offering_id: int
    investor_id: int
    amount: Decimal
    number_of_shares: int | None  # what the investor asked for, if anything
    price_per_share: Decimal | None  # the offering's
    capitalization_id: int | None  # the capitalization on offer
    organization_id: int | None
    is_secondary_offering: bool = False
    settled_at: datetime | None = None


async def issue(uow: RegistryUnitOfWork, settled: SettledInvestment) -> int | None:
    """The investor's new capitalization (None when nothing was issued); the caller commits."""
    if settled.capitalization_id is None or not await uow.issuances.claim(settled.investment_id, settled.offering_id):
        return None
    shares, remainder = register.shares_bought(settled.amount, settled.price_per_share, settled.number_of_shares)
    source = await uow.capitalizations.get(settled.capitalization_id, for_update=True)
    refused = _refusal(settled, source, shares)
    if refused is None:
        try:
            before = source.state()
            child = register.take(source, shares, settled.investor_id, settled.price_per_share or Decimal(0), None)
        except DomainError as error:
            refused = error.developer_message
    if refused is not None:
        # kept, not retried: a refusal is the offering's data, which a retry can not change
        log.warning("issuance_refused", investment_id=settled.investment_id, reason=refused)
        await uow.issuances.record(settled.investment_id, settled.capitalization_id, None, 0, remainder, refused)
        return None
    operation = Operation.TRANSFER if settled.is_secondary_offering else Operation.ISSUE
    await uow.capitalizations.add(child, operation, None)
    await uow.capitalizations.save(source, before, operation, None)
    await uow.issuances.record(settled.investment_id, source.id, child.id, shares, remainder)
    uow.publish(fact(CapitalizationIssuedV1, child, source_id=source.id, investment_id=settled.investment_id,
                     offering_id=settled.offering_id, is_secondary_offering=settled.is_secondary_offering))
    return child.id


def _refusal(settled: SettledInvestment, source: register.Capitalization | None, shares: int) -> str | None:
    if source is None or (settled.organization_id is not None and source.organization_id != settled.organization_id):
        return f"No capitalization {settled.capitalization_id} of the offering's organization"
    if shares <= 0:
        return "The investment buys no whole share"
    return None
