"""Locks held until the transaction ends, for decisions that must be taken one at a time."""

import asyncpg


class Locks:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def hold(self, *key: object) -> None:
        """Hold, until the transaction ends, a lock named by ``key``: simultaneous requests about the
        same thing (an email address, a provider account, an account's links) then decide one after
        another."""
        await self._conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", repr(key).lower())
