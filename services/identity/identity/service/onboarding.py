"""Registration, email verification, forgotten passwords and newsletter sign-ups.

Mail is queued in the same transaction as the change (identity.adapters.mail.outbox). A network
whose settings have ``uniform_account_answers`` answers forgotPassword and registration the
same whether or not the email is registered, and tells the owner by mail instead.
"""

from datetime import datetime

import asyncpg
from email_validator import EmailNotValidError, validate_email

from common.events.identity import UserRegisteredV1
from common.messaging import EventEnvelope, record_event
from identity.adapters.db import records, store
from identity.adapters.mail.outbox import queue_mail
from identity.domain.errors import IdentityError
from identity.domain.one_time_secrets import hash_secret
from identity.domain.passwords import hash_password, meets_policy
from identity.domain.profile import ProfileChange
from identity.service.links import RESET, VERIFY, link_target, send_secret_link
from identity.service.profile import apply_profile, publish_updated
from identity.service.sessions import change_password


def normalized_email(email: str) -> str | None:
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


async def register(conn: asyncpg.Connection, network: store.Network, email: str, password: str, url: str,
                   change: ProfileChange, now: datetime) -> int | None:
    """The new user's id; None when the network answers uniformly and the email was taken."""
    target = link_target(network, url)
    if not meets_policy(password):
        raise IdentityError.PASSWORD_TOO_WEAK.error()
    password_hash = await hash_password(password)
    async with conn.transaction():
        await store.serialize_on(conn, "email", network.id, email)
        if await store.user_by_email(conn, network.id, email):
            if not network.answers_uniformly:
                raise IdentityError.EMAIL_TAKEN.error()
            await queue_mail(conn, network.id, email, "already_registered", {"network": network.name})
            return None
        user = await store.insert_user(conn, network.id, email, password_hash)
        await apply_profile(conn, network, user.id, change)
        user = await store.user_by_id(conn, network.id, user.id)
        await send_secret_link(conn, network, user, VERIFY, target, now)
        registered = UserRegisteredV1(user_id=user.id, email=email, given_name=user.given_name,
                                      family_name=user.family_name)
        await record_event(conn, EventEnvelope.wrap(registered, network.name, network.id))
    return user.id


async def _take(conn: asyncpg.Connection, user: store.User, purpose: str, secret: str, now: datetime,
                invalid: IdentityError, expired: IdentityError) -> int:
    """Spend the user's secret: it must be unused, unexpired, and mailed to the user's current address."""
    row = await records.take_secret(conn, user.id, purpose, user.email, hash_secret(secret))
    if row is None:
        raise invalid.error()
    if row["expires_at"] <= now:
        raise expired.error()
    await records.use_secret(conn, row["id"])
    return row["id"]


async def verify_email(conn: asyncpg.Connection, network: store.Network, user_id: int, secret: str,
                       now: datetime) -> None:
    async with conn.transaction():
        user = await store.user_by_id(conn, network.id, user_id)
        if user is None:
            raise IdentityError.USER_NOT_FOUND.error()
        if user.email_verified:
            raise IdentityError.EMAIL_ALREADY_VERIFIED.error()
        await _take(conn, user, VERIFY, secret, now,
                    IdentityError.VERIFY_SECRET_INVALID, IdentityError.VERIFY_LINK_EXPIRED)
        await store.update_user(conn, user.id, {"email_verified": True, "verified_email": user.email})
        await publish_updated(conn, network, user.id, ["email_verified"])


async def resend_verification(conn: asyncpg.Connection, network: store.Network, user: store.User, url: str,
                              now: datetime) -> None:
    target = link_target(network, url)
    if user.email_verified:
        raise IdentityError.EMAIL_ALREADY_VERIFIED.error()
    async with conn.transaction():
        await send_secret_link(conn, network, user, VERIFY, target, now)


async def forgot_password(conn: asyncpg.Connection, network: store.Network, email: str, url: str,
                          now: datetime) -> int | None:
    """The user's id; None when the network answers uniformly and no user has the email."""
    target = link_target(network, url)
    async with conn.transaction():
        user = await store.user_by_email(conn, network.id, email)
        if user is None:
            if not network.answers_uniformly:
                raise IdentityError.FORGOT_EMAIL_UNKNOWN.error()
            await queue_mail(conn, network.id, email, "no_account",
                             {"network": network.name, "action": "a password reset"})
            return None
        await send_secret_link(conn, network, user, RESET, target, now)
    return user.id


async def reset_password(conn: asyncpg.Connection, network: store.Network, user_id: int, secret: str,
                         password: str, now: datetime) -> None:
    if not meets_policy(password):
        raise IdentityError.PASSWORD_TOO_WEAK.error()
    async with conn.transaction():
        user = await store.user_by_id(conn, network.id, user_id)
        if user is None:
            raise IdentityError.RESET_USER_NOT_FOUND.error()
        await _take(conn, user, RESET, secret, now,
                    IdentityError.RESET_SECRET_INVALID, IdentityError.RESET_LINK_EXPIRED)
        await change_password(conn, network, user.id, password)


async def sign_up_for_newsletter(conn: asyncpg.Connection, network: store.Network, email: str) -> None:
    await records.insert_newsletter_signup(conn, network.id, email)
