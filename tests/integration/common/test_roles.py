"""Process roles: each role of a service runs as a process of its own (`python -m <service> <role>`),
answers ready on its own port, does its job alone, and stops on SIGTERM.

The role processes start together (module fixture), each on its own database, so that the
module costs about one process start.
"""

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import aio_pika
import aiohttp
import pytest
from aiohttp import web

from common.db import migrate, pool_context
from common.events.identity import NetworkSettingsChangedV1, UserBlockedV1
from common.http.app import background_task, create_health_app
from common.messaging.envelope import EventEnvelope
from common.messaging.outbox import record_event
from common.testing import broker_objects, free_port, serve, wait_until
from identity.app import MIGRATIONS as IDENTITY_MIGRATIONS
from offerings.app import MIGRATIONS as OFFERINGS_MIGRATIONS
from registry.app import MIGRATIONS as REGISTRY_MIGRATIONS
from sandboxes.smtp_sink import start_sink

STOP_TIMEOUT = 10  # seconds a role may take to stop after SIGTERM


@dataclass
class RoleProcess:
    service: str
    role: str
    port: int  # where it answers /healthz and /readyz
    log: Path
    process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, env: dict[str, str]) -> None:
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.service, self.role, env=env, stdout=log, stderr=log)

    async def readiness(self, timeout: float = 60) -> dict:
        """The /readyz answer, once the process is ready."""
        async with aiohttp.ClientSession() as http:
            async def ready() -> bool:
                assert self.process.returncode is None, f"{self} exited:\n{self.log.read_text()[-3000:]}"
                try:
                    async with http.get(f"{self.url}/readyz") as response:
                        return response.status == 200
                except aiohttp.ClientConnectionError:
                    return False

            await wait_until(ready, timeout=timeout, interval=0.2)
            async with http.get(f"{self.url}/readyz") as response:
                return (await response.json())["data"]

    async def get(self, path: str) -> tuple[int, dict]:
        async with aiohttp.ClientSession() as http, http.get(f"{self.url}{path}") as response:
            return response.status, await response.json()

    async def terminate(self) -> int:
        """SIGTERM; the exit code (it must come within STOP_TIMEOUT)."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT)

    def logged(self, event: str) -> bool:
        return f'"event":"{event}"' in self.log.read_text()


@dataclass
class Databases:
    identity: str  # migrated before the roles start
    identity_api: str  # empty: the api role migrates it
    offerings: str  # migrated
    registry: str  # empty: the housekeeping role waits for its migrations
    payments: str  # empty: its housekeeping role is stopped while it waits


@pytest.fixture(scope="module")
async def databases(make_database) -> Databases:
    suffix = uuid.uuid4().hex[:6]
    names = Databases(*[await make_database(f"roles_{name}_{suffix}") for name in ("identity", "identity_api",
                                                                                   "offerings", "registry", "payments")])
    for dsn, migrations in ((names.identity, IDENTITY_MIGRATIONS), (names.offerings, OFFERINGS_MIGRATIONS)):
        async with pool_context(dsn, 1, 1) as pool, pool.acquire() as conn:
            await migrate(conn, migrations)
    return names


@pytest.fixture(scope="module")
def mail_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mail")
    port = free_port()
    sink = start_sink(folder, "127.0.0.1", port)
    yield folder, port
    sink.stop()


@pytest.fixture(scope="module")
async def roles(infra, broker_prefix, broker_cleanup, databases, mail_dir, tmp_path_factory) -> dict[str, RoleProcess]:
    """identity's api, relay and worker, offerings' consumer, registry's and payments' housekeeping,
    each a process of its own; killed at the end if a test has not stopped it."""
    prefix = f"{broker_prefix}.roles"
    broker_cleanup.extend(broker_objects(prefix, "offerings"))
    logs = tmp_path_factory.mktemp("roles")
    common = {
        **os.environ,
        "CV_DATABASE_URL": infra.database_url,
        "CV_AMQP_URL": infra.amqp_url,
        "CV_BROKER_PREFIX": prefix,
        "CV_INTERNAL_SECRET": secrets.token_urlsafe(32),
        "CV_TOKEN_SECRET": secrets.token_urlsafe(32),
        "CV_LOG_FORMAT": "json",
        "CV_SMTP_URL": f"smtp://127.0.0.1:{mail_dir[1]}",
        "CV_HOUSEKEEPING_INTERVAL_SECONDS": "0.2",
    }
    own = {
        ("identity", "api"): {"CV_IDENTITY_DATABASE": databases.identity_api},
        ("identity", "relay"): {"CV_IDENTITY_DATABASE": databases.identity},
        ("identity", "worker"): {"CV_IDENTITY_DATABASE": databases.identity},
        ("offerings", "consumer"): {"CV_OFFERINGS_DATABASE": databases.offerings},
        ("registry", "housekeeping"): {"CV_REGISTRY_DATABASE": databases.registry},
        ("payments", "housekeeping"): {"CV_PAYMENTS_DATABASE": databases.payments},
    }
    started = {}
    for (service, role), env in own.items():
        port = free_port()
        ports = {"CV_IDENTITY_PORT": str(port)} if role == "api" else {"CV_HEALTH_PORT": str(port)}
        process = started[f"{service} {role}"] = RoleProcess(service, role, port, logs / f"{service}-{role}.log")
        database = {name: dsn.rsplit("/", 1)[1] for name, dsn in env.items()}
        await process.start({**common, **database, **ports})
    yield started
    for role in started.values():
        if role.process.returncode is None:
            role.process.kill()
            await role.process.wait()


async def test_the_api_role_migrates_its_database_and_needs_no_broker(roles, databases):
    api = roles["identity api"]
    assert (await api.readiness())["checks"] == ["postgres"]  # no relay, no consumer in this process
    async with pool_context(databases.identity_api, 1, 1) as pool:
        applied = await pool.fetchval("SELECT count(*) FROM schema_migrations")
    assert applied >= len(IDENTITY_MIGRATIONS)
    status, body = await api.get("/v1/demo/self")
    assert (status, body["outcome"]) == (401, "error")  # the API answers (only the gateway's calls get through)
    assert await api.terminate() == 0


async def test_the_relay_role_alone_publishes_the_outbox(roles, databases, infra, broker_prefix):
    relay = roles["identity relay"]
    assert (await relay.readiness())["checks"] == ["postgres", "rabbitmq:relay"]
    envelope = EventEnvelope.wrap(UserBlockedV1(user_id=41), "demo", 1)
    async with await aio_pika.connect(infra.amqp_url) as connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(f"{broker_prefix}.roles.events", aio_pika.ExchangeType.TOPIC,
                                                  durable=True)
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(exchange, UserBlockedV1.routing_key)
        async with pool_context(databases.identity, 1, 1) as pool, pool.acquire() as conn, conn.transaction():
            await record_event(conn, envelope)
        received = []

        async def published() -> bool:
            received.append(await queue.get(fail=False))
            return received[-1] is not None

        await wait_until(published, timeout=15, interval=0.1)
        assert received[-1].message_id == str(envelope.id)
    status, _ = await relay.get("/v1/demo/self")
    assert status == 404  # a role without the API serves only its health
    assert await relay.terminate() == 0


async def test_the_worker_role_alone_sends_the_queued_mail(roles, databases, mail_dir):
    worker = roles["identity worker"]
    assert (await worker.readiness())["checks"] == ["postgres"]
    async with pool_context(databases.identity, 1, 1) as pool:
        network_id = await pool.fetchval(
            "INSERT INTO networks (name, api_key, api_secret) VALUES ('roles', $1, $2) RETURNING id",
            secrets.token_hex(8), secrets.token_hex(16))
        mail_id = await pool.fetchval(
            "INSERT INTO mail_outbox (network_id, recipient, template, context) "
            "VALUES ($1, 'someone@roles.example', 'already_registered', '{\"network\": \"roles\"}') RETURNING id",
            network_id)
        await pool.execute("NOTIFY mail")

        async def sent() -> bool:
            return await pool.fetchval("SELECT sent_at IS NOT NULL FROM mail_outbox WHERE id = $1", mail_id)

        await wait_until(sent, timeout=15)
    assert any("someone@roles.example" in path.read_text() for path in mail_dir[0].glob("*.eml"))
    assert await worker.terminate() == 0


async def test_the_consumer_role_alone_handles_an_event(roles, databases, infra, broker_prefix):
    consumer = roles["offerings consumer"]
    assert (await consumer.readiness())["checks"] == ["postgres", "rabbitmq:consumer"]
    envelope = EventEnvelope.wrap(NetworkSettingsChangedV1(settings={"auto_approve_investments": False}), "roles", 77)
    async with await aio_pika.connect(infra.amqp_url) as connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(f"{broker_prefix}.roles.events")
        await exchange.publish(aio_pika.Message(envelope.model_dump_json().encode(), message_id=str(envelope.id)),
                               routing_key=envelope.type)
    async with pool_context(databases.offerings, 1, 1) as pool:

        async def handled() -> bool:
            return await pool.fetchval("SELECT EXISTS (SELECT 1 FROM inbox WHERE consumer = 'offerings' "
                                       "AND event_id = $1)", envelope.id)

        await wait_until(handled, timeout=15)
    assert await consumer.terminate() == 0


async def test_the_housekeeping_role_waits_for_the_migrations_then_prunes(roles, databases):
    housekeeping = roles["registry housekeeping"]
    await wait_until(_logged(housekeeping, "waiting_for_migrations"), timeout=60, interval=0.2)
    with pytest.raises(aiohttp.ClientConnectionError):
        await housekeeping.get("/readyz")  # not serving before its schema is there
    async with pool_context(databases.registry, 1, 1) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, REGISTRY_MIGRATIONS)
        assert (await housekeeping.readiness())["checks"] == ["postgres"]
        stale = uuid.uuid4()
        await pool.execute("INSERT INTO outbox (id, routing_key, envelope, created_at, published_at) "
                           "VALUES ($1, 'x.y', '{}', now() - $2::interval, now() - $2::interval)", stale, timedelta(days=30))

        async def pruned() -> bool:
            return not await pool.fetchval("SELECT EXISTS (SELECT 1 FROM outbox WHERE id = $1)", stale)

        await wait_until(pruned, timeout=15)
    assert await housekeeping.terminate() == 0


async def test_a_role_waiting_for_its_migrations_stops_on_sigterm(roles):
    housekeeping = roles["payments housekeeping"]
    await wait_until(_logged(housekeeping, "waiting_for_migrations"), timeout=60, interval=0.2)
    assert await housekeeping.terminate() == 0


def _logged(role: RoleProcess, event: str):
    async def logged() -> bool:
        assert role.process.returncode is None, role.log.read_text()[-3000:]
        return role.logged(event)

    return logged


async def test_a_role_the_service_does_not_have_is_refused():
    lacking = [("registry", "worker"), ("identity", "bogus"), ("gateway", "worker")]
    refusals = await asyncio.gather(*(_refusal(service, role) for service, role in lacking))
    for (service, role), (code, stderr) in zip(lacking, refusals, strict=True):
        assert code == 2, stderr
        assert f"{service} has no {role!r} role; its roles: api" in stderr


async def _refusal(service: str, role: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", service, role, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "CV_INTERNAL_SECRET": ""})  # refused before anything else is looked at
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, stderr.decode()


async def test_health_fails_once_a_background_task_stopped():
    app = create_health_app()

    async def doomed() -> None:
        raise RuntimeError("the loop broke")

    async def context(app: web.Application):
        async with background_task(app, "doomed", doomed()) as task:
            await asyncio.gather(task, return_exceptions=True)
            yield

    app.cleanup_ctx.append(context)
    async with serve(app) as url, aiohttp.ClientSession() as http, http.get(f"{url}/healthz") as response:
        body = await response.json()
    assert response.status == 503
    assert "doomed" in body["data"]["developer_message"]
