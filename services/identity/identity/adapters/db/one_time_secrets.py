"""One-time secrets mailed as links (email verification, password reset), kept as hashes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg


@dataclass(frozen=True)
class StoredSecret:
    id: int
    expires_at: datetime


class OneTimeSecretRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add(self, user_id: int, purpose: str, email: str, secret_hash: str, expires_at: datetime) -> None:
        """A secret for ``purpose``, bound to the address ``email`` it is mailed to."""
        await self._conn.execute(
            "INSERT INTO user_secrets (user_id, purpose, email, secret_hash, expires_at) VALUES ($1, $2, $3, $4, $5)",
            user_id, purpose, email, secret_hash, expires_at)

    async def sent_within(self, user_id: int, purpose: str, period: timedelta) -> int:
        """How many secrets for ``purpose`` the user got lately; count them under a lock on the
        account's links, so simultaneous requests count one after another."""
        return await self._conn.fetchval("SELECT count(*) FROM user_secrets WHERE user_id = $1 AND purpose = $2 "
                                         "AND created_at > now() - $3::interval", user_id, purpose, period)

    async def take(self, user_id: int, purpose: str, email: str, secret_hash: str) -> StoredSecret | None:
        """The unused secret with this hash for this user and purpose, mailed to ``email``, locked
        until the transaction ends."""
        row = await self._conn.fetchrow(
            "SELECT id, expires_at FROM user_secrets WHERE secret_hash = $1 AND user_id = $2 AND purpose = $3 "
            "AND lower(email) = lower($4) AND used_at IS NULL FOR UPDATE", secret_hash, user_id, purpose, email)
        return StoredSecret(row["id"], row["expires_at"]) if row else None

    async def use(self, secret_id: int) -> None:
        await self._conn.execute("UPDATE user_secrets SET used_at = now() WHERE id = $1", secret_id)

    async def spend(self, user_id: int, *purposes: str) -> None:
        """Every outstanding secret of the user for these purposes is spent."""
        await self._conn.execute("UPDATE user_secrets SET used_at = now() WHERE user_id = $1 AND purpose = ANY($2) "
                                 "AND used_at IS NULL", user_id, list(purposes))
