"""The document's investment endpoints."""

from datetime import date
from typing import Any

from aiohttp import web

from common.http.app import PG
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.principal import Principal
from common.http.requests import entity_change, path_int, read_entity, read_json
from common.ids import utcnow
from offerings.adapters.db import offerings as offering_rows
from offerings.domain.errors import OfferingsError
from offerings.domain.investments import COUNTED, InvestmentChange, InvestmentStage
from offerings.entrypoints.offerings import caller
from offerings.service import investments as service
from offerings.service import offerings as offering_service

INVESTMENTS = ListSpec(sort_columns={"id": "id", "created_at": "created_at", "investment_amount": "investment_amount"})


async def create_investment(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    change = await read_entity(request, InvestmentChange, OfferingsError.FIELD_NOT_EDITABLE)
    async with request.app[PG].acquire() as conn:
        investment_id = await service.create(conn, principal, offering_id, change, date.today())
    return success({"investment_id": investment_id})


async def update_investment(request: web.Request) -> web.Response:
    principal, investment_id, body = caller(request), path_int(request, "investment_id"), await read_json(request)
    async with request.app[PG].acquire() as conn:
        current = await _visible_view(conn, principal, investment_id)
        change = entity_change(InvestmentChange, body, current, OfferingsError.FIELD_NOT_EDITABLE)
        await service.change(conn, principal, investment_id, change, utcnow())
    return success({"investment_id": investment_id})


async def _visible_view(conn, principal: Principal, investment_id: int) -> dict[str, Any]:
    row = await conn.fetchrow(f"SELECT {service.COLUMNS} FROM investments WHERE network_id = $1 AND id = $2",
                              principal.network_id, investment_id)
    offering = row and await offering_rows.by_id(conn, principal.network_id, row["offering_id"])
    if row is None or not await service.may_view(conn, principal, offering, row):
        raise OfferingsError.INVESTMENT_NOT_FOUND.error()
    manager = await offering_service.manages(conn, principal, offering)
    return await service.view(conn, row, offering, principal, manager)


async def view_investment(request: web.Request) -> web.Response:
    principal, investment_id = caller(request), path_int(request, "investment_id")
    async with request.app[PG].acquire() as conn:
        return success({"investment": await _visible_view(conn, principal, investment_id)})


async def _page(request: web.Request, where: str, args: list) -> web.Response:
    principal = caller(request)
    query = parse_list_query(request.query, INVESTMENTS)
    base = f"FROM investments WHERE network_id = $1 AND {where}"
    async with request.app[PG].acquire() as conn:
        count = await conn.fetchval(f"SELECT count(*) {base}", principal.network_id, *args)
        found = await conn.fetch(f"SELECT {service.COLUMNS} {base} ORDER BY {query.order_sql()} "
                                 f"LIMIT {query.limit} OFFSET {query.offset}", principal.network_id, *args)
        offerings = {}  # offering id -> (offering, whether the caller manages it), looked up once a page
        for offering_id in {row["offering_id"] for row in found}:
            offering = await offering_rows.by_id(conn, principal.network_id, offering_id)
            offerings[offering_id] = (offering, await offering_service.manages(conn, principal, offering))
        items = []
        for row in found:
            offering, manager = offerings[row["offering_id"]]
            items.append(await service.view(conn, row, offering, principal, manager))
    return page(items, query.offset, query.limit, count)


async def list_offering_investments(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    async with request.app[PG].acquire() as conn:
        offering = await offering_rows.by_id(conn, principal.network_id, offering_id)
        if offering is None or not await offering_service.may_view(conn, offering, principal):
            raise OfferingsError.OFFERING_NOT_FOUND.error()
        manager = await offering_service.manages(conn, principal, offering)
    if manager:
        return await _page(request, "offering_id = $2", [offering_id])
    return await _page(request, "offering_id = $2 AND life_cycle_stage = ANY($3) AND visibility <> 1",
                       [offering_id, [int(s) for s in COUNTED]])


async def list_own_investments(request: web.Request) -> web.Response:
    return await _page(request, "user_id = $2", [caller(request).user_id or 0])


async def list_user_investments(request: web.Request) -> web.Response:
    """A user's Settled investments; to anyone but that user and admins only those made in the
    open (or in offerings of the caller's organizations), in offerings the caller sees."""
    principal, user_id = caller(request), path_int(request, "user_id")
    where, args = "user_id = $2 AND life_cycle_stage = $3", [user_id, int(InvestmentStage.SETTLED)]
    if not (principal.is_admin or principal.user_id == user_id):
        scope, scope_args = offering_service.visible_scope(principal, 5)
        where = (f"{where} AND {service.disclosed_sql(4)} AND offering_id IN "
                 f"(SELECT id FROM offerings WHERE network_id = $1 AND {scope})")
        args = [*args, principal.user_id or 0, *scope_args]
    return await _page(request, where, args)


def add_routes(app: web.Application) -> None:
    prefix = "/v1/{network}"
    app.router.add_post(f"{prefix}/offerings/{{offering_id}}/investments", create_investment)
    app.router.add_get(f"{prefix}/offerings/{{offering_id}}/investments", list_offering_investments)
    app.router.add_get(f"{prefix}/investments/{{investment_id}}", view_investment)
    app.router.add_patch(f"{prefix}/investments/{{investment_id}}", update_investment)
    app.router.add_get(f"{prefix}/self/investments", list_own_investments)
    app.router.add_get(f"{prefix}/users/{{user_id}}/investments", list_user_investments)
