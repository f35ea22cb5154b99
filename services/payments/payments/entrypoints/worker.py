"""The payment worker role: takes jobs from the durable queue (payments.adapters.db.jobs) and
runs each in one unit of work with its ``done`` mark, so a job is acknowledged only once its
effect commits. A failing job is retried with back-off, then dead-lettered. Any number of
workers may run: SKIP LOCKED hands each job to one of them at a time."""

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import structlog
from aiohttp import web

from common.http.app import PG
from common.uow import Tenant
from payments.domain.jobs import DISTRIBUTE
from payments.service import payouts
from payments.service.unit_of_work import PaymentsUnitOfWork
from payments.settings import PaymentsSettings

log = structlog.get_logger("payments.worker")

JobHandler = Callable[[PaymentsUnitOfWork, dict[str, Any]], Awaitable[Any]]
HANDLERS: dict[str, JobHandler] = {
    DISTRIBUTE: lambda uow, payload: payouts.distribute(uow, payload["payout_id"]),
}


async def run_one(pool: asyncpg.Pool) -> bool:
    """Take and run one ready job; False when there is none."""
    async with PaymentsUnitOfWork(pool, None) as uow:
        job = await uow.jobs.take()
        if job is None:
            return False
        uow.tenant = Tenant(job["network"], job["network_id"])
        try:
            async with PaymentsUnitOfWork(pool, uow.tenant, uow.connection) as work:
                await HANDLERS[job["kind"]](work, json.loads(job["payload"]))
                await work.commit()  # the savepoint: the effect and the job's mark commit together below
            await uow.jobs.done(job["id"])
        except Exception as exc:
            log.warning("payment_job_failed", job_id=job["id"], kind=job["kind"], error=str(exc))
            await uow.jobs.failed(job["id"], repr(exc))
        await uow.commit()
        return True


async def work(pool: asyncpg.Pool, poll_seconds: float) -> None:
    while True:
        if not await run_one(pool):
            await asyncio.sleep(poll_seconds)


def worker_context(settings: PaymentsSettings):
    async def worker(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(work(app[PG], settings.worker_poll_seconds))
        yield
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    return worker
