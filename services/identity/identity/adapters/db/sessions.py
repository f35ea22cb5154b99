"""Sessions (what a session token stands for) and the nonces of cv-auth digests."""

import uuid
from datetime import datetime

import asyncpg


class SessionRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add(self, session_id: uuid.UUID, network_id: int, user_id: int, created_at: datetime,
                  expires_at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO sessions (id, network_id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            session_id, network_id, user_id, created_at, expires_at)

    async def end_of(self, session_id: uuid.UUID, user_id: int) -> datetime | None:
        """When the user's session ends (``expires_at``), or None when it does not exist or was revoked."""
        return await self._conn.fetchval(
            "SELECT expires_at FROM sessions WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL", session_id, user_id)

    async def revoke_all(self, user_id: int) -> int:
        result = await self._conn.execute(
            "UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL", user_id)
        return int(result.split()[-1])


class NonceRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def remember(self, network_id: int, nonce: str, created: str) -> str:
        """Record the nonce with its Created; return the Created it was first seen with."""
        return await self._conn.fetchval(
            "INSERT INTO auth_nonces (network_id, nonce, created) VALUES ($1, $2, $3) "
            "ON CONFLICT (network_id, nonce) DO UPDATE SET nonce = EXCLUDED.nonce RETURNING created",
            network_id, nonce, created)

    async def forget_before(self, before: datetime) -> None:
        await self._conn.execute("DELETE FROM auth_nonces WHERE seen_at < $1", before)
