"""Payment schedules generated from loan terms, in exact decimal arithmetic.

Rounding rule: every instalment's interest and principal are rounded half-up to the cent; the
last instalment pays whatever principal remains, so it absorbs the rounding and the principals
sum to the loan exactly. Monthly rate = annual_rate / 12. Due dates: the start date plus n
months (clamped to the month's last day).
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
ANNUITY, EQUAL_PRINCIPAL, INTEREST_ONLY, BULLET = "annuity", "equal_principal", "interest_only", "bullet"


@dataclass(frozen=True)
class Instalment:
    due_date: date
    principal: Decimal
    interest: Decimal

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def annuity_payment(principal: Decimal, monthly_rate: Decimal, months: int) -> Decimal:
    """The level instalment P·r / (1 − (1 + r)^−n), rounded to the cent."""
    if monthly_rate == 0:
        return _cents(principal / months)
    with localcontext() as ctx:
        ctx.prec = 40
        return _cents(principal * monthly_rate / (1 - (1 + monthly_rate) ** -months))


def schedule(principal: Decimal, annual_rate: Decimal, months: int, start: date, method: str) -> list[Instalment]:
    rate = annual_rate / 12
    level = annuity_payment(principal, rate, months) if method == ANNUITY else None
    remaining, instalments = principal, []
    for n in range(1, months + 1):
        interest = Decimal(0) if method == BULLET else _cents(remaining * rate)
        if n == months:
            part = remaining
            if method == BULLET:
                interest = _cents(principal * rate * months)  # simple interest, paid with the principal
        elif method == ANNUITY:
            part = level - interest
        elif method == EQUAL_PRINCIPAL:
            part = _cents(principal / months)
        else:  # interest only, or a bullet: the principal comes at the end
            part = Decimal(0)
        if method == BULLET and n < months:
            continue
        remaining -= part
        instalments.append(Instalment(add_months(start, n), part, interest))
    return instalments
