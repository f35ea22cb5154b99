"""Invitations a user sends to contacts (/self/invitations); each user sees only their own."""

from datetime import timedelta

from aiohttp import web
from pydantic import BaseModel, ConfigDict

from common.http.app import PG
from common.http.envelope import page, success
from common.http.errors import PlatformError
from common.http.listing import ListSpec, parse_list_query
from common.http.requests import path_int, read_model
from common.ids import utcnow
from identity.adapters.db import store
from identity.adapters.mail.outbox import queue_mail
from identity.domain.errors import IdentityError
from identity.domain.frontends import link_to
from identity.entrypoints.users import signed_in_user
from identity.service.links import link_target
from identity.service.onboarding import normalized_email
from identity.service.organizations import full_name

INVITATION_LIFETIME = timedelta(days=30)
INVITATIONS_PER_DAY = 50  # per inviter: invitations are mail to strangers, not a mailing tool
_COLUMNS = "id, author_id, email, given_name, family_name, organization_name, created_at, expires_at"
INVITATIONS = ListSpec(sort_columns={"id": "id", "created_at": "created_at", "email": "email"})


class Invitation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str
    given_name: str | None = None
    family_name: str | None = None
    organization_name: str | None = None
    url: str | None = None  # the front-end page the invitation links to (a registered origin's)


async def create_invitation(request: web.Request) -> web.Response:
    body = await read_model(request, Invitation)
    email = normalized_email(body.email)
    if email is None:
        raise PlatformError.VALIDATION_FAILED.error(fields={"email": "Not a valid email address"})
    now = utcnow()
    async with request.app[PG].acquire() as conn, conn.transaction():
        network, user = await signed_in_user(conn, request)
        target = None if body.url is None else link_target(network, body.url)
        await store.serialize_on(conn, "invitations", user.id)  # one count at a time
        sent_today = await conn.fetchval("SELECT count(*) FROM invitations WHERE author_id = $1 "
                                         "AND created_at > now() - interval '1 day'", user.id)
        if sent_today >= INVITATIONS_PER_DAY:
            raise PlatformError.RATE_LIMITED.error("Too many invitations sent in the last day",
                                                   retry_after=3600)
        invitation_id = await conn.fetchval(
            "INSERT INTO invitations (network_id, author_id, email, given_name, family_name, organization_name, "
            "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            network.id, user.id, email, body.given_name, body.family_name, body.organization_name,
            now + INVITATION_LIFETIME)
        context = {"network": network.name, "given_name": body.given_name, "organization_name": body.organization_name,
                   "inviter": full_name(user.given_name, user.family_name) or user.email,
                   "expires_on": (now + INVITATION_LIFETIME).date().isoformat(),
                   "link": None if target is None else link_to(target, invitation_id=invitation_id)}
        await queue_mail(conn, network.id, email, "invitation", context)
    return success({"invitation_id": invitation_id})


async def list_invitations(request: web.Request) -> web.Response:
    query = parse_list_query(request.query, INVITATIONS)
    async with request.app[PG].acquire() as conn:
        _, user = await signed_in_user(conn, request)
        count = await conn.fetchval("SELECT count(*) FROM invitations WHERE author_id = $1", user.id)
        rows = await conn.fetch(
            f"SELECT {_COLUMNS} FROM invitations WHERE author_id = $1 ORDER BY {query.order_sql()} "
            f"LIMIT {query.limit} OFFSET {query.offset}", user.id)
    return page([dict(row) for row in rows], query.offset, query.limit, count)


async def view_invitation(request: web.Request) -> web.Response:
    invitation_id = path_int(request, "invitation_id")
    async with request.app[PG].acquire() as conn:
        _, user = await signed_in_user(conn, request)
        row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM invitations WHERE id = $1 AND author_id = $2",
                                  invitation_id, user.id)
    if row is None:
        raise IdentityError.INVITATION_NOT_FOUND.error()
    return success({"invitation": dict(row)})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/self/invitations", list_invitations)
    app.router.add_post("/v1/{network}/self/invitations", create_invitation)
    app.router.add_get("/v1/{network}/self/invitations/{invitation_id}", view_invitation)
