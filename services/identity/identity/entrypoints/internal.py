"""Routes only other processes call: network lookup and credential verification (the gateway),
and the facts other services' decisions need (``common.identity_facts``)."""

from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, Field, RootModel

from common.errors import PlatformError
from common.http.context import unit_of_work
from common.http.envelope import success
from common.http.requests import Int64, parse_model, read_model
from common.ids import utcnow
from identity.entrypoints.keys import SETTINGS, path_network, unit_of_work_of_its_own
from identity.service import facts
from identity.service.authentication import DigestCredential, verify_digest, verify_token
from identity.service.unit_of_work import IdentityUnitOfWork


class DigestBody(BaseModel):
    kind: Literal["digest"]
    api_key: str
    token_digest: str
    nonce: str
    created: str
    username: str | None = None
    password: str | None = None


class TokenBody(BaseModel):
    kind: Literal["token"]
    token: str


class AuthenticateBody(RootModel[Annotated[DigestBody | TokenBody, Field(discriminator="kind")]]):
    pass


async def get_network(request: web.Request) -> web.Response:
    name = path_network(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network = await uow.networks.by_name(name)
    if network is None:
        raise PlatformError.UNKNOWN_NETWORK.error()
    return success({"network": {"id": network.id, "name": network.name, "cors_origins": network.cors_origins}})


async def authenticate(request: web.Request) -> web.Response:
    body = (await read_model(request, AuthenticateBody)).root
    network, settings, now = path_network(request), request.app[SETTINGS], utcnow()
    uow = unit_of_work_of_its_own(request)  # each step opens it: the nonce and password checks commit on their own
    if isinstance(body, TokenBody):
        verified = await verify_token(uow, network, body.token, settings, now)
    else:
        credential = DigestCredential(**body.model_dump(exclude={"kind"}))
        verified = await verify_digest(uow, network, credential, settings, now)
    principal = verified.principal
    return success({
        "principal": {
            "network": principal.network,
            "network_id": principal.network_id,
            "user_id": principal.user_id,
            "is_admin": principal.is_admin,
            "is_vip": principal.is_vip,
            "via_api_key": principal.via_api_key,
        },
        "cache_seconds": verified.cache_seconds,
    })


class FactsQuery(BaseModel):
    user_id: Int64 | None = None
    organization_id: Int64 | None = None


async def get_facts(request: web.Request) -> web.Response:
    """What another service's decision needs to know now (``common.identity_facts``)."""
    query = parse_model(FactsQuery, dict(request.query))
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        answer = await facts.facts(uow, path_network(request), query.user_id, query.organization_id)
    return success(answer.model_dump(mode="json"))


def add_routes(app: web.Application) -> None:
    app.router.add_get("/internal/networks/{network}", get_network)
    app.router.add_get("/internal/networks/{network}/facts", get_facts)
    app.router.add_post("/internal/networks/{network}/authenticate", authenticate)
