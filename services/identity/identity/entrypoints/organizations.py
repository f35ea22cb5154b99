"""The document's organization endpoints, members included."""

from typing import Any

from aiohttp import web
from pydantic import BaseModel

from common.http.app import PG
from common.http.envelope import page, success
from common.http.errors import PlatformError
from common.http.listing import ListQuery, ListSpec, parse_list_query, where_sql
from common.http.principal import Principal
from common.http.requests import Flag, entity_change, parse_model, path_int, read_json
from common.ids import utcnow
from identity.adapters.db import organizations as orgs
from identity.adapters.db import store
from identity.domain.errors import IdentityError
from identity.domain.organizations import LISTED_STAGES, PUBLIC_STAGES, OrganizationChange
from identity.entrypoints.keys import caller, caller_network
from identity.entrypoints.users import signed_in_user
from identity.service import organizations as service
from identity.service.documents import documents_of

ORGANIZATIONS = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "display_name": "display_name",
                  "life_cycle_stage": "life_cycle_stage"},
    filter_columns={"life_cycle_stage": "life_cycle_stage", "visibility": "visibility",
                    "additional_type": "profile->>'additional_type'"},
    filter_parsers={"life_cycle_stage": int, "visibility": int},
)
OPEN = 0


def _change(body: dict[str, Any], current: dict[str, Any] | None = None) -> OrganizationChange:
    return entity_change(OrganizationChange, body, current, IdentityError.FIELD_NOT_EDITABLE)


async def _views(conn, organizations: list[orgs.Organization]) -> list[dict[str, Any]]:
    if not organizations:
        return []
    members = await orgs.members(conn, [o.id for o in organizations])
    creators = await store.users_by_ids(conn, organizations[0].network_id, [o.user_id for o in organizations])
    names = {user.id: service.full_name(user.given_name, user.family_name) for user in creators}
    documents = await documents_of(conn, organizations[0].network_id, "Organization", [o.id for o in organizations])
    return [service.organization_view(o, members[o.id], names.get(o.user_id), documents[o.id]) for o in organizations]


async def _page(request: web.Request, network_id: int, scope: str, scope_args: list[Any]) -> web.Response:
    query: ListQuery = parse_list_query(request.query, ORGANIZATIONS)
    first = 2 + len(scope_args)
    where, args = where_sql(query, first_param=first)
    base = f"FROM organizations WHERE network_id = $1 AND {scope} AND {where}"
    async with request.app[PG].acquire() as conn:
        count = await conn.fetchval(f"SELECT count(*) {base}", network_id, *scope_args, *args)
        ids = [row["id"] for row in await conn.fetch(
            f"SELECT id {base} ORDER BY {query.order_sql()} LIMIT {query.limit} OFFSET {query.offset}",
            network_id, *scope_args, *args)]
        items = await _views(conn, await orgs.by_ids(conn, ids))
    return page(items, query.offset, query.limit, count)


async def _network(request: web.Request) -> store.Network:
    async with request.app[PG].acquire() as conn:
        return await caller_network(conn, request)


async def create_organization(request: web.Request) -> web.Response:
    body = await read_json(request)
    change = _change(body)
    if not change.display_name:
        raise PlatformError.VALIDATION_FAILED.error(fields={"display_name": "This field is required"})
    async with request.app[PG].acquire() as conn:
        network, user = await signed_in_user(conn, request)
        organization_id = await service.create(conn, network, user, change, caller(request).is_admin, utcnow())
    return success({"organization_id": organization_id})


async def list_organizations(request: web.Request) -> web.Response:
    principal, network = caller(request), await _network(request)
    if principal.is_admin:
        return await _page(request, network.id, "TRUE", [])
    return await _page(request, network.id, "visibility = $2 AND life_cycle_stage = ANY($3)",
                       [OPEN, [int(s) for s in LISTED_STAGES]])


async def list_public_organizations(request: web.Request) -> web.Response:
    network = await _network(request)
    return await _page(request, network.id, "visibility = $2 AND life_cycle_stage = ANY($3)",
                       [OPEN, [int(s) for s in PUBLIC_STAGES]])


async def list_own_organizations(request: web.Request) -> web.Response:
    principal, network = caller(request), await _network(request)
    return await _page(request, network.id,
                       "id IN (SELECT organization_id FROM organization_members WHERE user_id = $2)",
                       [principal.user_id])


async def _visible_view(conn, network_id: int, organization_id: int, principal: Principal) -> dict[str, Any]:
    organization = await orgs.by_id(conn, network_id, organization_id)
    if organization is None or not await service.may_view(conn, organization, principal):
        raise IdentityError.ORGANIZATION_NOT_FOUND.error()
    return (await _views(conn, [organization]))[0]


async def _visible(request: web.Request, principal: Principal) -> web.Response:
    organization_id, network = path_int(request, "organization_id"), await _network(request)
    async with request.app[PG].acquire() as conn:
        return success({"organization": await _visible_view(conn, network.id, organization_id, principal)})


async def view_organization(request: web.Request) -> web.Response:
    return await _visible(request, caller(request))


async def view_public_organization(request: web.Request) -> web.Response:
    return await _visible(request, Principal(network=caller(request).network))


async def update_organization(request: web.Request) -> web.Response:
    body, organization_id, network = await read_json(request), path_int(request, "organization_id"), await _network(request)
    async with request.app[PG].acquire() as conn:
        change = _change(body, await _visible_view(conn, network.id, organization_id, caller(request)))
        await service.update(conn, network, organization_id, caller(request), change, utcnow())
    return success({"organization_id": organization_id})


class Membership(BaseModel):
    """POST .../members/{user_id} takes no body in the document; ``contact_point`` hands that role over."""

    contact_point: Flag = False


async def add_member(request: web.Request) -> web.Response:
    organization_id, user_id = path_int(request, "organization_id"), path_int(request, "user_id")
    membership = parse_model(Membership, await read_json(request))
    network = await _network(request)
    async with request.app[PG].acquire() as conn:
        await service.add_member(conn, network, organization_id, user_id, caller(request), membership.contact_point)
    return success([])


async def remove_member(request: web.Request) -> web.Response:
    organization_id, user_id = path_int(request, "organization_id"), path_int(request, "user_id")
    network = await _network(request)
    async with request.app[PG].acquire() as conn:
        await service.remove_member(conn, network, organization_id, user_id, caller(request))
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
