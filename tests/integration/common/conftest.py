"""A fresh database per test module, with what ``effect_service`` needs: the idempotency keys,
the outbox and inbox, and its effects table."""

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from effect_service import SCHEMA

from common.db import migrate, pool_context
from common.http.idempotency import HTTP_MIGRATIONS
from common.messaging import MESSAGING_MIGRATIONS


@pytest.fixture(scope="module")
async def effects_database(make_database) -> AsyncIterator[tuple[str, asyncpg.Pool]]:
    """The database's DSN and a pool on it."""
    dsn = await make_database(f"effects_{uuid.uuid4().hex[:6]}")
    async with pool_context(dsn, 1, 4) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, [HTTP_MIGRATIONS, MESSAGING_MIGRATIONS])
            await conn.execute(SCHEMA)
        yield dsn, pool
