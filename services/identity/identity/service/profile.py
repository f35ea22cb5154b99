"""A user's own account: profile changes, onboarding flags, password, email, blocks."""

from datetime import date, datetime

from common.errors import AuthError
from common.events.identity import UserBlockedV1, UserDeletedV1, UserUpdatedV1
from common.http.principal import Principal
from identity.domain.errors import IdentityError
from identity.domain.networks import Network
from identity.domain.passwords import meets_policy
from identity.domain.profile import ProfileEdit
from identity.domain.users import User, UserStatus
from identity.service.links import RESET, VERIFY, link_target, send_secret_link
from identity.service.password_checks import check_password
from identity.service.sessions import revoke_sessions
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings

FLAGS = {"acceptTerms": ("term_service_accepted", True), "resetAcceptTerms": ("term_service_accepted", False),
         "markRegistrationComplete": ("registration_complete", True), "approveUser": ("has_been_approved", True)}


async def signed_in(uow: IdentityUnitOfWork, principal: Principal) -> User:
    """The user the caller is logged in as."""
    user = None if principal.user_id is None else await uow.users.get(uow.tenant.id, principal.user_id)
    if user is None:
        raise AuthError.USER_REQUIRED.error()
    return user


async def publish_updated(uow: IdentityUnitOfWork, user_id: int, fields: list[str]) -> None:
    """identity.user.updated: which fields changed, and the user's email, names, onboarding flags and
    block as they are now (identity's decisions, which other contexts store as they are told)."""
    user = await uow.users.get(uow.tenant.id, user_id)
    uow.publish(UserUpdatedV1(user_id=user_id, fields=sorted(fields), email=user.email, given_name=user.given_name,
                              family_name=user.family_name, email_verified=user.email_verified,
                              term_service_accepted=user.term_service_accepted,
                              registration_complete=user.registration_complete,
                              has_been_approved=user.has_been_approved,
                              blocked=user.status == UserStatus.BLOCKED, blocked_until=user.blocked_until))


async def change(uow: IdentityUnitOfWork, user_id: int, values: dict[str, object]) -> None:
    """Set the user's columns and tell the other contexts."""
    await uow.users.save(user_id, values)
    await publish_updated(uow, user_id, list(values))


async def apply_profile(uow: IdentityUnitOfWork, user_id: int, edit: ProfileEdit) -> None:
    if edit.columns:
        await uow.users.save(user_id, edit.columns)
    await uow.users.merge_profile(user_id, edit.profile, edit.custom)
    if edit.address is not None:
        address = dict(edit.address)
        if not await uow.users.save_address(user_id, address.pop("id", None), address):
            raise IdentityError.ADDRESS_NOT_FOUND.error()
    for account in map(dict, edit.bank_accounts):
        if not await uow.users.save_bank_account(user_id, account.pop("id", None), account):
            raise IdentityError.BANK_ACCOUNT_NOT_FOUND.error()
    await publish_updated(uow, user_id, edit.fields)


async def set_flag(uow: IdentityUnitOfWork, user: User, action: str) -> None:
    """Set the user's own onboarding flag; approving oneself only where the network allows it."""
    if action == "approveUser":
        network = await uow.networks.by_id(user.network_id)
        if not network.allows_self_approval:
            raise IdentityError.SELF_APPROVAL_OFF.error()
    column, value = FLAGS[action]
    await change(uow, user.id, {column: value})


async def verify_password_change(counts: IdentityUnitOfWork, principal: Principal, current: str, new: str,
                                 settings: IdentitySettings) -> User:
    """The caller, when ``current`` is their password and ``new`` one the policy accepts. The check
    counts as a log-in whatever the request then answers, so ``counts`` is a unit of work of its
    own, not yet open: it commits the count before the change is made in another."""
    async with counts:
        user = await signed_in(counts, principal)
    if not await check_password(counts, user.network_id, user.email.lower(), user.password_hash, current, settings):
        raise IdentityError.CURRENT_PASSWORD_WRONG.error()
    if not meets_policy(new):
        raise IdentityError.PASSWORD_TOO_WEAK.error()
    return user


async def change_email(uow: IdentityUnitOfWork, network: Network, user: User, new_email: str, verify_url: str,
                       now: datetime) -> None:
    """Move the user to ``new_email``, unverified: every link mailed to the old address is spent,
    and a verification link goes to the new one."""
    target = link_target(network, verify_url, "verify_email_url")
    await uow.locks.hold("email", network.id, new_email)
    other = await uow.users.by_email(network.id, new_email)
    if other is not None and other.id != user.id:
        raise IdentityError.EMAIL_TAKEN.error()
    await uow.users.save(user.id, {"email": new_email, "email_verified": False})
    await uow.one_time_secrets.spend(user.id, VERIFY, RESET)
    moved = await uow.users.get(network.id, user.id)
    await send_secret_link(uow, network, moved, VERIFY, target, now)
    await publish_updated(uow, user.id, ["email", "email_verified"])


async def block(uow: IdentityUnitOfWork, user: User, user_message: str | None, description: str | None,
                expiration_date: date | None) -> int:
    """Block the user (until ``expiration_date`` when given), revoking their sessions at once."""
    log_id = await uow.users.record_block(user.network_id, user.id, user_message, description, expiration_date)
    await change(uow, user.id, {"status": UserStatus.BLOCKED, "blocked_until": expiration_date,
                                "block_message": user_message})
    await revoke_sessions(uow, user.id, "blocked")
    uow.publish(UserBlockedV1(user_id=user.id, until=expiration_date))
    return log_id


async def delete_account(uow: IdentityUnitOfWork, network: Network, user: User, now: datetime) -> None:
    """Block the account for good and tell the admins; every record is kept."""
    await block(uow, user, None, "account deletion requested by the user", None)
    await uow.users.save(user.id, {"deleted_at": now})
    uow.publish(UserDeletedV1(user_id=user.id))
    context = {"network": network.name, "user_email": user.email, "user_id": user.id}
    for admin_email in await uow.users.active_admin_emails(network.id):
        await uow.mail.queue(network.id, admin_email, "account_deleted", context)
