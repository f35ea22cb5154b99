"""Wallets and their transactions: each status a transaction reaches moves the ledger once
(its transfer keys are derived from the transaction, so a retried move is recognised)."""

from decimal import Decimal
from typing import Any

from common.events.payments import TransactionCreatedV1, TransactionUpdatedV1
from common.http.listing import ListQuery
from common.http.principal import Principal
from payments.adapters.db.ledger import Posting
from payments.adapters.db.records import transaction_view, wallet_view
from payments.domain.errors import PaymentsError
from payments.domain.ledger import EXTERNAL, PaymentStatus, TransferKind, check_create, check_move
from payments.service import payouts
from payments.service.unit_of_work import PaymentsUnitOfWork

OWNER_EDITABLE = frozenset({"payment_status"})
ADMIN_EDITABLE = frozenset({"payment_status", "transaction_description", "payment_service", "payout_id",
                            "original_transaction_amount", "original_transaction_currency",
                            "payment_service_log_id", "confirmation_number", "custom"})


async def open_wallet(uow: PaymentsUnitOfWork, principal: Principal, currency: str) -> int:
    return await uow.ledger.open_wallet(uow.network_id, principal.user_id, currency)


async def _wallet(uow: PaymentsUnitOfWork, principal: Principal, wallet_id: int, for_update: bool = False) -> Any:
    wallet = await uow.ledger.wallet(uow.network_id, wallet_id, for_update)
    if wallet is None or not (principal.is_admin or wallet["user_id"] == principal.user_id):
        raise PaymentsError.WALLET_NOT_FOUND.error()
    return wallet


async def view(uow: PaymentsUnitOfWork, principal: Principal, wallet_id: int) -> dict[str, Any]:
    return wallet_view(await _wallet(uow, principal, wallet_id))


async def page_of_owner(uow: PaymentsUnitOfWork, principal: Principal, query: ListQuery) -> tuple[int, list]:
    return await uow.wallets.page("network_id = $1 AND user_id = $2", [uow.network_id, principal.user_id], query)


async def transactions_page(uow: PaymentsUnitOfWork, principal: Principal, wallet_id: int,
                            query: ListQuery) -> tuple[int, list]:
    await _wallet(uow, principal, wallet_id)
    return await uow.transactions.page("wallet_id = $1", [wallet_id], query)


async def record(uow: PaymentsUnitOfWork, principal: Principal, wallet_id: int, fields: dict[str, Any]) -> int:
    """A new transaction on the wallet, its ledger effect applied under the wallet's lock (taken
    first: the transaction row's reference to the wallet would otherwise lock it weaker, first)."""
    wallet = await _wallet(uow, principal, wallet_id, for_update=True)
    fields.setdefault("transaction_currency", wallet["currency"])
    if fields["transaction_currency"] != wallet["currency"]:
        raise PaymentsError.CURRENCY_MISMATCH.error(fields={"transaction_currency": "must be the wallet's currency"})
    status = PaymentStatus(fields.setdefault("payment_status", PaymentStatus.PENDING))
    check_create(status, amount_is_credit=fields["transaction_amount"] > 0, is_admin=principal.is_admin,
                 is_owner=wallet["user_id"] == principal.user_id)
    if fields.get("payout_id") is not None:
        await _payout_of_network(uow, fields["payout_id"])
    transaction_id = await uow.transactions.add(
        fields | {"network_id": uow.network_id, "wallet_id": wallet_id, "user_id": wallet["user_id"]})
    transaction = await uow.transactions.get(uow.network_id, transaction_id)
    await _enter(uow, transaction, status, first=True)
    uow.publish(TransactionCreatedV1(**_fact(transaction, status)))
    return transaction_id


async def _payout_of_network(uow: PaymentsUnitOfWork, payout_id: int) -> None:
    if await uow.payouts.get(uow.network_id, payout_id) is None:
        raise PaymentsError.PAYOUT_NOT_FOUND.error(fields={"payout_id": "no such payout"})


