"""Transactions and payouts: their rows, and their views for the wire (a page costs a fixed
number of statements: a count and one SELECT of the page's rows)."""

import json
from collections.abc import Mapping
from typing import Any

import asyncpg

from common.http.listing import ListQuery, ListSpec, integer_filter
from common.sql import page_of_ids, set_list

TRANSACTION_LIST = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "transaction_amount": "transaction_amount"},
    filter_columns={"payment_status": "payment_status", "payout_id": "payout_id"},
    filter_parsers={"payment_status": integer_filter, "payout_id": integer_filter},
    default_sort="-created_at", date_column="created_at")
PAYOUT_LIST = ListSpec(
    sort_columns={"id": "id", "due_date": "due_date", "created_at": "created_at", "payout_amount": "payout_amount"},
    filter_columns={"payout_type": "payout_type", "investment_id": "investment_id"},
    filter_parsers={"payout_type": integer_filter, "investment_id": integer_filter},
    default_sort="due_date", date_column="due_date")
WALLET_LIST = ListSpec(sort_columns={"id": "id", "currency": "currency"}, default_sort="id")

TRANSACTION_FIELDS = frozenset({
    "transaction_amount", "transaction_currency", "transaction_description", "payment_status", "payment_service",
    "payout_id", "original_transaction_amount", "original_transaction_currency", "payment_service_log_id",
    "confirmation_number", "custom"})
PAYOUT_FIELDS = frozenset({
    "currency", "due_date", "payout_amount", "payout_type", "minimum_payment", "additional_type", "charge_offs",
    "late_fee", "net_annualized_return", "net_recoveries", "service_charge", "custom", "paid_at"})


def _stored(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``custom`` as the JSON text the jsonb column takes."""
    return {name: json.dumps(value) if name == "custom" else value for name, value in fields.items()}


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def _when(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def wallet_view(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "user_id": row["user_id"], "user_name": "", "currency": row["currency"],
            "balance": str(row["balance"]), "committed_balance": str(row["committed"]),
            "free_balance": str(row["balance"] - row["committed"])}


def transaction_view(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "wallet_id": row["wallet_id"], "user_id": row["user_id"], "user_name": "",
        "transaction_amount": str(row["transaction_amount"]), "transaction_currency": row["transaction_currency"],
        "transaction_description": row["transaction_description"], "payment_status": row["payment_status"],
        "payment_service": row["payment_service"], "payout_id": row["payout_id"],
        "original_transaction_amount": _money(row["original_transaction_amount"]),
        "original_transaction_currency": row["original_transaction_currency"],
        "payment_service_log_id": row["payment_service_log_id"], "confirmation_number": row["confirmation_number"],
        "custom": json.loads(row["custom"]), "created_at": _when(row["created_at"]), "updated_at": _when(row["updated_at"])}


def payout_view(row: Mapping[str, Any]) -> dict[str, Any]:
    money = ("payout_amount", "minimum_payment", "charge_offs", "late_fee", "net_recoveries", "service_charge",
             "net_annualized_return")
    return {
        "id": row["id"], "offering_id": row["offering_id"], "offering_name": "", "investment_id": row["investment_id"],
        "user_id": row["user_id"], "user_name": "", "currency": row["currency"], "payout_type": row["payout_type"],
        "additional_type": row["additional_type"], "custom": json.loads(row["custom"]),
        "transactions_paid": row["transactions_paid"], "due_date": _when(row["due_date"]),
        "paid_at": _when(row["paid_at"]), "created_at": _when(row["created_at"]),
        "updated_at": _when(row["updated_at"])} | {name: _money(row[name]) for name in money}


class _Records:
    """Rows of one table of the network's records: add, load (locked for a change), change, page."""

    table: str
    settable: frozenset[str]
    view: Any
    conflict = ""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add(self, fields: Mapping[str, Any]) -> int | None:
        fields = _stored(fields)
        placeholders = ", ".join(f"${i}" for i in range(1, len(fields) + 1))
        return await self._conn.fetchval(
            f"INSERT INTO {self.table} ({', '.join(fields)}) VALUES ({placeholders}){self.conflict} RETURNING id",
            *fields.values())

    async def get(self, network_id: int, record_id: int, for_update: bool = False) -> asyncpg.Record | None:
        lock = " FOR UPDATE" if for_update else ""
        return await self._conn.fetchrow(f"SELECT * FROM {self.table} WHERE id = $1 AND network_id = $2{lock}",
                                         record_id, network_id)

    async def save(self, record_id: int, change: Mapping[str, Any]) -> None:
        sql, args = set_list(_stored(change), self.settable, 2)
        await self._conn.execute(f"UPDATE {self.table} SET updated_at = now(){sql} WHERE id = $1", record_id, *args)

    async def page(self, scope: str, scope_args: list[Any], query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
        count, ids = await page_of_ids(self._conn, self.table, scope, scope_args, query, self.date_column)
        rows = await self._conn.fetch(
            f"SELECT r.* FROM unnest($1::bigint[]) WITH ORDINALITY AS p(id, n) JOIN {self.table} r USING (id) "
            "ORDER BY p.n", ids)
        return count, [type(self).view(row) for row in rows]


class Transactions(_Records):
    table, settable, date_column = "transactions", TRANSACTION_FIELDS, "created_at"
    view = staticmethod(transaction_view)


class Payouts(_Records):
    table, settable, date_column = "payouts", PAYOUT_FIELDS, "due_date"
    view = staticmethod(payout_view)
    conflict = " ON CONFLICT (parent_payout_id, investment_id) DO NOTHING"  # a distribution's share exists once

    async def count_paid(self, payout_id: int) -> None:
        """One more Paid transaction for the payout: it is paid from now on (``paid_at`` kept once set)."""
        await self._conn.execute(
            "UPDATE payouts SET transactions_paid = transactions_paid + 1, paid_at = coalesce(paid_at, now()), "
            "updated_at = now() WHERE id = $1", payout_id)


class Wallets(_Records):
    """Wallet views only (a wallet's account row changes through the ledger)."""

    table, settable, date_column = "accounts", frozenset(), None
    view = staticmethod(wallet_view)
