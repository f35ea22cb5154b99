"""The admin API (/v1/{network}/admin/...), for the network's admins only."""

from datetime import date
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, RootModel

from common.errors import PlatformError
from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import parse_list_query
from common.http.principal import Principal
from common.http.requests import Flag, parse_model, path_int, read_json, read_model
from identity.adapters.db.queries.directory import ADMIN_USER_LIST
from identity.adapters.db.queries.newsletter import SIGNUP_LIST
from identity.service import admin, directory, networks
from identity.service.networks import AdminSettings
from identity.service.unit_of_work import IdentityUnitOfWork


def _admin(request: web.Request) -> Principal:
    principal = caller(request)
    if not principal.is_admin:
        raise PlatformError.FORBIDDEN.error("Only the network's admins may use the admin API")
    return principal


async def list_users(request: web.Request) -> web.Response:
    query = parse_list_query(request.query, ADMIN_USER_LIST)
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        count, items = await directory.every_user_page(uow, query)
    return page(items, query.offset, query.limit, count)


async def view_user(request: web.Request) -> web.Response:
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        user = await admin.user_of(uow, await networks.current(uow), path_int(request, "user_id"))
        return success({"user": await directory.own_account(uow, user)})


async def approve_user(request: web.Request) -> web.Response:
    user_id = path_int(request, "user_id")
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await admin.approve(uow, await networks.current(uow), user_id)
        await uow.commit()
    return success({"user_id": user_id})


class Block(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_message: str | None = None
    description: str | None = None
    expiration_date: date | None = None


async def block_user(request: web.Request) -> web.Response:
    user_id, body = path_int(request, "user_id"), await read_model(request, Block)
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network = await networks.current(uow)
        log_id = await admin.block(uow, network, user_id, body.user_message, body.description, body.expiration_date)
        await uow.commit()
    return success({"user_access_denied_log_id": log_id})


async def unblock_user(request: web.Request) -> web.Response:
    user_id = path_int(request, "user_id")
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await admin.unblock(uow, await networks.current(uow), user_id)
        await uow.commit()
    return success({"user_id": user_id})


class Roles(BaseModel):
    model_config = ConfigDict(extra="forbid")
    is_admin: Flag | None = None
    is_vip: Flag | None = None


async def set_roles(request: web.Request) -> web.Response:
    user_id, body = path_int(request, "user_id"), await read_model(request, Roles)
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await admin.set_roles(uow, await networks.current(uow), user_id, body.is_admin, body.is_vip)
        await uow.commit()
    return success({"user_id": user_id})


class Constants(RootModel[dict[str, Any]]):
    pass


async def view_globals(request: web.Request) -> web.Response:
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network = await networks.current(uow)
    return success(network.globals)


async def replace_globals(request: web.Request) -> web.Response:
    constants = (await read_model(request, Constants)).root
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await admin.set_globals(uow, await networks.current(uow), constants)
        await uow.commit()
    return success(constants)


async def list_newsletter_signups(request: web.Request) -> web.Response:
    query = parse_list_query(request.query, SIGNUP_LIST)
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        count, items = await admin.newsletter_signups(uow, await networks.current(uow), query.limit, query.offset)
    return page(items, query.offset, query.limit, count)


async def view_settings(request: web.Request) -> web.Response:
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network = await networks.current(uow)
    return success({"settings": admin.settings_of(network.settings)})


async def change_settings(request: web.Request) -> web.Response:
    """Merge the given front-end settings (frontend_urls, user_self_approval) into the network's."""
    changes = parse_model(AdminSettings, await read_json(request)).model_dump(exclude_unset=True)
    _admin(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        settings = await admin.change_settings(uow, await networks.current(uow), changes)
        await uow.commit()
    return success({"settings": settings})


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
