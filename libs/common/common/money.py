"""Money on the wire and in the database: ``Decimal`` end to end, never floats."""

from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field

from common.http.requests import plain_decimal

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e15")

# an amount of money as a client may send it (a number or a numeric string), up to a quadrillion
Money = Annotated[Decimal, BeforeValidator(plain_decimal), Field(ge=0, lt=MAX_AMOUNT)]
# a price per share: up to four decimal places
Price = Annotated[Decimal, BeforeValidator(plain_decimal), Field(ge=0, lt=MAX_AMOUNT, decimal_places=4)]


def exact_cents(amount: Decimal) -> Decimal | None:
    """The amount if it is not negative and has at most two decimal places, else None."""
    if amount < 0 or amount != amount.quantize(CENT):
        return None
    return amount.quantize(CENT)
