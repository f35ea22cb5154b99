"""What a handler knows of its request: who calls (checked against the path's network) and the
unit of work it acts through.

A request's unit of work acts for the caller's network, on the request's own connection when
it holds one (an Idempotency-Key request), so the effect commits with the stored answer.
"""

from typing import TypeVar

from aiohttp import web

from common.errors import PlatformError
from common.http.app import PG
from common.http.idempotency import REQUEST_CONNECTION
from common.http.middlewares import PRINCIPAL
from common.http.principal import Principal
from common.uow import Tenant, UnitOfWork

U = TypeVar("U", bound=UnitOfWork)


def caller(request: web.Request) -> Principal:
    """The principal, refused when the gateway signed it for another network than the path's."""
    principal = request[PRINCIPAL]
    if principal.network != request.match_info.get("network", principal.network) or principal.network_id is None:
        raise PlatformError.FORBIDDEN.error("The principal was signed for another network")
    return principal


def unit_of_work(request: web.Request, kind: type[U]) -> U:
    principal = request.get(PRINCIPAL)
    tenant = Tenant(principal.network, principal.network_id) if principal is not None else None
    return kind(request.app[PG], tenant, request.get(REQUEST_CONNECTION))
