"""Writing events into the outbox, inside the caller's transaction."""

from collections.abc import Sequence

import asyncpg

from common.json import dumps_str
from common.messaging.envelope import EventEnvelope

OUTBOX_CHANNEL = "outbox"  # NOTIFY channel that wakes the relay


async def record_events(conn: asyncpg.Connection, envelopes: Sequence[EventEnvelope]) -> None:
    """Store ``envelopes`` for publishing; call it in the transaction that makes the change."""
    await conn.executemany(
        "INSERT INTO outbox (id, routing_key, envelope) VALUES ($1, $2, $3::jsonb)",
        [(e.id, e.type, dumps_str(e.model_dump(mode="json"))) for e in envelopes])
    await conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")


async def record_event(conn: asyncpg.Connection, envelope: EventEnvelope) -> None:
    await record_events(conn, [envelope])
