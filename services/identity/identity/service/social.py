"""Signing in with a provider account: find its user, link a verified email, or create a user."""

from datetime import datetime

import asyncpg

from common.events.identity import UserRegisteredV1
from common.messaging import EventEnvelope, record_event
from identity.adapters.db import store
from identity.adapters.social import SocialAccount
from identity.domain.errors import IdentityError
from identity.service.authentication import blocked
from identity.service.onboarding import normalized_email
from identity.service.profile import publish_updated
from identity.service.sessions import open_session
from identity.settings import IdentitySettings


async def sign_in(conn: asyncpg.Connection, network: store.Network, account: SocialAccount,
                  settings: IdentitySettings, now: datetime) -> tuple[int, str]:
    """The user's id and a fresh session token."""
    async with conn.transaction():
        await store.serialize_on(conn, "social", network.id, account.provider, account.account_id)
        user_id = await conn.fetchval(
            "SELECT user_id FROM social_accounts WHERE network_id = $1 AND provider = $2 AND provider_user_id = $3",
            network.id, account.provider, account.account_id)
        if user_id is None:
            user_id = await _link_or_create(conn, network, account)
        user = await store.user_by_id(conn, network.id, user_id)
        if user.is_blocked:
            raise blocked(user)
        token = await open_session(conn, network, user, settings, now)
    return user.id, token


async def _link_or_create(conn: asyncpg.Connection, network: store.Network, account: SocialAccount) -> int:
    """An existing account is linked only when the provider vouches for the email and our own
    mailed link verified that very address (a verified flag alone may stem from another address)."""
    email = normalized_email(account.email) if account.email else None
    if email:
        await store.serialize_on(conn, "email", network.id, email)
    existing = await store.user_by_email(conn, network.id, email) if email else None
    if existing is not None:
        if not (account.email_verified and existing.email_verified and _verified_by_link(existing, email)):
            raise IdentityError.SOCIAL_EMAIL_IN_USE.error()
        user_id = existing.id
    else:
        address = email or f"{account.provider}-{account.account_id}@social.invalid"  # a placeholder, never mailed
        user = await store.insert_user(conn, network.id, address, None, given_name=account.given_name,
                                       family_name=account.family_name)
        await store.update_user(conn, user.id, {"email_verified": bool(email and account.email_verified)})
        registered = UserRegisteredV1(user_id=user.id, email=address, given_name=account.given_name,
                                      family_name=account.family_name)
        await record_event(conn, EventEnvelope.wrap(registered, network.name, network.id))
        await publish_updated(conn, network, user.id, ["email_verified"])
        user_id = user.id
    await conn.execute(
        "INSERT INTO social_accounts (network_id, provider, provider_user_id, user_id) VALUES ($1, $2, $3, $4)",
        network.id, account.provider, account.account_id, user_id)
    return user_id


def _verified_by_link(user: store.User, email: str) -> bool:
    return user.verified_email is not None and user.verified_email.lower() == email.lower()
