"""The ledger's accounts and transfers. A transfer locks its two accounts (in id order, so two
postings never wait on each other crosswise), checks the debit account's limit under that lock,
inserts the transfer and moves the accounts' derived figures, all in the caller's transaction."""

from dataclasses import dataclass
from decimal import Decimal

import asyncpg

from payments.domain.errors import PaymentsError
from payments.domain.ledger import WALLET, TransferKind


@dataclass(frozen=True)
class Posting:
    key: str  # the poster's unique id for this transfer: a retry with the same key changes nothing
    debit_account_id: int
    credit_account_id: int
    amount: Decimal
    kind: TransferKind = TransferKind.POSTED
    pending_id: int | None = None


_MOVES = {  # kind -> (debit balance, debit committed, credit balance), as multiples of the amount
    TransferKind.POSTED: (-1, 0, 1),
    TransferKind.PENDING: (0, 1, 0),
    TransferKind.POST_PENDING: (-1, -1, 1),
    TransferKind.VOID_PENDING: (0, -1, 0),
}
_RESERVES = (TransferKind.POSTED, TransferKind.PENDING)  # the kinds a balance limit applies to


class Ledger:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def open_wallet(self, network_id: int, user_id: int, currency: str) -> int:
        return await self._conn.fetchval(
            "INSERT INTO accounts (network_id, code, user_id, currency, no_negative) VALUES ($1, $2, $3, $4, true) "
            "RETURNING id", network_id, WALLET, user_id, currency)

    async def counter_account(self, network_id: int, code: str, currency: str) -> int:
        await self._conn.execute(
            "INSERT INTO accounts (network_id, code, currency, no_negative) VALUES ($1, $2, $3, false) "
            "ON CONFLICT (network_id, code, currency) WHERE user_id IS NULL DO NOTHING", network_id, code, currency)
        return await self._conn.fetchval(
            "SELECT id FROM accounts WHERE network_id = $1 AND code = $2 AND currency = $3 AND user_id IS NULL",
            network_id, code, currency)

    async def wallet(self, network_id: int, wallet_id: int, for_update: bool = False) -> asyncpg.Record | None:
        lock = " FOR UPDATE" if for_update else ""
        return await self._conn.fetchrow(
            f"SELECT * FROM accounts WHERE id = $1 AND network_id = $2 AND code = $3{lock}",
            wallet_id, network_id, WALLET)

    async def first_wallet(self, network_id: int, user_id: int, currency: str) -> int | None:
        return await self._conn.fetchval(
            "SELECT id FROM accounts WHERE network_id = $1 AND user_id = $2 AND currency = $3 AND code = $4 "
            "ORDER BY id LIMIT 1", network_id, user_id, currency, WALLET)

    async def post(self, network_id: int, posting: Posting) -> int | None:
        """Record ``posting``; its id, or None when a transfer with its key exists already."""
        first, second = sorted((posting.debit_account_id, posting.credit_account_id))
        accounts = {row["id"]: row for row in await self._conn.fetch(
            "SELECT id, balance, committed, no_negative FROM accounts WHERE id = ANY($1::bigint[]) "
            "ORDER BY id FOR UPDATE", [first, second])}
        if await self._conn.fetchval("SELECT 1 FROM transfers WHERE network_id = $1 AND transfer_key = $2",
                                     network_id, posting.key):
            return None
        debit = accounts[posting.debit_account_id]
        if (posting.kind in _RESERVES and debit["no_negative"]
                and debit["balance"] - debit["committed"] < posting.amount):
            raise PaymentsError.INSUFFICIENT_FUNDS.error(
                f"free_balance {debit['balance'] - debit['committed']} is less than {posting.amount}")
        debit_balance, debit_committed, credit_balance = _MOVES[posting.kind]
        await self._conn.execute(
            "UPDATE accounts SET balance = balance + $2::numeric * $3::int, committed = committed + $2::numeric * $4::int WHERE id = $1",
            posting.debit_account_id, posting.amount, debit_balance, debit_committed)
        await self._conn.execute("UPDATE accounts SET balance = balance + $2::numeric * $3::int WHERE id = $1",
                                 posting.credit_account_id, posting.amount, credit_balance)
        return await self._conn.fetchval(
            "INSERT INTO transfers (network_id, transfer_key, debit_account_id, credit_account_id, amount, kind, "
            "pending_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", network_id, posting.key,
            posting.debit_account_id, posting.credit_account_id, posting.amount, posting.kind, posting.pending_id)

    async def transfer(self, network_id: int, key: str) -> asyncpg.Record | None:
        return await self._conn.fetchrow("SELECT * FROM transfers WHERE network_id = $1 AND transfer_key = $2",
                                         network_id, key)


async def ledger_check(conn: asyncpg.Connection) -> list[str]:
    """Every account's balance and committed figure recomputed from the transfers, and every
    network's accounts summing to zero per currency: the disagreements, described (none: sound)."""
    rows = await conn.fetch(
        """
        WITH moves AS (
            SELECT debit_account_id AS account_id,
                   CASE WHEN kind = ANY($1::smallint[]) THEN -amount ELSE 0 END AS balance,
                   CASE WHEN kind = $2 AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.pending_id = t.id)
                        THEN amount ELSE 0 END AS committed
            FROM transfers t
            UNION ALL
            SELECT credit_account_id, CASE WHEN kind = ANY($1::smallint[]) THEN amount ELSE 0 END, 0
            FROM transfers)
        SELECT a.id, a.balance, a.committed, a.no_negative,
               coalesce(sum(m.balance), 0) AS derived_balance, coalesce(sum(m.committed), 0) AS derived_committed
        FROM accounts a LEFT JOIN moves m ON m.account_id = a.id
        GROUP BY a.id ORDER BY a.id""",
        [TransferKind.POSTED, TransferKind.POST_PENDING], TransferKind.PENDING)
    problems = []
    for row in rows:
        if (row["balance"], row["committed"]) != (row["derived_balance"], row["derived_committed"]):
            problems.append(f"account {row['id']}: holds {row['balance']}/{row['committed']}, its transfers give "
                            f"{row['derived_balance']}/{row['derived_committed']}")
        if row["no_negative"] and row["derived_balance"] - row["derived_committed"] < 0:
            problems.append(f"account {row['id']}: negative free balance")
    for row in await conn.fetch("SELECT network_id, currency, sum(balance) AS total FROM accounts "
                                "GROUP BY network_id, currency HAVING sum(balance) <> 0"):
        problems.append(f"network {row['network_id']} {row['currency']}: accounts sum to {row['total']}, not 0")
    return problems
