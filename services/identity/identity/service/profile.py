"""The logged-in user's own account: profile changes, onboarding flags, password, email, blocks."""

from datetime import date, datetime
from typing import Any

import asyncpg

from common.events.identity import UserBlockedV1, UserDeletedV1, UserUpdatedV1
from common.messaging import EventEnvelope, record_event
from identity.adapters.db import records, store
from identity.adapters.mail.outbox import queue_mail
from identity.domain.errors import IdentityError
from identity.domain.passwords import meets_policy
from identity.domain.profile import COLUMN_FIELDS, ProfileChange, profile_values
from identity.service.links import RESET, VERIFY, link_target, send_secret_link
from identity.service.password_checks import check_password
from identity.service.sessions import change_password, revoke_sessions
from identity.settings import IdentitySettings

FLAGS = {"acceptTerms": ("term_service_accepted", True), "resetAcceptTerms": ("term_service_accepted", False),
         "markRegistrationComplete": ("registration_complete", True), "approveUser": ("has_been_approved", True)}


async def publish_updated(conn: asyncpg.Connection, network: store.Network, user_id: int, fields: list[str]) -> None:
    """identity.user.updated, carrying the user's email, names and onboarding flags as they are now."""
    user = await store.user_by_id(conn, network.id, user_id)
    event = UserUpdatedV1(user_id=user_id, fields=sorted(fields), email=user.email, given_name=user.given_name,
                          family_name=user.family_name, email_verified=user.email_verified,
                          term_service_accepted=user.term_service_accepted,
                          registration_complete=user.registration_complete, has_been_approved=user.has_been_approved,
                          blocked=user.status == "blocked", blocked_until=user.blocked_until)
    await record_event(conn, EventEnvelope.wrap(event, network.name, network.id))


async def apply_profile(conn: asyncpg.Connection, network: store.Network, user_id: int,
                        change: ProfileChange) -> None:
    """Apply the given fields: an address or bank account with an id updates that record, one
    without adds a record; custom keys replace or add."""
    given = change.model_dump(exclude_unset=True)
    async with conn.transaction():
        columns = {name: given[name] for name in COLUMN_FIELDS & given.keys()}
        if columns:
            await store.update_user(conn, user_id, columns)
        await store.merge_profile(conn, user_id, profile_values(change), change.custom or {})
        if change.address is not None:
            await _save(conn, "user_addresses", user_id, change.address.model_dump(exclude_unset=True),
                        IdentityError.ADDRESS_NOT_FOUND)
        for account in change.bank_accounts or []:
            await _save(conn, "user_bank_accounts", user_id, account.model_dump(exclude_unset=True),
                        IdentityError.BANK_ACCOUNT_NOT_FOUND)
        await publish_updated(conn, network, user_id, list(given))


async def _save(conn: asyncpg.Connection, table: str, user_id: int, values: dict[str, Any],
                not_found: IdentityError) -> None:
    if not await records.save_record(conn, table, user_id, values.pop("id", None), values):
        raise not_found.error()


async def set_flag(conn: asyncpg.Connection, network: store.Network, user_id: int, action: str) -> None:
    """Set the user's own onboarding flag; approving oneself only where the network allows it."""
    if action == "approveUser" and not network.allows_self_approval:
        raise IdentityError.SELF_APPROVAL_OFF.error()
    column, value = FLAGS[action]
    async with conn.transaction():
        await store.update_user(conn, user_id, {column: value})
        await publish_updated(conn, network, user_id, [column])


async def change_own_password(conn: asyncpg.Connection, network: store.Network, user: store.User,
                              current: str, new: str, settings: IdentitySettings) -> None:
    if not await check_password(conn, network.id, user.email.lower(), user.password_hash, current, settings):
        raise IdentityError.CURRENT_PASSWORD_WRONG.error()
    if not meets_policy(new):
        raise IdentityError.PASSWORD_TOO_WEAK.error()
    await change_password(conn, network, user.id, new)


async def change_email(conn: asyncpg.Connection, network: store.Network, user: store.User, new_email: str,
                       verify_url: str, now: datetime) -> None:
    """Move the user to ``new_email``, unverified: every link mailed to the old address is spent,
    and a verification link goes to the new one."""
    target = link_target(network, verify_url, "verify_email_url")
    async with conn.transaction():
        await store.serialize_on(conn, "email", network.id, new_email)
        other = await store.user_by_email(conn, network.id, new_email)
        if other is not None and other.id != user.id:
            raise IdentityError.EMAIL_TAKEN.error()
        await store.update_user(conn, user.id, {"email": new_email, "email_verified": False})
        await records.spend_secrets(conn, user.id, VERIFY, RESET)
        moved = await store.user_by_id(conn, network.id, user.id)
        await send_secret_link(conn, network, moved, VERIFY, target, now)
        await publish_updated(conn, network, user.id, ["email", "email_verified"])


async def block(conn: asyncpg.Connection, network: store.Network, user: store.User, user_message: str | None,
                description: str | None, expiration_date: date | None) -> int:
    """Block the user (until ``expiration_date`` when given), revoking their sessions at once."""
    async with conn.transaction():
        log_id = await records.insert_block(conn, network.id, user.id, user_message, description, expiration_date)
        await store.update_user(conn, user.id, {"status": "blocked", "blocked_until": expiration_date,
                                                "block_message": user_message})
        await revoke_sessions(conn, network, user.id, "blocked")
        await record_event(conn, EventEnvelope.wrap(UserBlockedV1(user_id=user.id, until=expiration_date), network.name, network.id))
    return log_id


async def delete_account(conn: asyncpg.Connection, network: store.Network, user: store.User,
                         now: datetime) -> None:
    """Block the account for good and tell the admins; every record is kept."""
    async with conn.transaction():
        await block(conn, network, user, None, "account deletion requested by the user", None)
        await store.update_user(conn, user.id, {"deleted_at": now})
        await record_event(conn, EventEnvelope.wrap(UserDeletedV1(user_id=user.id), network.name, network.id))
        context = {"network": network.name, "user_email": user.email, "user_id": user.id}
        for admin_email in await store.admins_of(conn, network.id):
            await queue_mail(conn, network.id, admin_email, "account_deleted", context)
