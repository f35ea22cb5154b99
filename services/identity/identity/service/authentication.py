"""Checking a caller's credential for a network: the cv-auth digest form or a session token.

Each check answers the verified principal the gateway will sign, or raises the AuthError
that names exactly what was wrong.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from common.errors import DomainError
from common.http.errors import AuthError
from common.http.principal import Principal
from identity.adapters.db import store
from identity.domain.digest import decode_password, digest_matches, is_fresh, parse_created
from identity.domain.tokens import TokenExpired, TokenInvalid, read_token
from identity.service.password_checks import check_password
from identity.settings import IdentitySettings


@dataclass(frozen=True)
class DigestCredential:
    api_key: str
    token_digest: str
    nonce: str
    created: str
    username: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class Verified:
    principal: Principal
    cache_seconds: int


def blocked(user: store.User) -> DomainError:
    """The blocked-user error, with the message given when the user was blocked."""
    return AuthError.USER_BLOCKED.error(user_message=user.block_message or None)


def _principal(network: store.Network, user: store.User | None, via_api_key: bool) -> Principal:
    return Principal(
        network=network.name,
        network_id=network.id,
        user_id=user.id if user else None,
        is_admin=bool(user and user.is_admin),
        is_vip=bool(user and user.is_vip),
        via_api_key=via_api_key,
    )


async def _check_nonce(conn: asyncpg.Connection, network: store.Network, credential: DigestCredential,
                       now: datetime, window: int) -> None:
    """The same header may be sent again; the same nonce under another Created may not."""
    first_created = await store.remember_nonce(conn, network.id, credential.nonce, credential.created)
    if first_created != credential.created:
        raise AuthError.NONCE_REUSED.error()
    await store.forget_nonces_before(conn, now - timedelta(seconds=2 * window))


def is_placeholder(username: str | None) -> bool:
    """A username that can be no account's (every account is named by its email address), such as
    the PHP SDK's ``Username="new"`` before anyone logs in."""
    return "@" not in (username or "")


async def _digest_user(conn: asyncpg.Connection, network: store.Network, credential: DigestCredential,
                       settings: IdentitySettings) -> store.User | None:
    """The user the credential names, its password checked; None when it names no user of the
    network: the call is the API key's alone, costs no password check and counts as no failed
    log-in (a user endpoint then answers that a user is needed). Where the network answers
    uniformly an email address is always checked, so no answer tells whether it is registered."""
    if is_placeholder(credential.username):
        return None
    email_key = (credential.username or "").strip().lower()
    password = decode_password(credential.password or "", network.api_secret)
    user = await store.user_by_email(conn, network.id, credential.username or "")
    if user is None and not network.answers_uniformly:
        return None
    if not await check_password(conn, network.id, email_key, user and user.password_hash, password, settings):
        raise AuthError.BAD_CREDENTIALS.error()
    if user.is_blocked:
        raise blocked(user)
    return user


async def verify_digest(conn: asyncpg.Connection, network_name: str, credential: DigestCredential,
                        settings: IdentitySettings, now: datetime) -> Verified:
    network = await store.network_by_api_key(conn, credential.api_key)
    if network is None:
        raise AuthError.UNKNOWN_API_KEY.error()
    if network.name != network_name:
        raise AuthError.WRONG_NETWORK.error()
    if not digest_matches(credential.token_digest, credential.nonce, credential.created, network.api_secret):
        raise AuthError.DIGEST_MISMATCH.error()
    created = parse_created(credential.created)
    window = settings.auth_freshness_seconds
    if created is None or not is_fresh(created, now, window):
        raise AuthError.CREATED_OUT_OF_WINDOW.error()
    await _check_nonce(conn, network, credential, now, window)
    user = await _digest_user(conn, network, credential, settings)
    # the same header may be re-sent until Created leaves the window, so it may be cached that long
    remaining = window - int((now - created).total_seconds())
    return Verified(_principal(network, user, via_api_key=True),
                    cache_seconds=max(0, min(settings.token_cache_seconds, remaining)))


async def verify_token(conn: asyncpg.Connection, network_name: str, token: str,
                       settings: IdentitySettings, now: datetime) -> Verified:
    try:
        claims = read_token(token, settings.secret("token_secret"))
    except TokenExpired:
        raise AuthError.TOKEN_EXPIRED.error() from None
    except TokenInvalid:
        raise AuthError.TOKEN_INVALID.error() from None
    if claims.network != network_name:
        raise AuthError.TOKEN_WRONG_NETWORK.error()
    network = await store.network_by_name(conn, network_name)
    user = network and await store.user_by_id(conn, network.id, claims.user_id)
    if network is None or user is None or network.id != claims.network_id:
        raise AuthError.TOKEN_INVALID.error()
    if user.is_blocked:
        raise blocked(user)
    session_ends = await store.unrevoked_session_end(conn, claims.session_id, user.id)
    if session_ends is None:
        raise AuthError.TOKEN_REVOKED.error()
    if session_ends <= now:  # whatever expiry the token claims, the session's own is the limit
        raise AuthError.TOKEN_EXPIRED.error()
    # the gateway may reuse this answer only while both the token and its session are valid
    remaining = int((min(claims.expires_at, session_ends) - now).total_seconds())
    return Verified(_principal(network, user, via_api_key=False),
                    cache_seconds=max(0, min(settings.token_cache_seconds, remaining)))
