"""Registration, email verification, forgotten passwords and newsletter sign-ups.

Mail is queued in the same transaction as the change (identity.adapters.mail.outbox). A network
whose settings have ``uniform_account_answers`` answers forgotPassword and registration the
same whether or not the email is registered, and tells the owner by mail instead.
"""

from datetime import datetime

from email_validator import EmailNotValidError, validate_email

from common.events.identity import UserRegisteredV1
from identity.domain.errors import IdentityError
from identity.domain.networks import Network
from identity.domain.passwords import hash_password, meets_policy
from identity.domain.profile import ProfileEdit
from identity.domain.users import User
from identity.service.links import RESET, VERIFY, link_target, send_secret_link, spend_secret
from identity.service.profile import apply_profile, publish_updated
from identity.service.sessions import change_password
from identity.service.unit_of_work import IdentityUnitOfWork


def normalized_email(email: str) -> str | None:
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


async def register(uow: IdentityUnitOfWork, network: Network, email: str, password: str, url: str,
                   edit: ProfileEdit, now: datetime) -> int | None:
    """The new user's id; None when the network answers uniformly and the email was taken."""
    target = link_target(network, url)
    if not meets_policy(password):
        raise IdentityError.PASSWORD_TOO_WEAK.error()
    password_hash = await hash_password(password)
    await uow.locks.hold("email", network.id, email)
    if await uow.users.by_email(network.id, email):
        if not network.answers_uniformly:
            raise IdentityError.EMAIL_TAKEN.error()
        await uow.mail.queue(network.id, email, "already_registered", {"network": network.name})
        return None
    user = await uow.users.add(network.id, email, password_hash)
    await apply_profile(uow, user.id, edit)
    user = await uow.users.get(network.id, user.id)
    await send_secret_link(uow, network, user, VERIFY, target, now)
    uow.publish(UserRegisteredV1(user_id=user.id, email=email, given_name=user.given_name,
                                 family_name=user.family_name))
    return user.id


async def verify_email(uow: IdentityUnitOfWork, user_id: int, secret: str, now: datetime) -> None:
    user = await uow.users.get(uow.tenant.id, user_id)
    if user is None:
        raise IdentityError.USER_NOT_FOUND.error()
    if user.email_verified:
        raise IdentityError.EMAIL_ALREADY_VERIFIED.error()
    await spend_secret(uow, user, VERIFY, secret, now, IdentityError.VERIFY_SECRET_INVALID,
                       IdentityError.VERIFY_LINK_EXPIRED)
    await uow.users.save(user.id, {"email_verified": True, "verified_email": user.email})
    await publish_updated(uow, user.id, ["email_verified"])


async def resend_verification(uow: IdentityUnitOfWork, network: Network, user: User, url: str,
                              now: datetime) -> None:
    target = link_target(network, url)
    if user.email_verified:
        raise IdentityError.EMAIL_ALREADY_VERIFIED.error()
    await send_secret_link(uow, network, user, VERIFY, target, now)


async def forgot_password(uow: IdentityUnitOfWork, network: Network, email: str, url: str,
                          now: datetime) -> int | None:
    """The user's id; None when the network answers uniformly and no user has the email."""
    target = link_target(network, url)
    user = await uow.users.by_email(network.id, email)
    if user is None:
        if not network.answers_uniformly:
            raise IdentityError.FORGOT_EMAIL_UNKNOWN.error()
        await uow.mail.queue(network.id, email, "no_account", {"network": network.name, "action": "a password reset"})
        return None
    await send_secret_link(uow, network, user, RESET, target, now)
    return user.id


async def reset_password(uow: IdentityUnitOfWork, network: Network, user_id: int, secret: str, password: str,
                         now: datetime) -> None:
    if not meets_policy(password):
        raise IdentityError.PASSWORD_TOO_WEAK.error()
    user = await uow.users.get(network.id, user_id)
    if user is None:
        raise IdentityError.RESET_USER_NOT_FOUND.error()
    await spend_secret(uow, user, RESET, secret, now, IdentityError.RESET_SECRET_INVALID,
                       IdentityError.RESET_LINK_EXPIRED)
    await change_password(uow, network, user.id, password)


async def sign_up_for_newsletter(uow: IdentityUnitOfWork, email: str) -> None:
    await uow.newsletter.sign_up(uow.tenant.id, email)
