"""A holder's portfolio: per acquisition (a capitalization of theirs whose parent is not theirs),
the figures the document defines, from the acquisition and its descendants.

- number_of_shares: the shares still held from the acquisition (it and every descendant of the
  holder's that is still a holding);
- investment_cost: price_per_share_at_acquisition x number_of_shares_at_acquisition;
- sales: each descendant another holder acquired from it (a sale on the secondary market):
  sales_proceeds = its price_per_share_at_acquisition x number_of_shares_at_acquisition (what the
  buyer paid), investment_cost = the acquisition's price_per_share_at_acquisition x the shares sold,
  capital_gains = sales_proceeds - investment_cost - transaction_cost; the entry's sales_proceeds and
  capital_gains_realised are their sums;
- offered / held: the holder's descendants that are Offered / Issued holdings: their shares at
  their current price, investment_cost at the acquisition's price, no proceeds, no gains;
- dividends_received: the dividends paid out on the acquisition (payments' payouts; 0 until then).

``start_date`` / ``end_date`` keep acquisitions made by the end date and sales made in the range
(a tax year's statement); what is offered and held is shown as it is now.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from registry.domain.capitalizations import Capitalization, Stage

ZERO = Decimal(0)


@dataclass(frozen=True)
class Line:
    sale_date: datetime
    number_of_shares: int
    price_per_share: Decimal
    sales_proceeds: Decimal
    investment_cost: Decimal
    transaction_cost: Decimal
    capital_gains: Decimal

    def view(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _in_range(moment: datetime, start: date | None, end: date | None) -> bool:
    return (start is None or moment.date() >= start) and (end is None or moment.date() <= end)


def sale(acquisition: Capitalization, sold: Capitalization) -> Line:
    proceeds = sold.price_per_share_at_acquisition * sold.number_of_shares_at_acquisition
    cost = acquisition.price_per_share_at_acquisition * sold.number_of_shares_at_acquisition
    return Line(sold.created_at, sold.number_of_shares_at_acquisition, sold.price_per_share_at_acquisition, proceeds,
                cost, sold.transaction_cost, proceeds - cost - sold.transaction_cost)


def batch(acquisition: Capitalization, part: Capitalization) -> Line:
    """Shares of the holder's on offer or kept: nothing realised yet."""
    return Line(part.created_at, part.number_of_shares, part.price_per_share, ZERO,
                acquisition.price_per_share_at_acquisition * part.number_of_shares, part.transaction_cost, ZERO)


def entry(acquisition: Capitalization, descendants: list[Capitalization], name: str, dividends: Decimal = ZERO,
          start: date | None = None, end: date | None = None) -> dict[str, Any]:
    holder = acquisition.owner_id
    own = [cap for cap in descendants if cap.owner_id == holder]
    sales = [sale(acquisition, cap) for cap in descendants
             if cap.owner_id != holder and _in_range(cap.created_at, start, end)]
    return {
        "capitalization_id": acquisition.id,
        "organization_id": acquisition.organization_id,
        "name": name,
        "acquisition_date": acquisition.created_at,
        "number_of_shares": sum(cap.number_of_shares for cap in (acquisition, *own) if cap.is_holding),
        "dividends_received": dividends,
        "sales_proceeds": sum((line.sales_proceeds for line in sales), ZERO),
        "investment_cost": acquisition.price_per_share_at_acquisition * acquisition.number_of_shares_at_acquisition,
        "transaction_cost": acquisition.transaction_cost,
        "capital_gains_realised": sum((line.capital_gains for line in sales), ZERO),
        "sales": [line.view() for line in sales],
        "offered": [batch(acquisition, cap).view() for cap in own
                    if cap.is_holding and cap.life_cycle_stage == Stage.OFFERED],
        "held": [batch(acquisition, cap).view() for cap in own
                 if cap.is_holding and cap.life_cycle_stage == Stage.ISSUED],
    }


def portfolio(trees: list[tuple[Capitalization, list[Capitalization]]], names: dict[int, str],
              start: date | None = None, end: date | None = None) -> list[dict[str, Any]]:
    """One entry per acquisition (with its descendants), those acquired after ``end`` left out."""
    return [entry(acquisition, descendants, names.get(acquisition.organization_id, ""), start=start, end=end)
            for acquisition, descendants in trees if end is None or acquisition.created_at.date() <= end]
