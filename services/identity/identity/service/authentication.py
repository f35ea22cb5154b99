"""Checking a caller's credential for a network: the cv-auth digest form or a session token.

Each check answers the verified principal the gateway will sign, or raises the AuthError
that names exactly what was wrong.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from common.errors import AuthError, DomainError
from common.http.principal import Principal
from identity.domain.digest import decode_password, digest_matches, is_fresh, parse_created
from identity.domain.networks import Network
from identity.domain.tokens import TokenExpired, TokenInvalid, read_token
from identity.domain.users import User
from identity.service.password_checks import check_password
from identity.service.unit_of_work import IdentityUnitOfWork
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


def blocked(user: User) -> DomainError:
    """The blocked-user error, with the message given when the user was blocked."""
    return AuthError.USER_BLOCKED.error(user_message=user.block_message or None)


def _principal(network: Network, user: User | None, via_api_key: bool) -> Principal:
    return Principal(
        network=network.name,
        network_id=network.id,
        user_id=user.id if user else None,
        is_admin=bool(user and user.is_admin),
        is_vip=bool(user and user.is_vip),
        via_api_key=via_api_key,
    )


async def _check_nonce(uow: IdentityUnitOfWork, network: Network, credential: DigestCredential,
                       now: datetime, window: int) -> None:
    """The same header may be sent again; the same nonce under another Created may not."""
    first_created = await uow.nonces.remember(network.id, credential.nonce, credential.created)
    if first_created != credential.created:
        raise AuthError.NONCE_REUSED.error()
    await uow.nonces.forget_before(now - timedelta(seconds=2 * window))


def is_placeholder(username: str | None) -> bool:
    """A username that can be no account's (every account is named by its email address), such as
    the PHP SDK's ``Username="new"`` before anyone logs in."""
    return "@" not in (username or "")


async def _digest_network(uow: IdentityUnitOfWork, network_name: str, credential: DigestCredential,
                          settings: IdentitySettings, now: datetime) -> tuple[Network, datetime, User | None]:
    """The network whose API key signed the digest, the digest's Created (fresh, its nonce new)
    and the user the credential names, if any."""
    async with uow:
        network = await uow.networks.by_api_key(credential.api_key)
        if network is None:
            raise AuthError.UNKNOWN_API_KEY.error()
        if network.name != network_name:
            raise AuthError.WRONG_NETWORK.error()
        if not digest_matches(credential.token_digest, credential.nonce, credential.created, network.api_secret):
            raise AuthError.DIGEST_MISMATCH.error()
        created = parse_created(credential.created)
        if created is None or not is_fresh(created, now, settings.auth_freshness_seconds):
            raise AuthError.CREATED_OUT_OF_WINDOW.error()
        await _check_nonce(uow, network, credential, now, settings.auth_freshness_seconds)
        named = None if is_placeholder(credential.username) else await uow.users.by_email(network.id, credential.username)
        await uow.commit()
    return network, created, named


async def _digest_user(counts: IdentityUnitOfWork, network: Network, credential: DigestCredential, named: User | None,
                       settings: IdentitySettings) -> User | None:
    """The user the credential names, its password checked; None when it names no user of the
    network: the call is the API key's alone, costs no password check and counts as no failed
    log-in (a user endpoint then answers that a user is needed). Where the network answers
    uniformly an email address is always checked, so no answer tells whether it is registered."""
    if is_placeholder(credential.username) or (named is None and not network.answers_uniformly):
        return None
    email_key = (credential.username or "").strip().lower()
    password = decode_password(credential.password or "", network.api_secret)
    if not await check_password(counts, network.id, email_key, named and named.password_hash, password, settings):
        raise AuthError.BAD_CREDENTIALS.error()
    if named.is_blocked:
        raise blocked(named)
    return named


async def verify_digest(uow: IdentityUnitOfWork, network_name: str, credential: DigestCredential,
                        settings: IdentitySettings, now: datetime) -> Verified:
    """``uow`` is not yet open: the nonce and every password check commit on their own, in turn,
    whatever the answer."""
    network, created, named = await _digest_network(uow, network_name, credential, settings, now)
    user = await _digest_user(uow, network, credential, named, settings)
    # the same header may be re-sent until Created leaves the window, so it may be cached that long
    remaining = settings.auth_freshness_seconds - int((now - created).total_seconds())
    return Verified(_principal(network, user, via_api_key=True),
                    cache_seconds=max(0, min(settings.token_cache_seconds, remaining)))


async def verify_token(uow: IdentityUnitOfWork, network_name: str, token: str,
                       settings: IdentitySettings, now: datetime) -> Verified:
    """``uow`` is not yet open."""
    try:
        claims = read_token(token, settings.secret("token_secret"))
    except TokenExpired:
        raise AuthError.TOKEN_EXPIRED.error() from None
    except TokenInvalid:
        raise AuthError.TOKEN_INVALID.error() from None
    if claims.network != network_name:
        raise AuthError.TOKEN_WRONG_NETWORK.error()
    async with uow:
        network = await uow.networks.by_name(network_name)
        user = network and await uow.users.get(network.id, claims.user_id)
        if network is None or user is None or network.id != claims.network_id:
            raise AuthError.TOKEN_INVALID.error()
        if user.is_blocked:
            raise blocked(user)
        session_ends = await uow.sessions.end_of(claims.session_id, user.id)
    if session_ends is None:
        raise AuthError.TOKEN_REVOKED.error()
    if session_ends <= now:  # whatever expiry the token claims, the session's own is the limit
        raise AuthError.TOKEN_EXPIRED.error()
    # the gateway may reuse this answer only while both the token and its session are valid
    remaining = int((min(claims.expires_at, session_ends) - now).total_seconds())
    return Verified(_principal(network, user, via_api_key=False),
                    cache_seconds=max(0, min(settings.token_cache_seconds, remaining)))
