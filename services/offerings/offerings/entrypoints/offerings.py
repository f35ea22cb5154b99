"""The document's offering endpoints and the platform statistics."""

from typing import Any

from aiohttp import web

from common.http.app import PG
from common.http.envelope import page, success
from common.http.errors import PlatformError
from common.http.listing import ListSpec, parse_list_query, where_sql
from common.http.middlewares import PRINCIPAL
from common.http.principal import Principal
from common.http.requests import entity_change, path_int, read_entity, read_json
from common.ids import utcnow
from offerings.adapters.db import documents as document_rows
from offerings.adapters.db import offerings as rows
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import (
    FEATURED_STAGES,
    OTHER_USERS_STAGES,
    PUBLIC_STAGES,
    OfferingChange,
    Stage,
)
from offerings.service import offerings as service

OFFERINGS = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "name": "name", "funding_goal": "funding_goal",
                  "close_date": "close_date", "life_cycle_stage": "life_cycle_stage"},
    filter_columns={"life_cycle_stage": "life_cycle_stage", "organization_id": "organization_id",
                    "currency": "currency", "category": "profile->>'category'"},
    filter_parsers={"life_cycle_stage": int, "organization_id": int},
)


def caller(request: web.Request) -> Principal:
    principal = request[PRINCIPAL]
    if principal.network != request.match_info["network"] or principal.network_id is None:
        raise PlatformError.FORBIDDEN.error("The principal was signed for another network")
    return principal


def _change(body: dict[str, Any], current: dict[str, Any] | None = None) -> OfferingChange:
    return entity_change(OfferingChange, body, current, OfferingsError.FIELD_NOT_EDITABLE)


async def _page(request: web.Request, network_id: int, scope: str, scope_args: list[Any]) -> web.Response:
    query = parse_list_query(request.query, OFFERINGS)
    where, args = where_sql(query, first_param=2 + len(scope_args))
    base = f"FROM offerings WHERE network_id = $1 AND {scope} AND {where}"
    async with request.app[PG].acquire() as conn:
        count = await conn.fetchval(f"SELECT count(*) {base}", network_id, *scope_args, *args)
        ids = [row["id"] for row in await conn.fetch(
            f"SELECT id {base} ORDER BY {query.order_sql()} LIMIT {query.limit} OFFSET {query.offset}",
            network_id, *scope_args, *args)]
        documents = await document_rows.of_owners(conn, network_id, "Offering", ids)
        histories = await rows.histories(conn, ids)
        items = [service.view(o, documents[o.id], histories[o.id]) for o in await rows.by_ids(conn, ids)]
    return page(items, query.offset, query.limit, count)


def _stages(stages) -> list[int]:
    return [int(s) for s in stages]


async def list_offerings(request: web.Request) -> web.Response:
    principal = caller(request)
    scope, args = service.visible_scope(principal, 2)
    return await _page(request, principal.network_id, scope, args)


async def list_organization_offerings(request: web.Request) -> web.Response:
    principal, organization_id = caller(request), path_int(request, "organization_id")
    scope, args = service.visible_scope(principal, 3)
    return await _page(request, principal.network_id, f"organization_id = $2 AND {scope}", [organization_id, *args])


async def list_own_offerings(request: web.Request) -> web.Response:
    principal = caller(request)
    scope, args = service.visible_scope(principal, 3)  # a creator who left the organization no longer sees every stage
    return await _page(request, principal.network_id, f"user_id = $2 AND {scope}", [principal.user_id or 0, *args])


async def list_user_offerings(request: web.Request) -> web.Response:
    principal = caller(request)
    return await _page(request, principal.network_id, "user_id = $2 AND life_cycle_stage = ANY($3)",
                       [path_int(request, "user_id"), _stages(OTHER_USERS_STAGES)])


async def list_public_offerings(request: web.Request) -> web.Response:
    return await _page(request, caller(request).network_id, "life_cycle_stage = ANY($2)", [_stages(PUBLIC_STAGES)])


async def list_featured_offerings(request: web.Request) -> web.Response:
    principal = caller(request)
    scope, args = service.visible_scope(principal, 3)  # Restricted ones only to VIPs, members and admins
    return await _page(request, principal.network_id, f"is_featured AND life_cycle_stage = ANY($2) AND "
                       f"(life_cycle_stage <> {int(Stage.RESTRICTED)} OR {scope})", [_stages(FEATURED_STAGES), *args])


