"""Fixtures for every test tier: the real PostgreSQL and RabbitMQ, isolated per run.

The servers come from CV_DATABASE_URL and CV_AMQP_URL (local defaults). When they are
not reachable and Docker is, testcontainers starts them. Each run uses fresh databases
named ``cvt_<run>_<name>`` and a broker prefix ``cvt.<run>``; both are removed afterwards.
"""

import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import aio_pika
import pytest

from common.db import drop_database, ensure_database


@dataclass(frozen=True)
class Infra:
    database_url: str
    amqp_url: str


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def run_id() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def infra() -> Infra:
    database_url = os.environ.get("CV_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432")
    amqp_url = os.environ.get("CV_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    containers = []
    if not _reachable(database_url, 5432):
        from testcontainers.postgres import PostgresContainer

        pg = PostgresContainer("postgres:16-alpine", driver=None).start()
        containers.append(pg)
        database_url = pg.get_connection_url().rsplit("/", 1)[0]
    if not _reachable(amqp_url, 5672):
        from testcontainers.rabbitmq import RabbitMqContainer

        mq = RabbitMqContainer("rabbitmq:3.13-alpine").start()
        containers.append(mq)
        amqp_url = f"amqp://guest:guest@{mq.get_container_host_ip()}:{mq.get_exposed_port(5672)}/"
    yield Infra(database_url, amqp_url)
    for container in containers:
        container.stop()


@pytest.fixture(scope="session")
def broker_prefix(run_id: str) -> str:
    return f"cvt.{run_id}"


@pytest.fixture(scope="session")
async def make_database(infra: Infra, run_id: str) -> AsyncIterator[Callable[[str], Awaitable[str]]]:
    """Create a fresh database for this run; returns its DSN. All are dropped at the end."""
    created: list[str] = []

    async def make(name: str) -> str:
        database = f"cvt_{run_id}_{name}"
        await ensure_database(infra.database_url, database)
        created.append(database)
        return f"{infra.database_url.rstrip('/')}/{database}"

    yield make
    for database in created:
        await drop_database(infra.database_url, database)


@pytest.fixture(scope="session")
async def broker_cleanup(infra: Infra, broker_prefix: str) -> AsyncIterator[list[tuple[str, str]]]:
    """Tests append ("queue"|"exchange", name) for what they declare; deleted at the end."""
    declared: list[tuple[str, str]] = []
    yield declared
    connection = await aio_pika.connect(infra.amqp_url)
    try:
        for kind, name in reversed(declared):
            channel = await connection.channel()
            try:
                if kind == "queue":
                    await channel.queue_delete(name)
                else:
                    await channel.exchange_delete(name)
            except aio_pika.exceptions.AMQPError:
                pass
    finally:
        await connection.close()
