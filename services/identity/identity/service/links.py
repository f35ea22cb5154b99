"""Single-use secrets mailed as links (email verification, password reset)."""

from datetime import datetime

import asyncpg

from identity.adapters.db import records, store
from identity.adapters.mail.outbox import queue_mail
from identity.domain.one_time_secrets import SECRET_LIFETIME, link_with, new_secret

VERIFY, RESET = "verify_email", "reset_password"


async def send_secret_link(conn: asyncpg.Connection, network: store.Network, user: store.User, purpose: str,
                           url: str, now: datetime) -> None:
    """A fresh single-use secret for ``purpose``, mailed as a link to ``url``."""
    secret, secret_hash = new_secret()
    await records.insert_secret(conn, user.id, purpose, secret_hash, now + SECRET_LIFETIME)
    context = {"network": network.name, "name": user.given_name, "link": link_with(url, user.id, secret)}
    await queue_mail(conn, network.id, user.email, purpose, context)