async def _visible_view(conn, principal: Principal, offering_id: int) -> dict[str, Any]:
    offering = await rows.by_id(conn, principal.network_id, offering_id)
    if offering is None or not await service.may_view(conn, offering, principal):
        raise OfferingsError.OFFERING_NOT_FOUND.error()
    documents = await document_rows.of_owner(conn, principal.network_id, "Offering", offering.id)
    history = (await rows.histories(conn, [offering.id]))[offering.id]
    return service.view(offering, documents, history)


async def view_offering(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    async with request.app[PG].acquire() as conn:
        return success({"offering": await _visible_view(conn, principal, offering_id)})


async def view_public_offering(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    async with request.app[PG].acquire() as conn:
        offering = await rows.by_id(conn, principal.network_id, offering_id)
        if offering is None or offering.life_cycle_stage not in PUBLIC_STAGES:
            raise OfferingsError.OFFERING_NOT_FOUND.error()
        documents = await document_rows.of_owner(conn, principal.network_id, "Offering", offering.id)
        history = (await rows.histories(conn, [offering.id]))[offering.id]
    return success({"offering": service.view(offering, documents, history)})


async def create_offering(request: web.Request) -> web.Response:
    principal, organization_id = caller(request), path_int(request, "organization_id")
    change = await read_entity(request, OfferingChange, OfferingsError.FIELD_NOT_EDITABLE)
    async with request.app[PG].acquire() as conn:
        offering_id = await service.create(conn, principal, organization_id, change, utcnow())
    return success({"offering_id": offering_id})


async def update_offering(request: web.Request) -> web.Response:
    principal, offering_id, body = caller(request), path_int(request, "offering_id"), await read_json(request)
    async with request.app[PG].acquire() as conn:
        change = _change(body, await _visible_view(conn, principal, offering_id))
        await service.update(conn, principal, offering_id, change, utcnow())
    return success({"offering_id": offering_id})


async def cancel_offering(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    async with request.app[PG].acquire() as conn:
        await service.cancel(conn, principal, offering_id, utcnow())
    return success({"offering_id": offering_id})


async def platform_stats(request: web.Request) -> web.Response:
    network_id = caller(request).network_id
    async with request.app[PG].acquire() as conn:
        investments = await conn.fetchrow(
            "SELECT coalesce(sum(investment_amount), 0)::numeric(20,2) AS total, count(*) AS count, count(DISTINCT user_id) AS investors "
            "FROM investments WHERE network_id = $1 AND life_cycle_stage = 4 AND investment_amount > 0", network_id)
        offerings_settled = await conn.fetchval(
            "SELECT count(*) FROM offerings WHERE network_id = $1 AND life_cycle_stage = 8", network_id)
    return success({
        "sum_settled_investments": investments["total"],
        "count_settled_investments": investments["count"],
        "count_settled_offerings": offerings_settled,
        "count_investors_with_settled_investments": investments["investors"],
    })


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/public/stats", platform_stats)
    prefix = "/v1/{network}"
    app.router.add_get(f"{prefix}/offerings", list_offerings)
    app.router.add_get(f"{prefix}/offerings/{{offering_id}}", view_offering)
    app.router.add_patch(f"{prefix}/offerings/{{offering_id}}", update_offering)
    app.router.add_delete(f"{prefix}/offerings/{{offering_id}}", cancel_offering)
    app.router.add_post(f"{prefix}/organizations/{{organization_id}}/offerings", create_offering)
    app.router.add_get(f"{prefix}/organizations/{{organization_id}}/offerings", list_organization_offerings)
    app.router.add_get(f"{prefix}/self/offerings", list_own_offerings)
    app.router.add_get(f"{prefix}/users/{{user_id}}/offerings", list_user_offerings)
    app.router.add_get(f"{prefix}/public/offerings", list_public_offerings)
    app.router.add_get(f"{prefix}/public/offerings/{{offering_id}}", view_public_offering)
    app.router.add_get(f"{prefix}/public/featuredOfferings", list_featured_offerings)
