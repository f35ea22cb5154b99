"""Invitations a user sends to contacts (/self/invitations); each user sees only their own."""

from aiohttp import web
from pydantic import BaseModel, ConfigDict

from common.errors import PlatformError
from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import parse_list_query
from common.http.requests import path_int, read_model
from common.ids import utcnow
from identity.adapters.db.queries.invitations import INVITATION_LIST
from identity.domain.errors import IdentityError
from identity.service import invitations, networks, profile
from identity.service.onboarding import normalized_email
from identity.service.unit_of_work import IdentityUnitOfWork


class InvitationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str
    given_name: str | None = None
    family_name: str | None = None
    organization_name: str | None = None
    url: str | None = None  # the front-end page the invitation links to (a registered origin's)


async def create_invitation(request: web.Request) -> web.Response:
    body = await read_model(request, InvitationBody)
    email = normalized_email(body.email)
    if email is None:
        raise PlatformError.VALIDATION_FAILED.error(fields={"email": "Not a valid email address"})
    principal = caller(request)
    invitation = invitations.Invitation(**(body.model_dump() | {"email": email}))
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network, user = await networks.current(uow), await profile.signed_in(uow, principal)
        invitation_id = await invitations.invite(uow, network, user, invitation, utcnow())
        await uow.commit()
    return success({"invitation_id": invitation_id})


async def list_invitations(request: web.Request) -> web.Response:
    query = parse_list_query(request.query, INVITATION_LIST)
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        user = await profile.signed_in(uow, principal)
        count, items = await uow.invitation_views.page(user.id, query)
    return page(items, query.offset, query.limit, count)


async def view_invitation(request: web.Request) -> web.Response:
    invitation_id, principal = path_int(request, "invitation_id"), caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        user = await profile.signed_in(uow, principal)
        invitation = await uow.invitation_views.one(user.id, invitation_id)
    if invitation is None:
        raise IdentityError.INVITATION_NOT_FOUND.error()
    return success({"invitation": invitation})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/self/invitations", list_invitations)
    app.router.add_post("/v1/{network}/self/invitations", create_invitation)
    app.router.add_get("/v1/{network}/self/invitations/{invitation_id}", view_invitation)
