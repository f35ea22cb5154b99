"""The document's organization endpoints, members included."""

from typing import Any

from aiohttp import web
from pydantic import BaseModel

from common.errors import PlatformError
from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import parse_list_query
from common.http.principal import Principal
from common.http.requests import Flag, entity_change, parse_model, path_int, read_json
from common.ids import utcnow
from identity.adapters.db.queries.organizations import ORGANIZATION_LIST
from identity.domain.errors import IdentityError
from identity.entrypoints.bodies import OrganizationChange
from identity.service import organizations, profile
from identity.service.unit_of_work import IdentityUnitOfWork


def _change(body: dict[str, Any], current: dict[str, Any] | None = None) -> OrganizationChange:
    return entity_change(OrganizationChange, body, current, IdentityError.FIELD_NOT_EDITABLE)


async def create_organization(request: web.Request) -> web.Response:
    change = _change(await read_json(request))
    if not change.display_name:
        raise PlatformError.VALIDATION_FAILED.error(fields={"display_name": "This field is required"})
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        user = await profile.signed_in(uow, principal)
        organization_id = await organizations.create(uow, user, change.edit(), principal.is_admin, utcnow())
        await uow.commit()
    return success({"organization_id": organization_id})


async def _page(request: web.Request, principal: Principal, public: bool = False) -> web.Response:
    query = parse_list_query(request.query, ORGANIZATION_LIST)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        count, items = await organizations.page(uow, principal, query, public)
    return page(items, query.offset, query.limit, count)


async def list_organizations(request: web.Request) -> web.Response:
    return await _page(request, caller(request))


async def list_public_organizations(request: web.Request) -> web.Response:
    return await _page(request, caller(request), public=True)


async def list_own_organizations(request: web.Request) -> web.Response:
    principal = caller(request)
    query = parse_list_query(request.query, ORGANIZATION_LIST)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        count, items = await organizations.page_of_member(uow, principal.user_id, query)
    return page(items, query.offset, query.limit, count)


async def _visible(request: web.Request, principal: Principal) -> web.Response:
    organization_id = path_int(request, "organization_id")
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        return success({"organization": await organizations.visible_view(uow, organization_id, principal)})


async def view_organization(request: web.Request) -> web.Response:
    return await _visible(request, caller(request))


async def view_public_organization(request: web.Request) -> web.Response:
    principal = caller(request)
    return await _visible(request, Principal(network=principal.network, network_id=principal.network_id))


async def update_organization(request: web.Request) -> web.Response:
    body, organization_id, principal = await read_json(request), path_int(request, "organization_id"), caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        change = _change(body, await organizations.visible_view(uow, organization_id, principal))
        await organizations.update(uow, organization_id, principal, change.edit(), utcnow())
        await uow.commit()
    return success({"organization_id": organization_id})


class Membership(BaseModel):
    """POST .../members/{user_id} takes no body in the document; ``contact_point`` hands that role over."""

    contact_point: Flag = False


async def add_member(request: web.Request) -> web.Response:
    organization_id, user_id = path_int(request, "organization_id"), path_int(request, "user_id")
    membership = parse_model(Membership, await read_json(request))
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await organizations.add_member(uow, organization_id, user_id, principal, membership.contact_point)
        await uow.commit()
    return success([])


async def remove_member(request: web.Request) -> web.Response:
    organization_id, user_id = path_int(request, "organization_id"), path_int(request, "user_id")
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await organizations.remove_member(uow, organization_id, user_id, principal)
        await uow.commit()
    return success({"org_member_id deleted": user_id})


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/{network}/organizations", create_organization)
    app.router.add_get("/v1/{network}/organizations", list_organizations)
    app.router.add_get("/v1/{network}/organizations/{organization_id}", view_organization)
    app.router.add_patch("/v1/{network}/organizations/{organization_id}", update_organization)
    app.router.add_post("/v1/{network}/organizations/{organization_id}/members/{user_id}", add_member)
    app.router.add_delete("/v1/{network}/organizations/{organization_id}/members/{user_id}", remove_member)
    app.router.add_get("/v1/{network}/self/organizations", list_own_organizations)
    app.router.add_get("/v1/{network}/public/organizations", list_public_organizations)
    app.router.add_get("/v1/{network}/public/organizations/{organization_id}", view_public_organization)
