"""Mail is written to mail_outbox in the transaction that decides to send it; the sender
delivers it afterwards through SMTP, retrying with back-off, so a request never waits for
(or fails because of) the mail server.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import aiosmtplib
import asyncpg
import structlog
from aiohttp import web

from common.http.app import PG, background_task
from common.json import dumps_str, loads
from identity.adapters.mail.rendering import render

log = structlog.get_logger(__name__)

MAIL_CHANNEL = "mail"
MAX_ATTEMPTS = 8
# once a mail is sent (or given up), its context goes: it may hold a one-time secret's link,
# which is stored nowhere else but as a hash; recipient and template stay for the record
SCRUBBED = "'{}'::jsonb"


class MailOutbox:
    """The mail a unit of work decides to send, written with its change."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def queue(self, network_id: int, recipient: str, template: str, context: dict[str, Any]) -> None:
        await self._conn.execute(
            "INSERT INTO mail_outbox (network_id, recipient, template, context) VALUES ($1, $2, $3, $4::jsonb)",
            network_id, recipient, template, dumps_str(context))
        await self._conn.execute(f"NOTIFY {MAIL_CHANNEL}")


class MailSender:
    def __init__(self, pool: asyncpg.Pool, smtp_url: str, sender: str, poll_seconds: float = 5.0) -> None:
        parts = urlsplit(smtp_url)
        self.pool = pool
        self.hostname, self.port = parts.hostname or "127.0.0.1", parts.port or 25
        self.username, self.password = parts.username, parts.password
        self.use_tls = parts.scheme == "smtps"
        self.sender = sender
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    async def send_due(self) -> int:
        """Send every mail that is due, one transaction each; return how many went out."""
        sent = 0
        while (outcome := await self._send_one()) is not None:
            sent += outcome
        return sent

    async def _send_one(self) -> int | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(
                "SELECT id, recipient, template, context::text AS context, attempts FROM mail_outbox "
                "WHERE sent_at IS NULL AND next_attempt_at <= now() AND attempts < $1 "
                "ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED", MAX_ATTEMPTS)
            if row is None:
                return None
            try:
                await self._deliver(row)
            except (aiosmtplib.SMTPException, OSError) as exc:
                delay = timedelta(seconds=min(2 ** row["attempts"] * 5, 3600))
                given_up = row["attempts"] + 1 >= MAX_ATTEMPTS
                await conn.execute(
                    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3, "
                    f"context = {SCRUBBED if given_up else 'context'} WHERE id = $1", row["id"], str(exc)[:500], delay)
                log.warning("mail_not_sent", mail_id=row["id"], attempt=row["attempts"] + 1, error=type(exc).__name__)
                return 0
            await conn.execute(f"UPDATE mail_outbox SET sent_at = now(), attempts = attempts + 1, context = {SCRUBBED} "
                               "WHERE id = $1", row["id"])
            return 1

    async def _deliver(self, row: asyncpg.Record) -> None:
        message = render(row["template"], loads(row["context"]), self.sender, row["recipient"])
        await aiosmtplib.send(message, hostname=self.hostname, port=self.port, username=self.username,
                              password=self.password, use_tls=self.use_tls, timeout=30)

    async def run(self) -> None:
        async with self.pool.acquire() as listener:
            await listener.add_listener(MAIL_CHANNEL, self._on_notify)
            try:
                while True:
                    self._wake.clear()
                    try:
                        await self.send_due()
                    except (asyncpg.PostgresError, OSError) as exc:
                        log.warning("mail_sender_failed", error=type(exc).__name__)
                    try:
                        await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
                    except TimeoutError:
                        pass
            finally:
                await listener.remove_listener(MAIL_CHANNEL, self._on_notify)

    def _on_notify(self, *_: object) -> None:
        self._wake.set()


def mail_sender_context(smtp_url: str, sender: str) -> Callable:
    async def context(app: web.Application) -> AsyncIterator[None]:
        async with background_task(app, "mail_sender", MailSender(app[PG], smtp_url, sender).run()):
            yield

    return context
