"""Events the payments context publishes: one contract per fact."""

from datetime import datetime
from decimal import Decimal

from common.messaging.envelope import IntegrationEvent


class TransactionFact(IntegrationEvent):
    """A wallet transaction as it is after the fact (amount > 0 credits the wallet)."""

    transaction_id: int
    wallet_id: int
    user_id: int
    transaction_amount: Decimal
    transaction_currency: str
    payment_status: int
    payout_id: int | None = None


class TransactionCreatedV1(TransactionFact):
    pass


class TransactionUpdatedV1(TransactionFact):
    """Its payment_status or other fields changed."""


class PayoutFact(IntegrationEvent):
    """A payout as it is after the fact: offerings keep their outstanding figures from these."""

    payout_id: int
    offering_id: int
    investment_id: int | None = None
    user_id: int | None = None
    payout_type: int
    payout_amount: Decimal
    currency: str
    due_date: datetime | None = None
    transactions_paid: int = 0
    paid_at: datetime | None = None


class PayoutCreatedV1(PayoutFact):
    pass


class PayoutUpdatedV1(PayoutFact):
    pass


class PayoutPaidV1(PayoutFact):
    pass
