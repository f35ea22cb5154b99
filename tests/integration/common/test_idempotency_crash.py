"""An Idempotency-Key's claim, the request's effect and the stored answer commit together or not
at all, proven on a real service process (``effect_service``) that is killed at the worst moments:
after the effect's statements and before the commit, and after the commit before the answer is
written. Whatever happens, a retry with the same key leaves exactly one effect, and gets the first
answer whenever there was one."""

import asyncio
import os
import secrets
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from effect_service import HOLD_LOCK

from common.errors import PlatformError
from common.http.idempotency import IDEMPOTENCY_HEADER, REPLAYED_HEADER
from common.http.principal import Principal
from common.testing import assert_error, free_port, principal_headers, wait_until

HERE = Path(__file__).parent
SECRET = secrets.token_urlsafe(32)
CALLER = Principal(network="demo", network_id=1, user_id=5)
PATH = "/v1/demo/effects"


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict
    replayed: bool


@dataclass(frozen=True)
class Database:
    dsn: str
    pool: asyncpg.Pool

    async def effects(self, note: str) -> list[int]:
        return [row["id"] for row in await self.pool.fetch("SELECT id FROM effects WHERE note = $1", note)]

    async def events(self, note: str) -> list[str]:
        return [row["routing_key"] for row in await self.pool.fetch(
            "SELECT routing_key FROM outbox WHERE envelope->'payload'->>'note' = $1", note)]

    async def keys(self, key: str) -> int:
        return await self.pool.fetchval("SELECT count(*) FROM idempotency_keys WHERE key = $1", key)

    async def last_effect_id(self) -> int:
        """The effects' sequence, which a rollback does not take back: it shows an INSERT ran."""
        return await self.pool.fetchval("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM effects_id_seq")

    async def waiting_on(self, locktype: str) -> bool:
        """Whether a backend of this database waits for a lock of this type."""
        return bool(await self.pool.fetchval(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE NOT l.granted AND l.locktype = $1 AND a.datname = current_database()", locktype))


class EffectService:
    """``effect_service`` as a process of its own."""

    def __init__(self, database: Database, log_path: Path, failpoints: tuple[str, ...], in_progress_wait: str | None) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.env = {**os.environ, "CV_INTERNAL_SECRET": SECRET, "EFFECTS_DSN": database.dsn,
                    "EFFECTS_PORT": self.url.rsplit(":", 1)[1], "CV_FAILPOINTS": ",".join(failpoints),
                    "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
        if in_progress_wait:
            self.env["EFFECTS_IN_PROGRESS_WAIT"] = in_progress_wait
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", "import effect_service; effect_service.main()", env=self.env, stdout=log, stderr=log)

        async def ready() -> bool:
            assert self.process.returncode is None, self.log_path.read_text()
            try:
                async with aiohttp.ClientSession() as session, session.get(self.url + "/readyz") as resp:
                    return resp.status == 200
            except aiohttp.ClientConnectionError:
                return False

        await wait_until(ready, timeout=30)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(self.process.wait(), timeout=10)

    async def died(self) -> int:
        return await asyncio.wait_for(self.process.wait(), timeout=10)

    async def post(self, key: str, note: str, **headers: str) -> Answer:
        headers = {IDEMPOTENCY_HEADER: key, **principal_headers(CALLER, SECRET.encode(), "POST", PATH),
                   **{name.replace("_", "-"): value for name, value in headers.items()}}
        async with aiohttp.ClientSession() as session, session.post(self.url + PATH, json={"note": note},
                                                                    headers=headers) as resp:
            return Answer(resp.status, await resp.json(), resp.headers.get(REPLAYED_HEADER) == "true")


@pytest.fixture(scope="module")
def database(effects_database) -> Database:
    return Database(*effects_database)


@pytest.fixture(scope="module")
def log_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("effects") / "effects.log"


@pytest.fixture
def running(database, log_path):
    @asynccontextmanager
    async def start(*failpoints: str, in_progress_wait: str | None = None) -> AsyncIterator[EffectService]:
        service = EffectService(database, log_path, failpoints, in_progress_wait)
        await service.start()
        try:
            yield service
        finally:
            await service.stop()

    return start


@pytest.fixture(scope="module")
async def service(database, log_path) -> AsyncIterator[EffectService]:
    service = EffectService(database, log_path, (), None)
    await service.start()
    yield service
    await service.stop()


@asynccontextmanager
async def holding(database: Database) -> AsyncIterator[None]:
    """Hold the advisory lock a request sent with ``X-Hold`` waits for, after its effect."""
    async with database.pool.acquire() as conn:
        await conn.execute("SELECT pg_advisory_lock($1)", HOLD_LOCK)
        try:
            yield
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", HOLD_LOCK)


def fresh() -> tuple[str, str]:
    """A new Idempotency-Key and a note no other test writes."""
    return uuid.uuid4().hex, uuid.uuid4().hex


async def test_a_crash_after_the_effect_and_before_the_commit_leaves_nothing_and_the_retry_makes_it_once(
        database, running):
    key, note = fresh()
    before = await database.last_effect_id()
    async with running("idempotency.before_commit") as service:
        with pytest.raises(aiohttp.ClientConnectionError):
            await service.post(key, note)
        assert await service.died() == -signal.SIGKILL
    assert await database.last_effect_id() == before + 1  # the effect's INSERT ran before the crash
    assert (await database.effects(note), await database.events(note), await database.keys(key)) == ([], [], 0)

    async with running() as service:
        retry = await service.post(key, note)
    assert (retry.status, retry.replayed) == (201, False)
    assert await database.effects(note) == [retry.body["data"]["effect_id"]]
    assert await database.events(note) == ["effect_service.effect.made"]


async def test_a_crash_after_the_commit_keeps_the_answer_and_the_retry_gets_it_with_one_effect(database, running):
    key, note = fresh()
    async with running("idempotency.after_commit") as service:
        with pytest.raises(aiohttp.ClientConnectionError):
            await service.post(key, note)
        assert await service.died() == -signal.SIGKILL
    [effect_id] = await database.effects(note)

    async with running() as service:
        retry = await service.post(key, note)
    assert (retry.status, retry.replayed) == (201, True)
    assert retry.body == {"outcome": "success", "status": 201, "data": {"effect_id": effect_id, "note": note}}
    assert await database.effects(note) == [effect_id]
    assert await database.events(note) == ["effect_service.effect.made"]


@pytest.mark.parametrize(("then", "status"), [("fail", 500), ("refuse", 400)])
async def test_an_error_raised_after_the_effect_leaves_neither_effect_nor_key_and_the_retry_runs_afresh(
        database, service, then, status):
    key, note = fresh()
    failed = await service.post(key, note, X_Then=then)
    assert failed.status == status
    assert (await database.effects(note), await database.events(note), await database.keys(key)) == ([], [], 0)

    retry = await service.post(key, note)
    assert (retry.status, retry.replayed) == (201, False)
    assert await database.effects(note) == [retry.body["data"]["effect_id"]]


async def test_a_duplicate_sent_while_the_first_runs_waits_for_it_and_replays_its_answer(database, service):
    key, note = fresh()
    async with holding(database):
        first = asyncio.create_task(service.post(key, note, X_Hold="1"))
        await wait_until(lambda: database.waiting_on("advisory"))  # the first has made its effect
        duplicate = asyncio.create_task(service.post(key, note))
        await wait_until(lambda: database.waiting_on("transactionid"))  # the duplicate waits on the claim
    first, duplicate = await first, await duplicate
    assert (first.status, first.replayed, duplicate.status, duplicate.replayed) == (201, False, 201, True)
    assert duplicate.body == first.body
    assert await database.effects(note) == [first.body["data"]["effect_id"]]


async def test_a_duplicate_waits_at_most_the_in_progress_wait_then_is_told_the_first_still_runs(database, running):
    key, note = fresh()
    async with running(in_progress_wait="300ms") as service:
        async with holding(database):
            first = asyncio.create_task(service.post(key, note, X_Hold="1"))
            await wait_until(lambda: database.waiting_on("advisory"))
            duplicate = await service.post(key, note)
            assert_error(duplicate.status, duplicate.body, 409, PlatformError.IDEMPOTENCY_IN_PROGRESS)
            assert not first.done()
        first = await first  # it waited for the lock longer than a duplicate waits for it: no matter
        later = await service.post(key, note)
    assert (first.status, later.status, later.replayed, later.body) == (201, 201, True, first.body)
    assert await database.effects(note) == [first.body["data"]["effect_id"]]


async def test_the_same_key_with_another_body_is_refused_and_changes_nothing(database, service):
    key, note = fresh()
    first = await service.post(key, note)
    other = await service.post(key, note + "-other")
    assert first.status == 201
    assert_error(other.status, other.body, 422, PlatformError.IDEMPOTENCY_CONFLICT)
    assert (await database.effects(note), await database.effects(note + "-other")) == (
        [first.body["data"]["effect_id"]], [])
