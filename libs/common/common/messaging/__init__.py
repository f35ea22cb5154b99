"""Integration events: envelope, transactional outbox, relay and idempotent consumers."""

from pathlib import Path

from common.messaging.envelope import EventEnvelope, IntegrationEvent
from common.messaging.outbox import record_event

MESSAGING_MIGRATIONS = ("messaging", Path(__file__).parent / "migrations")

__all__ = ["MESSAGING_MIGRATIONS", "EventEnvelope", "IntegrationEvent", "record_event"]
