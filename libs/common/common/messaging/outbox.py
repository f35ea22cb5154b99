"""Writing events into the outbox, inside the caller's transaction."""

import asyncpg

from common.json import dumps_str
from common.messaging.envelope import EventEnvelope

OUTBOX_CHANNEL = "outbox"  # NOTIFY channel that wakes the relay


async def record_event(conn: asyncpg.Connection, envelope: EventEnvelope) -> None:
    """Store ``envelope`` for publishing; call it in the transaction that makes the change."""
    await conn.execute(
        "INSERT INTO outbox (id, routing_key, envelope) VALUES ($1, $2, $3::jsonb)",
        envelope.id,
        envelope.type,
        dumps_str(envelope.model_dump(mode="json")),
    )
    await conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")
