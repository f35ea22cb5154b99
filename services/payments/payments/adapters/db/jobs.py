"""The durable work queue in the payments database. A worker takes the oldest ready job with
FOR UPDATE SKIP LOCKED (two workers never hold the same job) and marks it done in the same
transaction as the job's effect: a crash before commit leaves it ready for the next worker."""

import json
from typing import Any

import asyncpg

from payments.domain.jobs import MAX_ATTEMPTS, JobState, backoff


class Jobs:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def enqueue(self, network_id: int, network: str, kind: str, key: str, payload: dict[str, Any]) -> None:
        await self._conn.execute(
            "INSERT INTO jobs (network_id, network, kind, job_key, payload, state) VALUES ($1, $2, $3, $4, $5, $6) "
            "ON CONFLICT (job_key) DO NOTHING", network_id, network, kind, key, json.dumps(payload), JobState.READY)

    async def take(self) -> asyncpg.Record | None:
        return await self._conn.fetchrow(
            "SELECT * FROM jobs WHERE state = $1 AND run_after <= now() ORDER BY run_after, id "
            "LIMIT 1 FOR UPDATE SKIP LOCKED", JobState.READY)

    async def done(self, job_id: int) -> None:
        await self._conn.execute("UPDATE jobs SET state = $2, done_at = now() WHERE id = $1", job_id, JobState.DONE)

    async def failed(self, job_id: int, error: str) -> None:
        """One more failed attempt: retried after a back-off, dead after MAX_ATTEMPTS."""
        attempts = await self._conn.fetchval("UPDATE jobs SET attempts = attempts + 1, last_error = $2 "
                                             "WHERE id = $1 RETURNING attempts", job_id, error[:2000])
        state = JobState.DEAD if attempts >= MAX_ATTEMPTS else JobState.READY
        await self._conn.execute("UPDATE jobs SET state = $2, run_after = now() + $3 WHERE id = $1",
                                 job_id, state, backoff(attempts))
