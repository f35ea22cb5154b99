"""The inbox: which events each consumer has handled, so a redelivery changes nothing."""

import uuid

import asyncpg


async def first_delivery(conn: asyncpg.Connection, consumer: str, event_id: uuid.UUID) -> bool:
    """Record that ``consumer`` handles ``event_id`` (in the handler's transaction); False when
    it already did."""
    return bool(await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
        consumer, event_id))
