"""The document's endpoints implemented so far: log-in, the logged-in user, global constants."""

from aiohttp import web

from common.http.app import PG
from common.http.envelope import success
from common.http.errors import AuthError, PlatformError
from common.ids import utcnow
from identity.adapters.db import store
from identity.entrypoints.keys import SETTINGS, caller
from identity.service.sessions import open_session
from identity.service.users import self_view


async def _network_and_user(conn, request: web.Request) -> tuple[store.Network, store.User]:
    principal = caller(request)
    if principal.user_id is None:
        raise AuthError.USER_REQUIRED.error()
    network = await store.network_by_name(conn, principal.network)
    user = network and await store.user_by_id(conn, network.id, principal.user_id)
    if network is None or user is None:
        raise AuthError.USER_REQUIRED.error()
    return network, user


async def log_in(request: web.Request) -> web.Response:
    """GET /authenticate: a session token for the user named in the cv-auth digest."""
    if not caller(request).via_api_key:
        raise AuthError.USER_REQUIRED.error("Log in with the cv-auth AuthToken form (Username and Password)")
    async with request.app[PG].acquire() as conn:
        network, user = await _network_and_user(conn, request)
        token = await open_session(conn, network, user, request.app[SETTINGS], utcnow())
    return success({"token": token, "network": network.name})


async def view_self(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        _, user = await _network_and_user(conn, request)
    return success({"user": self_view(user)})


async def view_globals(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        network = await store.network_by_name(conn, caller(request).network)
    if network is None:
        raise PlatformError.UNKNOWN_NETWORK.error()
    return success(network.globals)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/authenticate", log_in)
    app.router.add_get("/v1/{network}/self", view_self)
    app.router.add_get("/v1/{network}/public/globals", view_globals)
