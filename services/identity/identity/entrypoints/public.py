"""Log-in and the network's global constants."""

from aiohttp import web

from common.errors import AuthError
from common.http.context import caller, unit_of_work
from common.http.envelope import credential_answer, success
from common.ids import utcnow
from identity.entrypoints.keys import SETTINGS
from identity.service import networks, profile
from identity.service.sessions import open_session
from identity.service.unit_of_work import IdentityUnitOfWork


async def log_in(request: web.Request) -> web.Response:
    """GET /authenticate: a session token for the user named in the cv-auth digest."""
    principal = caller(request)
    if not principal.via_api_key:
        raise AuthError.USER_REQUIRED.error("Log in with the cv-auth AuthToken form (Username and Password)")
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network, user = await networks.current(uow), await profile.signed_in(uow, principal)
        token = await open_session(uow, network, user, request.app[SETTINGS], utcnow())
        await uow.commit()
    return credential_answer({"token": token, "network": network.name})


async def view_globals(request: web.Request) -> web.Response:
    caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network = await networks.current(uow)
    return success(network.globals)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/authenticate", log_in)
    app.router.add_get("/v1/{network}/public/globals", view_globals)