async def update(uow: PaymentsUnitOfWork, principal: Principal, transaction_id: int, change: dict[str, Any]) -> None:
    transaction = await uow.transactions.get(uow.network_id, transaction_id, for_update=True)
    is_owner = transaction is not None and transaction["user_id"] == principal.user_id
    if transaction is None or not (principal.is_admin or is_owner):
        raise PaymentsError.TRANSACTION_NOT_FOUND.error()
    editable = ADMIN_EDITABLE if principal.is_admin else OWNER_EDITABLE
    refused = sorted(set(change) - editable)
    if refused:
        raise PaymentsError.FIELD_NOT_EDITABLE.error(
            fields={name: "not editable (a correction is a new transaction)" for name in refused})
    current = PaymentStatus(transaction["payment_status"])
    target = PaymentStatus(change.get("payment_status", current))
    check_move(current, target, amount_is_credit=transaction["transaction_amount"] > 0,
               is_admin=principal.is_admin, is_owner=is_owner)
    if change.get("payout_id") is not None:
        await _payout_of_network(uow, change["payout_id"])
    await uow.transactions.save(transaction_id, change)
    transaction = await uow.transactions.get(uow.network_id, transaction_id)
    if target != current:
        await _enter(uow, transaction, target, first=False)
    uow.publish(TransactionUpdatedV1(**_fact(transaction, target)))


async def _enter(uow: PaymentsUnitOfWork, transaction: Any, status: PaymentStatus, first: bool) -> None:
    """The ledger's side of ``transaction`` reaching ``status``. A credit moves money only when
    Paid; a debit reserves it while Pending (committed_balance) and moves or releases it after."""
    amount: Decimal = transaction["transaction_amount"]
    wallet_id, key = transaction["wallet_id"], f"transaction:{transaction['id']}"
    external = await uow.ledger.counter_account(uow.network_id, EXTERNAL, transaction["transaction_currency"])
    if amount > 0:
        if status == PaymentStatus.PAID:
            await uow.ledger.post(uow.network_id, Posting(f"{key}:paid", external, wallet_id, amount))
    elif status == PaymentStatus.PAID and first:
        await uow.ledger.post(uow.network_id, Posting(f"{key}:paid", wallet_id, external, -amount))
    elif status == PaymentStatus.PENDING:
        await uow.ledger.post(uow.network_id, Posting(f"{key}:reserve", wallet_id, external, -amount,
                                                      TransferKind.PENDING))
    elif not first:
        reserve = await uow.ledger.transfer(uow.network_id, f"{key}:reserve")
        kind = TransferKind.POST_PENDING if status == PaymentStatus.PAID else TransferKind.VOID_PENDING
        await uow.ledger.post(uow.network_id, Posting(f"{key}:settle", wallet_id, external, -amount, kind,
                                                      reserve["id"]))
    if status == PaymentStatus.PAID and transaction["payout_id"] is not None:
        before = await uow.payouts.get(uow.network_id, transaction["payout_id"], for_update=True)
        await uow.payouts.count_paid(before["id"])
        if before["paid_at"] is None:
            await payouts.paid(uow, await uow.payouts.get(uow.network_id, before["id"]))


def _fact(transaction: Any, status: PaymentStatus) -> dict[str, Any]:
    return {"transaction_id": transaction["id"], "wallet_id": transaction["wallet_id"],
            "user_id": transaction["user_id"], "transaction_amount": transaction["transaction_amount"],
            "transaction_currency": transaction["transaction_currency"], "payment_status": status,
            "payout_id": transaction["payout_id"]}


async def transaction(uow: PaymentsUnitOfWork, principal: Principal, transaction_id: int) -> dict[str, Any]:
    row = await uow.transactions.get(uow.network_id, transaction_id)
    if row is None or not (principal.is_admin or row["user_id"] == principal.user_id):
        raise PaymentsError.TRANSACTION_NOT_FOUND.error()
    return transaction_view(row)
