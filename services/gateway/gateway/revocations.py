"""Dropping cached credentials of a user the moment identity blocks them or revokes their sessions."""

import asyncio
from collections.abc import AsyncIterator

import aio_pika
import structlog

from common.events.identity import (
    UserBlockedV1,
    UserDeletedV1,
    UserSessionsRevokedV1,
    UserUpdatedV1,
)
from common.messaging import EventEnvelope
from gateway.caches import CredentialCache

log = structlog.get_logger(__name__)

# an update may change is_admin or is_vip, which the cached principal carries
REVOKING_EVENTS = (UserBlockedV1, UserSessionsRevokedV1, UserDeletedV1, UserUpdatedV1)


async def listen_for_revocations(amqp_url: str, exchange_name: str, cache: CredentialCache) -> AsyncIterator[None]:
    """Cleanup-context body: an exclusive queue bound to the revoking events, for this process only."""
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(exchange_name, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    for contract in REVOKING_EVENTS:
        await queue.bind(exchange, contract.routing_key)

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        async with message.process(ignore_processed=True):
            envelope = EventEnvelope.model_validate_json(message.body)
            user_id = envelope.payload.get("user_id")
            if isinstance(user_id, int):
                cache.evict_user(envelope.network, user_id)
                log.info("credentials_evicted", network=envelope.network, user_id=user_id)

    await queue.consume(on_message)
    try:
        yield
    finally:
        await asyncio.shield(connection.close())
