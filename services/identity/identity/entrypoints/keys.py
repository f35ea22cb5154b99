"""What the identity routes share: the settings key, the internal routes' network check, and a
unit of work of its own for what must commit whatever the request answers."""

from aiohttp import web

from common.errors import PlatformError
from common.http.app import PG
from common.http.middlewares import PRINCIPAL
from common.uow import Tenant
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings

SETTINGS = web.AppKey("settings", IdentitySettings)


def path_network(request: web.Request) -> str:
    """The path's network on the internal routes, which the gateway calls before it knows the
    network's id: it must be the one the principal was signed for."""
    network = request.match_info["network"]
    if request[PRINCIPAL].network != network:
        raise PlatformError.FORBIDDEN.error("The principal was signed for another network")
    return network


def unit_of_work_of_its_own(request: web.Request) -> IdentityUnitOfWork:
    """A unit of work outside the request's (not yet open): what it commits stays, whatever the
    request then answers, as a wrong password must stay counted."""
    principal = request[PRINCIPAL]
    return IdentityUnitOfWork(request.app[PG], Tenant(principal.network, principal.network_id))
