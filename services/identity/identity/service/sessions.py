"""Opening sessions (log-in) and revoking every session of a user at once."""

import uuid
from datetime import datetime

from common.events.identity import UserSessionsRevokedV1
from identity.domain.networks import Network
from identity.domain.passwords import hash_password
from identity.domain.tokens import SessionClaims, issue_token, session_window
from identity.domain.users import User
from identity.service.links import RESET
from identity.service.revocation import credentials_changed
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings


async def open_session(uow: IdentityUnitOfWork, network: Network, user: User, settings: IdentitySettings,
                       now: datetime) -> str:
    issued_at, expires_at = session_window(now, settings.token_ttl_seconds)
    claims = SessionClaims(user.id, network.name, network.id, uuid.uuid4(), issued_at, expires_at)
    await uow.sessions.add(claims.session_id, network.id, user.id, issued_at, expires_at)
    await uow.users.logged_in(user.id, issued_at)
    return issue_token(claims, settings.secret("token_secret"))


async def revoke_sessions(uow: IdentityUnitOfWork, user_id: int, reason: str) -> None:
    await uow.sessions.revoke_all(user_id)
    credentials_changed(user_id)
    uow.publish(UserSessionsRevokedV1(user_id=user_id, reason=reason))


async def change_password(uow: IdentityUnitOfWork, network: Network, user_id: int, new_password: str) -> None:
    """Set a new password, spend every outstanding reset link, revoke every session made with
    the old password and forget the wrong guesses."""
    password_hash = await hash_password(new_password)
    await uow.users.set_password_hash(user_id, password_hash)
    await uow.one_time_secrets.spend(user_id, RESET)
    await uow.login_failures.forget_user(network.id, user_id)
    await revoke_sessions(uow, user_id, "password_changed")
