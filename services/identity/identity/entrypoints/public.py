"""The document's endpoints implemented so far: log-in, the logged-in user, global constants."""

from aiohttp import web

from common.http.app import PG
from common.http.envelope import credential_answer, success
from common.http.errors import AuthError
from common.ids import utcnow
from identity.entrypoints.keys import SETTINGS, caller, caller_network
from identity.entrypoints.users import signed_in_user
from identity.service.sessions import open_session


async def log_in(request: web.Request) -> web.Response:
    """GET /authenticate: a session token for the user named in the cv-auth digest."""
    if not caller(request).via_api_key:
        raise AuthError.USER_REQUIRED.error("Log in with the cv-auth AuthToken form (Username and Password)")
    async with request.app[PG].acquire() as conn:
        network, user = await signed_in_user(conn, request)
        token = await open_session(conn, network, user, request.app[SETTINGS], utcnow())
    return credential_answer({"token": token, "network": network.name})


async def view_globals(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        network = await caller_network(conn, request)
    return success(network.globals)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/authenticate", log_in)
    app.router.add_get("/v1/{network}/public/globals", view_globals)
