"""Payment workers: distribution jobs per second with one worker process and with two, in one run.

Seeds N offerings (each with its own settled investors and a paid dividend, so the jobs do not
wait on each other's rows), queues their distributions, starts `python -m payments worker`
processes and times how long they take to drain the queue. Then it resets the queue and the
figures and does it again with two workers. Goal: two >= 1.8x one (no provider sandbox is
involved: the database is the only shared resource). It asserts nothing and prints the figures.

    .venv/bin/python bench/payment_workers.py [--jobs 400] [--investors 10]
"""

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import time
from decimal import Decimal

from common.db import drop_database, ensure_database, migrate, pool_context
from common.settings import CommonSettings
from common.testing import free_port
from common.uow import Tenant
from payments.app import MIGRATIONS
from payments.domain.ledger import InvestmentStage
from payments.service import payouts
from payments.service.unit_of_work import PaymentsUnitOfWork

DATABASE = "cv_bench_payments"
TENANT = Tenant("bench", 1)
SHARES = ("transactions", "transfers", "payouts", "known_investments", "known_offerings", "accounts", "jobs")


async def seed(pool, jobs: int, investors: int) -> None:
    async with pool.acquire() as conn:
        await conn.execute(f"TRUNCATE {', '.join(SHARES)} RESTART IDENTITY CASCADE")
    async with PaymentsUnitOfWork(pool, TENANT) as uow:
        for offering_id in range(1, jobs + 1):
            await uow.known.record_offering(TENANT.id, offering_id, offering_id)
            for n in range(investors):
                investment_id = offering_id * 1000 + n
                await uow.known.record_investment(TENANT.id, investment_id, offering_id, investment_id,
                                                  Decimal(100 + n), InvestmentStage.SETTLED)
            payout_id = (await payouts.create(uow, {"offering_id": offering_id}, [
                {"currency": "EUR", "payout_amount": Decimal("1000.00"), "payout_type": 0}]))[0]
            await payouts.paid(uow, await uow.payouts.get(TENANT.id, payout_id))
        await uow.commit()


def start_workers(count: int, settings: CommonSettings) -> list[subprocess.Popen]:
    env = {**os.environ, "CV_DATABASE_URL": settings.database_url, "CV_PAYMENTS_DATABASE": DATABASE,
           "CV_LOG_LEVEL": "WARNING", "CV_WORKER_POLL_SECONDS": "0.05",
           "CV_INTERNAL_SECRET": secrets.token_urlsafe(32)}
    return [subprocess.Popen([sys.executable, "-m", "payments", "worker"],
                             env=env | {"CV_HEALTH_PORT": str(free_port())}) for _ in range(count)]


async def drain(pool, jobs: int, workers: list[subprocess.Popen]) -> float:
    started = time.perf_counter()
    while await pool.fetchval("SELECT count(*) FROM jobs WHERE done_at IS NOT NULL") < jobs:
        if all(worker.poll() is not None for worker in workers):
            raise SystemExit("the workers stopped before the queue was drained")
        await asyncio.sleep(0.02)
    return jobs / (time.perf_counter() - started)


async def run(count: int, pool, settings: CommonSettings, jobs: int, investors: int) -> float:
    await seed(pool, jobs, investors)
    workers = start_workers(count, settings)
    try:
        return await drain(pool, jobs, workers)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(10)


async def main(jobs: int, investors: int) -> None:
    settings = CommonSettings()
    await drop_database(settings.database_url, DATABASE)
    await ensure_database(settings.database_url, DATABASE)
    try:
        async with pool_context(settings.database_dsn(DATABASE), 1, 2) as pool:
            async with pool.acquire() as conn:
                await migrate(conn, MIGRATIONS)
            one = await run(1, pool, settings, jobs, investors)
            two = await run(2, pool, settings, jobs, investors)
        print(f"payment workers, {jobs} distribution jobs of {investors} investors each")
        print(f"  1 worker : {one:8.1f} jobs/s")
        print(f"  2 workers: {two:8.1f} jobs/s  ({two / one:.2f}x one; goal >= 1.80x)")
    finally:
        await drop_database(settings.database_url, DATABASE)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=400)
    parser.add_argument("--investors", type=int, default=10)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.jobs, arguments.investors))
