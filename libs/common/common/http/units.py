"""A request's unit of work: acting for the caller's network, on the request's own connection
when it holds one (an Idempotency-Key request), so the effect commits with the stored answer."""

from typing import TypeVar

from aiohttp import web

from common.http.app import PG
from common.http.idempotency import REQUEST_CONNECTION
from common.http.middlewares import PRINCIPAL
from common.uow import Tenant, UnitOfWork

U = TypeVar("U", bound=UnitOfWork)


def unit_of_work(request: web.Request, kind: type[U]) -> U:
    principal = request.get(PRINCIPAL)
    tenant = Tenant(principal.network, principal.network_id) if principal is not None else None
    return kind(request.app[PG], tenant, request.get(REQUEST_CONNECTION))
