"""Pruning rows that only bookkeeping needs, and only for a while, so that no table grows
without end: outbox rows once published, inbox entries once handled (both kept for
``CV_BOOKKEEPING_RETENTION_DAYS``), and idempotency keys past their 24 hours.

Deletes go in batches, so a large backlog never holds long locks.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import asyncpg
import structlog
from aiohttp import web

from common.http.app import PG, background_task
from common.http.idempotency import KEPT as IDEMPOTENCY_KEPT
from common.settings import CommonSettings

log = structlog.get_logger(__name__)

BATCH = 5000
AGE_COLUMNS = {"outbox": "published_at", "inbox": "handled_at", "idempotency_keys": "created_at"}


async def prune(pool: asyncpg.Pool, retention: timedelta, now: datetime) -> dict[str, int]:
    """Delete what may go; answer how many rows each table lost."""
    cutoffs = {"outbox": now - retention, "inbox": now - retention, "idempotency_keys": now - IDEMPOTENCY_KEPT}
    removed = {}
    async with pool.acquire() as conn:
        for table, column in AGE_COLUMNS.items():
            removed[table] = 0
            while True:
                status = await conn.execute(
                    f"DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} WHERE {column} < $1 "
                    f"LIMIT {BATCH}))", cutoffs[table])
                deleted = int(status.rsplit(" ", 1)[1])
                removed[table] += deleted
                if deleted < BATCH:
                    break
    return removed


def housekeeping_context(settings: CommonSettings) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context (after the service's postgres context) pruning every interval."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        async with background_task(app, "housekeeping", prune_every_interval(app[PG], settings)):
            yield

    return context


async def prune_every_interval(pool: asyncpg.Pool, settings: CommonSettings) -> None:
    retention = timedelta(days=settings.bookkeeping_retention_days)
    while True:
        await asyncio.sleep(settings.housekeeping_interval_seconds)
        try:
            removed = await prune(pool, retention, datetime.now().astimezone())
            log.info("bookkeeping_pruned", **removed)
        except (OSError, asyncpg.PostgresError):
            log.exception("bookkeeping_prune_failed")
