"""The ledger's vocabulary and the transaction state machine, without storage."""

from enum import IntEnum

from payments.domain.errors import PaymentsError


class TransferKind(IntEnum):
    POSTED = 0  # moves money at once
    PENDING = 1  # reserves money on the debit account (its committed balance)
    POST_PENDING = 2  # completes a pending transfer: the money moves
    VOID_PENDING = 3  # releases a pending transfer: nothing moves


class PaymentStatus(IntEnum):
    PENDING = 0
    PAID = 1
    CANCELLED = 2
    FAILED = 3


class PaymentService(IntEnum):
    OFFLINE = 0
    MANGOPAY = 1
    GCEN = 2
    GOCARDLESS = 3


class InvestmentStage(IntEnum):
    """The stages of offerings' investment contract that payments reads."""

    APPROVED = 2
    SETTLED = 4


FINAL = frozenset({PaymentStatus.PAID, PaymentStatus.CANCELLED, PaymentStatus.FAILED})
EXTERNAL = "external"  # the counter-account of money entering or leaving the platform
WALLET = "wallet"


def offering_account(offering_id: int) -> str:
    """The counter-account an offering's distributions are paid from."""
    return f"offering:{offering_id}"


def check_move(current: PaymentStatus, target: PaymentStatus, *, amount_is_credit: bool, is_admin: bool,
               is_owner: bool) -> None:
    """Who may move a transaction from ``current`` to ``target``: Pending is the only state that
    moves; the owner may cancel their own Pending transaction; everything else is for admins
    (and the providers' confirmed events, which act as the platform)."""
    if current == target:
        return
    if current in FINAL:
        raise PaymentsError.STATUS_FINAL.error()
    if is_admin:
        return
    if not (is_owner and target == PaymentStatus.CANCELLED):
        raise PaymentsError.NOT_ALLOWED.error("Only an admin may mark a transaction Paid or Failed")


def check_create(status: PaymentStatus, *, amount_is_credit: bool, is_admin: bool, is_owner: bool) -> None:
    """The owner may record a Pending credit (a front-end payment); debits and Paid are for admins."""
    if is_admin:
        return
    if not is_owner or not amount_is_credit or status != PaymentStatus.PENDING:
        raise PaymentsError.NOT_ALLOWED.error("The wallet's owner may record only a Pending credit")
