"""The admin API (/v1/{network}/admin/...), for the network's admins only."""

from datetime import date
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, RootModel

from common.http.app import PG
from common.http.envelope import page, success
from common.http.errors import PlatformError
from common.http.listing import ListSpec, parse_list_query, where_sql
from common.http.requests import Flag, parse_model, path_int, read_json, read_model
from identity.adapters.db import organizations, records, store
from identity.entrypoints.directory import boolean
from identity.entrypoints.keys import caller
from identity.service import admin
from identity.service.documents import documents_of
from identity.service.networks import FrontEndSettings
from identity.service.users import public_view, self_view

ADMIN_USERS = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "email": "lower(email)", "family_name": "family_name"},
    filter_columns={"status": "status", "is_admin": "is_admin", "is_vip": "is_vip",
                    "email_verified": "email_verified", "has_been_approved": "has_been_approved",
                    "visibility": "visibility"},
    filter_parsers={"is_admin": boolean, "is_vip": boolean, "email_verified": boolean,
                    "has_been_approved": boolean, "visibility": int},
)


async def _admin_network(conn, request: web.Request) -> store.Network:
    principal = caller(request)
    if not principal.is_admin:
        raise PlatformError.FORBIDDEN.error("Only the network's admins may use the admin API")
    return await store.network_by_name(conn, principal.network)


async def list_users(request: web.Request) -> web.Response:
    query = parse_list_query(request.query, ADMIN_USERS)
    where, args = where_sql(query, first_param=2)
    async with request.app[PG].acquire() as conn:
        network = await _admin_network(conn, request)
        base = f"FROM users WHERE network_id = $1 AND {where}"
        count = await conn.fetchval(f"SELECT count(*) {base}", network.id, *args)
        ids = [row["id"] for row in await conn.fetch(
            f"SELECT id {base} ORDER BY {query.order_sql()} LIMIT {query.limit} OFFSET {query.offset}", network.id, *args)]
        users = await store.users_by_ids(conn, network.id, ids)
    return page([public_view(user, None, show_email=True) | {"email_verified": user.email_verified}
                 for user in users], query.offset, query.limit, count)


async def view_user(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        network = await _admin_network(conn, request)
        user = await admin.user_of(conn, network, path_int(request, "user_id"))
        view = self_view(user, await records.list_records(conn, "user_addresses", user.id),
                         await records.list_records(conn, "user_bank_accounts", user.id),
                         await organizations.memberships(conn, user.id),
                         (await documents_of(conn, network.id, "User", [user.id]))[user.id])
    return success({"user": view})


async def approve_user(request: web.Request) -> web.Response:
    user_id = path_int(request, "user_id")
    async with request.app[PG].acquire() as conn:
        await admin.approve(conn, await _admin_network(conn, request), user_id)
    return success({"user_id": user_id})


class Block(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_message: str | None = None
    description: str | None = None
    expiration_date: date | None = None


async def block_user(request: web.Request) -> web.Response:
    user_id, body = path_int(request, "user_id"), await read_model(request, Block)
    async with request.app[PG].acquire() as conn:
        network = await _admin_network(conn, request)
        log_id = await admin.block(conn, network, user_id, body.user_message, body.description, body.expiration_date)
    return success({"user_access_denied_log_id": log_id})


async def unblock_user(request: web.Request) -> web.Response:
    user_id = path_int(request, "user_id")
    async with request.app[PG].acquire() as conn:
        await admin.unblock(conn, await _admin_network(conn, request), user_id)
    return success({"user_id": user_id})


class Roles(BaseModel):
    model_config = ConfigDict(extra="forbid")
    is_admin: Flag | None = None
    is_vip: Flag | None = None


async def set_roles(request: web.Request) -> web.Response:
    user_id, body = path_int(request, "user_id"), await read_model(request, Roles)
    async with request.app[PG].acquire() as conn:
        await admin.set_roles(conn, await _admin_network(conn, request), user_id, body.is_admin, body.is_vip)
    return success({"user_id": user_id})


class Constants(RootModel[dict[str, Any]]):
    pass


async def view_globals(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        network = await _admin_network(conn, request)
    return success(network.globals)


async def replace_globals(request: web.Request) -> web.Response:
    constants = (await read_model(request, Constants)).root
    async with request.app[PG].acquire() as conn:
        await admin.set_globals(conn, await _admin_network(conn, request), constants)
    return success(constants)


async def list_newsletter_signups(request: web.Request) -> web.Response:
    query = parse_list_query(request.query, ListSpec(sort_columns={"id": "id"}))
    async with request.app[PG].acquire() as conn:
        network = await _admin_network(conn, request)
        count, items = await admin.newsletter_signups(conn, network, query.limit, query.offset)
    return page(items, query.offset, query.limit, count)


async def view_settings(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        network = await _admin_network(conn, request)
    return success({"settings": admin.settings_of(network)})


async def change_settings(request: web.Request) -> web.Response:
    """Merge the given front-end settings (frontend_urls, user_self_approval) into the network's."""
    changes = parse_model(FrontEndSettings, await read_json(request)).model_dump(exclude_unset=True)
    async with request.app[PG].acquire() as conn:
        network = await admin.change_settings(conn, await _admin_network(conn, request), changes)
    return success({"settings": admin.settings_of(network)})


def add_routes(app: web.Application) -> None:
    prefix = "/v1/{network}/admin"
    app.router.add_get(f"{prefix}/users", list_users)
    app.router.add_get(f"{prefix}/users/{{user_id}}", view_user)
    app.router.add_post(f"{prefix}/users/{{user_id}}/approve", approve_user)
    app.router.add_post(f"{prefix}/users/{{user_id}}/block", block_user)
    app.router.add_post(f"{prefix}/users/{{user_id}}/unblock", unblock_user)
    app.router.add_patch(f"{prefix}/users/{{user_id}}/roles", set_roles)
    app.router.add_get(f"{prefix}/globals", view_globals)
    app.router.add_put(f"{prefix}/globals", replace_globals)
    app.router.add_get(f"{prefix}/newsletterSignUps", list_newsletter_signups)
    app.router.add_get(f"{prefix}/settings", view_settings)
    app.router.add_patch(f"{prefix}/settings", change_settings)
