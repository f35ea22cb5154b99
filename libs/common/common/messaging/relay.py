"""The outbox relay: publishes committed events to the exchange, marking each only once the
broker has confirmed it. A crash in between publishes the event again later, never loses it;
consumers drop the duplicate through their inbox.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import aio_pika
import asyncpg
import structlog
from aio_pika.abc import AbstractExchange, AbstractRobustConnection
from aiohttp import web

from common.http.app import PG, READINESS_CHECKS, background_task
from common.messaging.outbox import OUTBOX_CHANNEL
from common.messaging.topology import declare_events_exchange
from common.settings import CommonSettings

log = structlog.get_logger(__name__)


class OutboxRelay:
    def __init__(self, pool: asyncpg.Pool, exchange: AbstractExchange, batch_size: int = 100,
                 poll_seconds: float = 1.0) -> None:
        self.pool = pool
        self.exchange = exchange
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    async def publish_pending(self) -> int:
        """Publish every unpublished event, batch by batch; return how many were published."""
        total = 0
        while published := await self._publish_batch():
            total += published
        return total

    async def _publish_batch(self) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT id, routing_key, envelope::text AS body FROM outbox WHERE published_at IS NULL "
                "ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED",
                self.batch_size,
            )
            for row in rows:
                await self.exchange.publish(_message(row), routing_key=row["routing_key"])
            if rows:
                await self._mark_published(conn, [row["id"] for row in rows])
            return len(rows)

    async def _mark_published(self, conn: asyncpg.Connection, ids: list) -> None:
        await conn.execute("UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])", ids)

    async def run(self) -> None:
        """Publish whenever an event is recorded (NOTIFY) or every ``poll_seconds``; never gives up."""
        async with self.pool.acquire() as listener:
            await listener.add_listener(OUTBOX_CHANNEL, self._on_notify)
            try:
                await self._loop()
            finally:
                await listener.remove_listener(OUTBOX_CHANNEL, self._on_notify)

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    async def _loop(self) -> None:
        delay = self.poll_seconds
        while True:
            self._wake.clear()  # before publishing, so a NOTIFY arriving meanwhile is not lost
            try:
                await self.publish_pending()
                delay = self.poll_seconds
            except (aio_pika.exceptions.AMQPError, ConnectionError, asyncpg.PostgresError, OSError) as exc:
                log.warning("outbox_publish_failed", error=type(exc).__name__)
                delay = min(delay * 2, 30)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
            except TimeoutError:
                pass


def _message(row: asyncpg.Record) -> aio_pika.Message:
    return aio_pika.Message(
        body=row["body"].encode(),
        message_id=str(row["id"]),
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )


async def connect_broker(settings: CommonSettings) -> AbstractRobustConnection:
    return await aio_pika.connect_robust(settings.amqp_url)


def broker_connected(connection: AbstractRobustConnection) -> Callable[[], Awaitable[None]]:
    """A readiness check: the connection is up (it reconnects by itself meanwhile)."""

    async def check() -> None:
        if not connection.connected.is_set():
            raise ConnectionError("not connected to the broker")

    return check


def outbox_relay_context(settings: CommonSettings) -> Callable:
    """A cleanup context running the relay beside a service (after its postgres context)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        connection = await connect_broker(settings)
        channel = await connection.channel(publisher_confirms=True)
        exchange = await declare_events_exchange(channel, settings.events_exchange)
        app[READINESS_CHECKS]["rabbitmq:relay"] = broker_connected(connection)
        async with background_task(app, "relay", OutboxRelay(app[PG], exchange).run()):
            yield
        await connection.close()

    return context
