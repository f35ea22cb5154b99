"""Other users: GET /users, GET /users/{user_id}, GET /public/users (rules in identity.service.directory)."""

from aiohttp import web

from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import parse_list_query
from common.http.principal import Principal
from common.http.requests import path_int
from identity.adapters.db.queries.directory import USER_LIST
from identity.service import directory
from identity.service.unit_of_work import IdentityUnitOfWork


async def _list(request: web.Request, principal: Principal) -> web.Response:
    query = parse_list_query(request.query, USER_LIST)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        count, items = await directory.users_page(uow, principal, query)
    return page(items, query.offset, query.limit, count)


async def list_users(request: web.Request) -> web.Response:
    return await _list(request, caller(request))


async def list_public_users(request: web.Request) -> web.Response:
    principal = caller(request)
    return await _list(request, Principal(network=principal.network, network_id=principal.network_id))


async def view_user(request: web.Request) -> web.Response:
    principal, user_id = caller(request), path_int(request, "user_id")
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        return success({"user": await directory.user_view(uow, principal, user_id)})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/users", list_users)
    app.router.add_get("/v1/{network}/users/{user_id}", view_user)
    app.router.add_get("/v1/{network}/public/users", list_public_users)
