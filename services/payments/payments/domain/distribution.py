"""Splitting an offering payout among its settled investors, pro rata to their investment.

Each share is rounded down to the cent; the cents left over go one each to the investors with
the largest remainders (ties: the lower investment id), so the shares sum to the payout exactly.
"""

from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


def pro_rata(amount: Decimal, holdings: dict[int, Decimal]) -> dict[int, Decimal]:
    total = sum(holdings.values())
    if total <= 0:
        return {}
    exact = {key: amount * held / total for key, held in holdings.items()}
    shares = {key: value.quantize(CENT, rounding=ROUND_DOWN) for key, value in exact.items()}
    left = int((amount - sum(shares.values())) / CENT)
    for key in sorted(exact, key=lambda k: (-(exact[k] - shares[k]), k))[:left]:
        shares[key] += CENT
    return shares
