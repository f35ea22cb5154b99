"""Request bodies: the documented fields, validated before anything is read or written."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from common.http.requests import plain_decimal
from common.money import MAX_AMOUNT, Money, exact_cents


def _cents(amount: Decimal) -> Decimal:
    if exact_cents(abs(amount)) is None:
        raise ValueError("must have at most two decimal places")
    return amount


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
SignedAmount = Annotated[Decimal, BeforeValidator(plain_decimal), Field(gt=-MAX_AMOUNT, lt=MAX_AMOUNT),
                         AfterValidator(_cents)]
Amount = Annotated[Money, AfterValidator(_cents)]
Status = Annotated[int, Field(ge=0, le=3)]
Service = Annotated[int, Field(ge=0, le=3)]
PayoutKind = Annotated[int, Field(ge=0, le=2)]
Text = Annotated[str, Field(max_length=1000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewWallet(Strict):
    currency: Currency


def _not_zero(amount: Decimal) -> Decimal:
    if amount == 0:
        raise ValueError("must not be zero: > 0 credits the wallet, < 0 debits it")
    return amount


class TransactionFields(Strict):
    transaction_description: Text = ""
    payment_status: Status = 0
    payment_service: Service = 0
    payout_id: int | None = None
    original_transaction_amount: SignedAmount | None = None
    original_transaction_currency: Currency | None = None
    payment_service_log_id: Text = ""
    confirmation_number: Text = ""
    custom: dict[str, Any] = {}


class NewTransaction(TransactionFields):
    transaction_amount: Annotated[SignedAmount, AfterValidator(_not_zero)]
    transaction_currency: Currency | None = None


class TransactionChange(TransactionFields):
    transaction_amount: SignedAmount | None = None  # named so that changing it is refused by name (14010)
    transaction_currency: Currency | None = None


class PayoutFields(Strict):
    currency: Currency
    due_date: datetime | date | None = None
    payout_amount: Amount
    payout_type: PayoutKind
    minimum_payment: Amount | None = None
    additional_type: Text = ""
    charge_offs: Amount = Decimal(0)
    late_fee: Amount = Decimal(0)
    net_annualized_return: Annotated[Decimal, BeforeValidator(plain_decimal)] | None = None
    net_recoveries: Amount = Decimal(0)
    service_charge: Amount = Decimal(0)
    custom: dict[str, Any] = {}
    investment_id: int | None = None  # the document's sample sends it; the path decides


class PayoutChange(Strict):
    currency: Currency | None = None
    due_date: datetime | date | None = None
    payout_amount: Amount | None = None
    payout_type: PayoutKind | None = None
    minimum_payment: Amount | None = None
    additional_type: Text | None = None
    charge_offs: Amount | None = None
    late_fee: Amount | None = None
    net_annualized_return: Annotated[Decimal, BeforeValidator(plain_decimal)] | None = None
    net_recoveries: Amount | None = None
    service_charge: Amount | None = None
    custom: dict[str, Any] | None = None
    paid_at: datetime | None = None


class Terms(Strict):
    principal: Amount
    annual_rate: Annotated[Decimal, BeforeValidator(plain_decimal), Field(ge=0, le=10)]
    term_months: Annotated[int, Field(ge=1, le=600)]
    start_date: date
    method: Annotated[str, Field(pattern="^(annuity|equal_principal|interest_only|bullet)$")]
    currency: Currency
    payout_type: PayoutKind = 2


class Schedule(Strict):
    payouts: Annotated[list[PayoutFields], Field(min_length=1, max_length=600)] | None = None
    terms: Terms | None = None
