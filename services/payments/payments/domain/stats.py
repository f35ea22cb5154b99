"""``GET /self/stats``: the document's formulas over the payouts of the user's settled investments.

total_<kind>_received: the Paid transactions of those payouts of that type, summed.
outstanding_<kind>: those payouts' payout_amount summed, less what was received.
"""

from collections.abc import Iterable
from decimal import Decimal
from enum import IntEnum


class PayoutType(IntEnum):
    """The order the document gives with the parameter and with /self/stats."""

    DIVIDEND = 0
    CAPITAL_GAIN = 1
    LOAN_REPAYMENT = 2


_NAMES = {PayoutType.DIVIDEND: "dividends", PayoutType.CAPITAL_GAIN: "capitalgains",
          PayoutType.LOAN_REPAYMENT: "loanrepayments"}


def investment_stats(payouts: Iterable[tuple[int, Decimal, Decimal]]) -> dict[str, str]:
    """``payouts``: (payout_type, payout_amount, sum of its Paid transactions) per payout."""
    scheduled = dict.fromkeys(PayoutType, Decimal("0.00"))
    received = dict.fromkeys(PayoutType, Decimal("0.00"))
    for payout_type, amount, paid in payouts:
        scheduled[PayoutType(payout_type)] += amount
        received[PayoutType(payout_type)] += paid
    stats = {}
    for kind, name in _NAMES.items():
        stats[f"total_{name}_received"] = str(received[kind])
        stats[f"outstanding_{name}"] = str(scheduled[kind] - received[kind])
    return stats
