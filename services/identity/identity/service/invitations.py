"""Invitations a user sends to contacts; each user sees only their own."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from common.errors import PlatformError
from identity.domain.frontends import link_to
from identity.domain.networks import Network
from identity.domain.users import User
from identity.service.links import link_target
from identity.service.unit_of_work import IdentityUnitOfWork

INVITATION_LIFETIME = timedelta(days=30)
INVITATIONS_PER_DAY = 50  # per inviter: invitations are mail to strangers, not a mailing tool


@dataclass(frozen=True)
class Invitation:
    email: str
    given_name: str | None = None
    family_name: str | None = None
    organization_name: str | None = None
    url: str | None = None  # the front-end page the invitation links to (a registered origin's)


async def invite(uow: IdentityUnitOfWork, network: Network, user: User, invitation: Invitation, now: datetime) -> int:
    """Record the invitation and mail it; at most ``INVITATIONS_PER_DAY`` a day per inviter."""
    target = None if invitation.url is None else link_target(network, invitation.url)
    await uow.locks.hold("invitations", user.id)  # one count at a time
    if await uow.invitations.sent_within(user.id, timedelta(days=1)) >= INVITATIONS_PER_DAY:
        raise PlatformError.RATE_LIMITED.error("Too many invitations sent in the last day", retry_after=3600)
    expires_at = now + INVITATION_LIFETIME
    invitation_id = await uow.invitations.add(network.id, user.id, invitation.email, invitation.given_name,
                                              invitation.family_name, invitation.organization_name, expires_at)
    context = {"network": network.name, "given_name": invitation.given_name,
               "organization_name": invitation.organization_name, "inviter": user.full_name or user.email,
               "expires_on": expires_at.date().isoformat(),
               "link": None if target is None else link_to(target, invitation_id=invitation_id)}
    await uow.mail.queue(network.id, invitation.email, "invitation", context)
    return invitation_id
