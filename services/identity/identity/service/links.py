"""Single-use secrets mailed as links (email verification, password reset), and the rule that a
link only ever points at a page of the network's registered front-ends."""

from datetime import datetime, timedelta

from yarl import URL

from common.errors import PlatformError
from identity.domain.errors import IdentityError
from identity.domain.frontends import link_base, link_to
from identity.domain.networks import Network
from identity.domain.one_time_secrets import SECRET_LIFETIME, hash_secret, new_secret
from identity.domain.users import User
from identity.service.unit_of_work import IdentityUnitOfWork

VERIFY, RESET = "verify_email", "reset_password"
LINKS_PER_HOUR = 5


def link_target(network: Network, url: str, field: str = "url") -> URL:
    """``url`` (the request's ``field``) as the base of a mailed link: refused with a 400 naming
    the field unless it is a page of one of the network's registered front-ends."""
    if not network.frontend_origins:
        raise IdentityError.NO_FRONTEND_REGISTERED.error(
            fields={field: "The network has registered no front-end to link to"})
    target = link_base(url, network.frontend_origins)
    if target is None:
        raise IdentityError.LINK_URL_REFUSED.error(
            fields={field: "Must be an https page of one of the network's registered front-ends"})
    return target


async def send_secret_link(uow: IdentityUnitOfWork, network: Network, user: User, purpose: str, target: URL,
                           now: datetime) -> None:
    """A fresh single-use secret for ``purpose``, bound to the user's address and mailed there as
    a link to ``target`` (from ``link_target``). At most ``LINKS_PER_HOUR`` per account and
    purpose, so nobody floods a mailbox: past it a 429, or silence where the network answers
    uniformly (a 429 would tell the email is registered)."""
    await uow.locks.hold("links", user.id, purpose)
    if await uow.one_time_secrets.sent_within(user.id, purpose, timedelta(hours=1)) >= LINKS_PER_HOUR:
        if network.answers_uniformly:
            return
        raise PlatformError.RATE_LIMITED.error("Too many links mailed to this account in the last hour",
                                               retry_after=3600)
    secret, secret_hash = new_secret()
    await uow.one_time_secrets.add(user.id, purpose, user.email, secret_hash, now + SECRET_LIFETIME)
    context = {"network": network.name, "name": user.given_name, "link": link_to(target, user_id=user.id, secret=secret)}
    await uow.mail.queue(network.id, user.email, purpose, context)


async def spend_secret(uow: IdentityUnitOfWork, user: User, purpose: str, secret: str, now: datetime,
                       invalid: IdentityError, expired: IdentityError) -> None:
    """Spend the user's secret: it must be unused, unexpired, and mailed to the user's current address."""
    stored = await uow.one_time_secrets.take(user.id, purpose, user.email, hash_secret(secret))
    if stored is None:
        raise invalid.error()
    if stored.expires_at <= now:
        raise expired.error()
    await uow.one_time_secrets.use(stored.id)
