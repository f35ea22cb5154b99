"""Opening sessions (log-in) and revoking every session of a user at once."""

import uuid
from datetime import datetime

import asyncpg

from common.events.identity import UserSessionsRevokedV1
from common.messaging import EventEnvelope, record_event
from identity.adapters.db import login_failures, records, store
from identity.domain.passwords import hash_password
from identity.domain.tokens import SessionClaims, issue_token, session_window
from identity.service.links import RESET
from identity.service.revocation import credentials_changed
from identity.settings import IdentitySettings


async def open_session(conn: asyncpg.Connection, network: store.Network, user: store.User,
                       settings: IdentitySettings, now: datetime) -> str:
    issued_at, expires_at = session_window(now, settings.token_ttl_seconds)
    claims = SessionClaims(user.id, network.name, network.id, uuid.uuid4(), issued_at, expires_at)
    await store.insert_session(conn, claims.session_id, network.id, user.id, issued_at, expires_at)
    return issue_token(claims, settings.secret("token_secret"))


async def revoke_sessions(conn: asyncpg.Connection, network: store.Network, user_id: int, reason: str) -> None:
    await store.revoke_sessions(conn, user_id)
    credentials_changed(user_id)
    event = UserSessionsRevokedV1(user_id=user_id, reason=reason)
    await record_event(conn, EventEnvelope.wrap(event, network.name, network.id))


async def change_password(conn: asyncpg.Connection, network: store.Network, user_id: int,
                          new_password: str) -> None:
    """Set a new password, spend every outstanding reset link, revoke every session made with
    the old password and forget the wrong guesses."""
    password_hash = await hash_password(new_password)
    async with conn.transaction():
        await store.set_password_hash(conn, user_id, password_hash)
        await records.spend_secrets(conn, user_id, RESET)
        await login_failures.forget_user(conn, network.id, user_id)
        await revoke_sessions(conn, network, user_id, "password_changed")
