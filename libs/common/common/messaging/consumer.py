"""The idempotent consumer: each event handled at most once per consumer (the inbox), retried
with back-off when its handler fails, and dead-lettered after the last attempt, without ever
holding up the events behind it.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import aio_pika
import asyncpg
import structlog
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage
from aiohttp import web
from pydantic import ValidationError

from common.http.app import PG, READINESS_CHECKS
from common.logging import describe_exception
from common.messaging.envelope import EventEnvelope, IntegrationEvent
from common.messaging.relay import broker_connected, connect_broker
from common.messaging.topology import ConsumerQueues, declare_events_exchange
from common.settings import CommonSettings
from common.uow import Tenant, UnitOfWork

log = structlog.get_logger(__name__)

Handler = Callable[[Any, Any], Awaitable[None]]  # (the service's unit of work, the contract's event)
Handlers = Mapping[type[IntegrationEvent], Handler]
UnitOfWorkFactory = Callable[[asyncpg.Pool, Tenant], UnitOfWork]
ATTEMPT_HEADER = "x-cv-attempt"
ERROR_HEADER = "x-cv-error"
DEFAULT_RETRY_DELAYS = (1.0, 10.0, 60.0)


class EventConsumer:
    def __init__(self, name: str, handlers: Handlers, unit_of_work: UnitOfWorkFactory, pool: asyncpg.Pool,
                 channel: AbstractChannel, queues: ConsumerQueues) -> None:
        self.name = name
        self.handlers = {contract.routing_key: (contract, handler) for contract, handler in handlers.items()}
        self.unit_of_work = unit_of_work
        self.pool = pool
        self.channel = channel
        self.queues = queues

    async def start(self, exchange_name: str, prefetch: int = 20) -> None:
        await self.channel.set_qos(prefetch_count=prefetch)
        exchange = await declare_events_exchange(self.channel, exchange_name)
        queue = await self.queues.declare(self.channel, exchange, list(self.handlers))
        await queue.consume(self._on_message)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        try:
            envelope = EventEnvelope.model_validate_json(message.body)
        except ValidationError as exc:
            await self._park(message, self.queues.dead, {ERROR_HEADER: f"unreadable envelope: {describe_exception(exc)}"})
            return
        try:
            await self._handle_once(envelope)
        except Exception as exc:  # the handler's failure, whatever it is, is retried
            await self._retry_or_bury(message, envelope, exc)
            return
        await message.ack()

    async def _handle_once(self, envelope: EventEnvelope) -> None:
        """The handler's change and the inbox entry commit together, in one unit of work."""
        contract, handler = self.handlers.get(envelope.type, (None, None))
        async with self.unit_of_work(self.pool, Tenant(envelope.network, envelope.network_id)) as uow:
            if await uow.consumed(self.name, envelope.id) and handler is not None:
                await handler(uow, envelope.parse(contract))
            await uow.commit()

    async def _retry_or_bury(self, message: AbstractIncomingMessage, envelope: EventEnvelope, exc: Exception) -> None:
        attempt = int((message.headers or {}).get(ATTEMPT_HEADER, 0)) + 1
        error = describe_exception(exc)[:500]  # logged and kept in the message's headers
        if attempt > len(self.queues.retry_delays):
            log.error("event_dead_lettered", consumer=self.name, event_id=str(envelope.id), type=envelope.type, error=error)
            await self._park(message, self.queues.dead, {ATTEMPT_HEADER: attempt, ERROR_HEADER: error})
        else:
            log.warning("event_retry", consumer=self.name, event_id=str(envelope.id), attempt=attempt, error=error)
            await self._park(message, self.queues.retry(attempt), {ATTEMPT_HEADER: attempt, ERROR_HEADER: error})

    async def _park(self, message: AbstractIncomingMessage, queue: str, headers: dict) -> None:
        """Move the message to ``queue`` (confirmed by the broker), then take it off this one."""
        copy = aio_pika.Message(
            body=message.body,
            headers={**(message.headers or {}), **headers},
            message_id=message.message_id,
            content_type=message.content_type,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await self.channel.default_exchange.publish(copy, routing_key=queue)
        await message.ack()


def consumer_context(settings: CommonSettings, name: str, handlers: Handlers, unit_of_work: UnitOfWorkFactory,
                     retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS) -> Callable:
    """A cleanup context consuming beside a service (after its postgres context)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        connection = await connect_broker(settings)
        channel = await connection.channel(publisher_confirms=True)
        queues = ConsumerQueues(settings.broker_prefix, name, retry_delays)
        await EventConsumer(name, handlers, unit_of_work, app[PG], channel, queues).start(settings.events_exchange)
        app[READINESS_CHECKS]["rabbitmq:consumer"] = broker_connected(connection)
        yield
        await asyncio.shield(connection.close())

    return context
