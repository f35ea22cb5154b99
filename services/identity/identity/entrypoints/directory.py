"""Other users: GET /users, GET /users/{user_id}, GET /public/users.

Lists hold Open users only (admins see everyone); a Hidden user is visible to themself and
admins only; an Anonymous one is shown without a name. No view carries private fields: the
documented private keys answer null, documents go to their owner and admins only, and
memberships are of the organizations the caller may see.
"""

from typing import Any

from aiohttp import web

from common.http.app import PG
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query, where_sql
from common.http.principal import Principal
from common.http.requests import path_int
from identity.adapters.db import store
from identity.domain.errors import IdentityError
from identity.entrypoints.keys import caller
from identity.service import organizations
from identity.service.documents import documents_of
from identity.service.users import public_view

OPEN, HIDDEN = 0, 1


def boolean(text: str) -> bool:
    if text.lower() in ("1", "true"):
        return True
    if text.lower() in ("0", "false"):
        return False
    raise ValueError(text)


USERS = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "given_name": "given_name", "family_name": "family_name"},
    filter_columns={"is_vip": "is_vip", "has_been_approved": "has_been_approved",
                    "additional_type": "profile->>'additional_type'", "visibility": "visibility"},
    filter_parsers={"is_vip": boolean, "has_been_approved": boolean, "visibility": int},
)


async def _first_addresses(conn, user_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT DISTINCT ON (user_id) user_id, city, address_locality, region, country FROM user_addresses "
        "WHERE user_id = ANY($1) ORDER BY user_id, id", user_ids)
    return {row["user_id"]: dict(row) for row in rows}


async def _list(request: web.Request, principal: Principal) -> web.Response:
    query = parse_list_query(request.query, USERS)
    where, args = where_sql(query, first_param=2)
    scope = "TRUE" if principal.is_admin else f"visibility = {OPEN}"
    async with request.app[PG].acquire() as conn:
        network = await store.network_by_name(conn, principal.network)
        base = f"FROM users WHERE network_id = $1 AND deleted_at IS NULL AND {scope} AND {where}"
        count = await conn.fetchval(f"SELECT count(*) {base}", network.id, *args)
        ids = [row["id"] for row in await conn.fetch(
            f"SELECT id {base} ORDER BY {query.order_sql()} LIMIT {query.limit} OFFSET {query.offset}",
            network.id, *args)]
        users = await store.users_by_ids(conn, network.id, ids)
        addresses = await _first_addresses(conn, ids)
        memberships = await organizations.shown_memberships(conn, ids, principal)
    items = [public_view(user, addresses.get(user.id), principal.is_admin, memberships=memberships[user.id])
             for user in users]
    return page(items, query.offset, query.limit, count)


async def list_users(request: web.Request) -> web.Response:
    return await _list(request, caller(request))


async def list_public_users(request: web.Request) -> web.Response:
    principal = caller(request)
    return await _list(request, Principal(network=principal.network, network_id=principal.network_id))


async def view_user(request: web.Request) -> web.Response:
    principal, user_id = caller(request), path_int(request, "user_id")
    async with request.app[PG].acquire() as conn:
        network = await store.network_by_name(conn, principal.network)
        user = await store.user_by_id(conn, network.id, user_id)
        may_see = user is not None and user.deleted_at is None and (
            user.visibility != HIDDEN or principal.is_admin or principal.user_id == user.id)
        if not may_see:
            raise IdentityError.USER_NOT_FOUND.error()
        address = (await _first_addresses(conn, [user.id])).get(user.id)
        # a user's documents are theirs and the admins' to read
        own = principal.is_admin or principal.user_id == user.id
        documents = (await documents_of(conn, network.id, "User", [user.id]))[user.id] if own else []
        memberships = (await organizations.shown_memberships(conn, [user.id], principal))[user.id]
    return success({"user": public_view(user, address, principal.is_admin, documents, memberships)})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/users", list_users)
    app.router.add_get("/v1/{network}/users/{user_id}", view_user)
    app.router.add_get("/v1/{network}/public/users", list_public_users)
