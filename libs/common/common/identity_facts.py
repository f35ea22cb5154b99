"""What identity decides, asked for at the moment a decision needs it.

Another service keeps a read model of identity's users, organizations and members, fed by
identity's events, for its lists and views. A decision the caller's last call may have changed
(is this user a member, blocked, onboarded; does this organization exist; what do the network's
settings require) asks identity instead, through ``GET /internal/networks/{network}/facts``:
one call, answered from identity's own tables, so a client always sees what its previous,
answered call did, however far the events have got. Identity unreachable is a 503, never a
wrong 403 or 404.
"""

from collections.abc import AsyncIterator, Callable
from datetime import date

import aiohttp
from aiohttp import web
from pydantic import BaseModel

from common.http.internal_client import InternalClient


class UserFacts(BaseModel):
    user_id: int
    blocked: bool  # identity's rule, with the end of a block applied
    blocked_until: date | None = None
    email_verified: bool
    term_service_accepted: bool
    registration_complete: bool
    has_been_approved: bool


class OrganizationFacts(BaseModel):
    organization_id: int
    display_name: str
    life_cycle_stage: int
    is_public: bool  # identity's rule: everyone may see it
    member_type: str | None = None  # the asked user's membership, if any


class Facts(BaseModel):
    settings: dict  # the network's settings (investment_requirements, auto_approve_investments, ...)
    user: UserFacts | None = None  # None: no such user in the network
    organization: OrganizationFacts | None = None  # None: no such organization in the network


class IdentityFacts:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, secret: bytes) -> None:
        self._identity = InternalClient(session, "identity", base_url, secret)

    async def facts(self, network: str, user_id: int | None = None, organization_id: int | None = None) -> Facts:
        query = {name: str(value) for name, value in (("user_id", user_id), ("organization_id", organization_id))
                 if value is not None}
        return Facts.model_validate(await self._identity.call("GET", network, f"/internal/networks/{network}/facts",
                                                              query=query))


IDENTITY_FACTS = web.AppKey("identity_facts", IdentityFacts)


def identity_facts_context(identity_url: str, secret: bytes,
                           timeout_seconds: float = 10) -> Callable[[web.Application], AsyncIterator[None]]:
    """The app's ``IDENTITY_FACTS`` client, on one pooled session for the life of the app."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_seconds)) as session:
            app[IDENTITY_FACTS] = IdentityFacts(session, identity_url, secret)
            yield

    return context
