"""Single-use secrets mailed as links (email verification, password reset)."""

from datetime import datetime, timedelta

import asyncpg

from common.http.errors import PlatformError
from identity.adapters.db import records, store
from identity.adapters.mail.outbox import queue_mail
from identity.domain.one_time_secrets import SECRET_LIFETIME, link_with, new_secret

VERIFY, RESET = "verify_email", "reset_password"
LINKS_PER_HOUR = 5


async def send_secret_link(conn: asyncpg.Connection, network: store.Network, user: store.User, purpose: str,
                           url: str, now: datetime) -> None:
    """A fresh single-use secret for ``purpose``, mailed as a link to ``url``. At most
    ``LINKS_PER_HOUR`` per account and purpose, so nobody floods a mailbox: past it a 429, or
    silence where the network answers uniformly (a 429 would tell the email is registered)."""
    await store.serialize_on(conn, "links", user.id, purpose)
    if await records.secrets_sent_within(conn, user.id, purpose, timedelta(hours=1)) >= LINKS_PER_HOUR:
        if network.answers_uniformly:
            return
        raise PlatformError.RATE_LIMITED.error("Too many links mailed to this account in the last hour",
                                               headers={"Retry-After": "3600"})
    secret, secret_hash = new_secret()
    await records.insert_secret(conn, user.id, purpose, secret_hash, now + SECRET_LIFETIME)
    context = {"network": network.name, "name": user.given_name, "link": link_with(url, user.id, secret)}
    await queue_mail(conn, network.id, user.email, purpose, context)
