"""Signing in with a provider account: find its user, link a verified email, or create a user."""

from datetime import datetime

from common.events.identity import UserRegisteredV1
from identity.adapters.social import SocialAccount
from identity.domain.errors import IdentityError
from identity.domain.networks import Network
from identity.service.authentication import blocked
from identity.service.onboarding import normalized_email
from identity.service.profile import publish_updated
from identity.service.sessions import open_session
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings


async def sign_in(uow: IdentityUnitOfWork, network: Network, account: SocialAccount, settings: IdentitySettings,
                  now: datetime) -> tuple[int, str]:
    """The user's id and a fresh session token."""
    await uow.locks.hold("social", network.id, account.provider, account.account_id)
    user_id = await uow.social_links.user_of(network.id, account.provider, account.account_id)
    if user_id is None:
        user_id = await _link_or_create(uow, network, account)
    user = await uow.users.get(network.id, user_id)
    if user.is_blocked:
        raise blocked(user)
    return user.id, await open_session(uow, network, user, settings, now)


async def _link_or_create(uow: IdentityUnitOfWork, network: Network, account: SocialAccount) -> int:
    """An existing account is linked only when the provider vouches for the email and our own
    mailed link verified that very address (a verified flag alone may stem from another address)."""
    email = normalized_email(account.email) if account.email else None
    if email:
        await uow.locks.hold("email", network.id, email)
    existing = await uow.users.by_email(network.id, email) if email else None
    if existing is not None:
        if not (account.email_verified and existing.email_verified and existing.verified_by_link(email)):
            raise IdentityError.SOCIAL_EMAIL_IN_USE.error()
        user_id = existing.id
    else:
        address = email or f"{account.provider}-{account.account_id}@social.invalid"  # a placeholder, never mailed
        user = await uow.users.add(network.id, address, None, given_name=account.given_name,
                                   family_name=account.family_name, email_verified=bool(email and account.email_verified))
        uow.publish(UserRegisteredV1(user_id=user.id, email=address, given_name=account.given_name,
                                     family_name=account.family_name))
        await publish_updated(uow, user.id, ["email_verified"])
        user_id = user.id
    await uow.social_links.link(network.id, account.provider, account.account_id, user_id)
    return user_id
