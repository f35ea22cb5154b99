"""Housekeeping prunes published outbox rows, handled inbox entries and idempotency keys by
age, and nothing else."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web

from common import housekeeping
from common.db import migrate, pool_context
from common.http.app import PG
from common.http.idempotency import HTTP_MIGRATIONS
from common.messaging import MESSAGING_MIGRATIONS
from common.settings import CommonSettings
from common.testing import serve, wait_until

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


@pytest.fixture
async def pool(make_database):
    dsn = await make_database(f"hk_{uuid.uuid4().hex[:6]}")
    async with pool_context(dsn, 1, 2) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, [MESSAGING_MIGRATIONS, HTTP_MIGRATIONS])
        yield pool


async def outbox_row(conn, created_ago: timedelta, published_ago: timedelta | None) -> uuid.UUID:
    row_id = uuid.uuid4()
    await conn.execute(
        "INSERT INTO outbox (id, routing_key, envelope, created_at, published_at) VALUES ($1, 'x.y', '{}', $2, $3)",
        row_id, NOW - created_ago, None if published_ago is None else NOW - published_ago)
    return row_id


async def test_old_bookkeeping_goes_and_everything_else_stays(pool, monkeypatch):
    monkeypatch.setattr(housekeeping, "BATCH", 3)  # several batches
    async with pool.acquire() as conn:
        old_published = [await outbox_row(conn, timedelta(days=9), timedelta(days=8)) for _ in range(7)]
        kept = {await outbox_row(conn, timedelta(days=9), timedelta(days=6)),
                await outbox_row(conn, timedelta(days=30), None)}  # never published: always kept
        for days in (8, 8, 1):
            await conn.execute("INSERT INTO inbox (consumer, event_id, handled_at) VALUES ('c', $1, $2)",
                               uuid.uuid4(), NOW - timedelta(days=days))
        for key, hours in (("old", 25), ("fresh", 23)):
            await conn.execute("INSERT INTO idempotency_keys (scope, key, request_hash, created_at) "
                               "VALUES ('s', $1, 'h', $2)", key, NOW - timedelta(hours=hours))
    removed = await housekeeping.prune(pool, WEEK, NOW)
    assert removed == {"outbox": len(old_published), "inbox": 2, "idempotency_keys": 1}
    async with pool.acquire() as conn:
        assert {row["id"] for row in await conn.fetch("SELECT id FROM outbox")} == kept
        assert await conn.fetchval("SELECT count(*) FROM inbox") == 1
        assert await conn.fetchval("SELECT array_agg(key) FROM idempotency_keys") == ["fresh"]
    assert await housekeeping.prune(pool, WEEK, NOW) == {"outbox": 0, "inbox": 0, "idempotency_keys": 0}


async def test_a_service_prunes_every_interval(pool):
    async with pool.acquire() as conn:
        stale = await outbox_row(conn, timedelta(days=9), timedelta(days=8))
    app = web.Application()
    app[PG] = pool
    app.cleanup_ctx.append(housekeeping.housekeeping_context(CommonSettings(housekeeping_interval_seconds=0.05)))
    async with serve(app):

        async def pruned() -> bool:
            async with pool.acquire() as conn:
                return not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM outbox WHERE id = $1)", stale)

        await wait_until(pruned, timeout=5)
