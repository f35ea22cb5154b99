"""Payments' error catalog: codes 14000-14999."""

from common.errors import ErrorCatalog, ErrorSpec


class PaymentsError(ErrorCatalog):
    WALLET_NOT_FOUND = 14000
    TRANSACTION_NOT_FOUND = 14001
    PAYOUT_NOT_FOUND = 14002
    OFFERING_NOT_FOUND = 14003
    INVESTMENT_NOT_FOUND = 14004
    INSUFFICIENT_FUNDS = 14005
    STATUS_FINAL = 14006
    NOT_ALLOWED = 14007
    CURRENCY_MISMATCH = 14008
    BAD_SCHEDULE = 14009
    FIELD_NOT_EDITABLE = 14010

    @classmethod
    def specs(cls) -> dict[ErrorCatalog, ErrorSpec]:
        return _SPECS


_SPECS: dict[ErrorCatalog, ErrorSpec] = {
    PaymentsError.WALLET_NOT_FOUND: ErrorSpec(404, "Wallet not found", "No such wallet, or not yours"),
    PaymentsError.TRANSACTION_NOT_FOUND: ErrorSpec(404, "Transaction not found", "No such transaction, or not yours"),
    PaymentsError.PAYOUT_NOT_FOUND: ErrorSpec(404, "Payout not found", "No such payout, or not visible to you"),
    PaymentsError.OFFERING_NOT_FOUND: ErrorSpec(404, "Offering not found", "Payments knows no such offering"),
    PaymentsError.INVESTMENT_NOT_FOUND: ErrorSpec(404, "Investment not found", "Payments knows no such investment"),
    PaymentsError.INSUFFICIENT_FUNDS: ErrorSpec(409, "Insufficient funds",
                                                "The debit is larger than the wallet's free_balance"),
    PaymentsError.STATUS_FINAL: ErrorSpec(409, "This transaction can no longer change",
                                          "Paid, Cancelled and Failed are final; record a new transaction"),
    PaymentsError.NOT_ALLOWED: ErrorSpec(403, "You are not allowed to do this", "The caller's role does not allow it"),
    PaymentsError.CURRENCY_MISMATCH: ErrorSpec(422, "Wrong currency",
                                               "transaction_currency must be the wallet's currency; send the "
                                               "other currency as original_transaction_currency"),
    PaymentsError.BAD_SCHEDULE: ErrorSpec(400, "Invalid payment schedule", "Send either payouts or terms"),
    PaymentsError.FIELD_NOT_EDITABLE: ErrorSpec(400, "This field cannot be changed", "The field is not editable"),
}
