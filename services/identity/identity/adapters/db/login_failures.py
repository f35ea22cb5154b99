"""Wrong passwords by account and by network, kept in the database every replica shares."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

MEMORY = timedelta(hours=24)  # a wrong password is forgotten a day after it was typed
NETWORK_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class AccountFailures:
    count: int
    last_at: datetime | None
    now: datetime


class LoginFailureRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def of_account(self, network_id: int, email_key: str) -> AccountFailures:
        row = await self._conn.fetchrow(
            "SELECT count(*) AS count, max(failed_at) AS last_at, now() AS now FROM login_failures "
            "WHERE network_id = $1 AND email_key = $2 AND failed_at > now() - $3::interval", network_id, email_key, MEMORY)
        return AccountFailures(row["count"], row["last_at"], row["now"])

    async def network_budget_back_at(self, network_id: int, per_minute: int) -> datetime | None:
        """When the network may fail again, if ``per_minute`` wrong passwords were typed in the last minute."""
        oldest_counted = await self._conn.fetchval(
            "SELECT failed_at FROM login_failures WHERE network_id = $1 AND failed_at > now() - $2::interval "
            "ORDER BY failed_at DESC OFFSET $3 LIMIT 1", network_id, NETWORK_WINDOW, per_minute - 1)
        return oldest_counted + NETWORK_WINDOW if oldest_counted is not None else None

    async def record(self, network_id: int, email_key: str) -> None:
        await self._conn.execute("DELETE FROM login_failures WHERE network_id = $1 AND email_key = $2 "
                                 "AND failed_at < now() - $3::interval", network_id, email_key, MEMORY)
        await self._conn.execute("INSERT INTO login_failures (network_id, email_key) VALUES ($1, $2)",
                                 network_id, email_key)

    async def forget(self, network_id: int, email_key: str) -> None:
        await self._conn.execute("DELETE FROM login_failures WHERE network_id = $1 AND email_key = $2",
                                 network_id, email_key)

    async def forget_user(self, network_id: int, user_id: int) -> None:
        """A new password makes the guesses at the old one moot."""
        await self._conn.execute("DELETE FROM login_failures WHERE network_id = $1 AND email_key = "
                                 "(SELECT lower(email) FROM users WHERE id = $2)", network_id, user_id)
