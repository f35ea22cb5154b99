"""The document's capitalization endpoints (the share register) and the register's OCF export."""

from typing import Any

from aiohttp import web

from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.requests import entity_change, path_int, read_entity, read_json, read_model
from common.identity_facts import IdentityFacts
from registry.adapters.db.capitalizations import capitalization
from registry.domain import ocf
from registry.domain import portfolio as portfolios
from registry.domain.errors import RegistryError
from registry.entrypoints.bodies import CapitalizationChange, Merge, Split
from registry.entrypoints.views import capitalization_view, change_view
from registry.service import access
from registry.service import capitalizations as service
from registry.service.unit_of_work import RegistryUnitOfWork

IDENTITY = web.AppKey("identity_facts", IdentityFacts)
CAPITALIZATIONS = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "number_of_shares": "number_of_shares"},
    filter_columns={"life_cycle_stage": "life_cycle_stage", "capitalization_type": "capitalization_type",
                    "owner_id": "owner_id"},
    filter_parsers={"life_cycle_stage": int, "capitalization_type": int, "owner_id": int})
CHANGES = ListSpec(sort_columns={"id": "id"})
PORTFOLIO = ListSpec(sort_columns={"id": "id"}, date_column="created_at")


def _uow(request: web.Request) -> RegistryUnitOfWork:
    return unit_of_work(request, RegistryUnitOfWork)


async def _views(uow: RegistryUnitOfWork, ids: list[int]) -> list[dict[str, Any]]:
    return [capitalization_view(row) for row in await uow.queries.views(ids)]


async def _visible(request: web.Request, uow: RegistryUnitOfWork, capitalization_id: int):
    cap = await uow.capitalizations.get(capitalization_id)
    if cap is None or not await access.may_see(request.app[IDENTITY], caller(request), cap):
        raise RegistryError.CAPITALIZATION_NOT_FOUND.error()
    return cap


async def create_capitalization(request: web.Request) -> web.Response:
    principal, organization_id = caller(request), path_int(request, "organization_id")
    change = await read_entity(request, CapitalizationChange, RegistryError.FIELD_NOT_EDITABLE)
    await access.require_manager(request.app[IDENTITY], principal, organization_id)
    await access.require_owner_exists(request.app[IDENTITY], principal, change.owner_id)
    async with _uow(request) as uow:
        capitalization_id = await service.create(uow, principal.user_id, organization_id,
                                                 change.model_dump(exclude_unset=True, exclude_none=True))
        await uow.commit()
    return success({"capitalization_id": capitalization_id})


async def organization_capitalizations(request: web.Request) -> web.Response:
    """The cap table, to the organization's members and admins."""
    principal, organization_id = caller(request), path_int(request, "organization_id")
    query = parse_list_query(request.query, CAPITALIZATIONS)
    await access.require_manager(request.app[IDENTITY], principal, organization_id)
    async with _uow(request) as uow:
        count, ids = await uow.queries.organization_page(organization_id, query)
        return page(await _views(uow, ids), query.offset, query.limit, count)


async def own_capitalizations(request: web.Request) -> web.Response:
    principal = caller(request)
    query = parse_list_query(request.query, CAPITALIZATIONS)
    async with _uow(request) as uow:
        count, ids = await uow.queries.owner_page(principal.user_id, query)
        return page(await _views(uow, ids), query.offset, query.limit, count)


async def view_capitalization(request: web.Request) -> web.Response:
    capitalization_id = path_int(request, "capitalization_id")
    async with _uow(request) as uow:
        await _visible(request, uow, capitalization_id)
        return success({"capitalization": (await _views(uow, [capitalization_id]))[0]})


async def changelog(request: web.Request) -> web.Response:
    capitalization_id = path_int(request, "capitalization_id")
    query = parse_list_query(request.query, CHANGES)
    async with _uow(request) as uow:
        await _visible(request, uow, capitalization_id)
        count, ids = await uow.queries.changelog_page(capitalization_id, query)
        return page([change_view(row) for row in await uow.queries.change_views(ids)], query.offset, query.limit, count)


async def update_capitalization(request: web.Request) -> web.Response:
    principal, capitalization_id = caller(request), path_int(request, "capitalization_id")
    body = await read_json(request)
    async with _uow(request) as uow:
        cap = await _visible(request, uow, capitalization_id)
        current = (await _views(uow, [capitalization_id]))[0]
        change = entity_change(CapitalizationChange, body, current, RegistryError.FIELD_NOT_EDITABLE)
        values = change.model_dump(exclude_unset=True)
        await access.require_manager(request.app[IDENTITY], principal, cap.organization_id)
        if values.get("owner_id") is not None:
            await access.require_owner_exists(request.app[IDENTITY], principal, values["owner_id"])
        await service.update(uow, principal.user_id, capitalization_id,
                             {name: value for name, value in values.items() if value is not None or name == "owner_id"})
        await uow.commit()
    return success({"capitalization_id": capitalization_id})


async def split_capitalization(request: web.Request) -> web.Response:
    principal, capitalization_id = caller(request), path_int(request, "capitalization_id")
    split = await read_model(request, Split)
    async with _uow(request) as uow:
        await _visible(request, uow, capitalization_id)
        children = await service.split(uow, principal.user_id, capitalization_id,
                                       [(part.number_of_shares, part.price_per_share) for part in split.capitalizations])
        views = await _views(uow, children)
        await uow.commit()
    return page(views, 0, len(children), len(children))


async def merge_capitalizations(request: web.Request) -> web.Response:
    principal, capitalization_id = caller(request), path_int(request, "capitalization_id")
    merge = await read_model(request, Merge)
    async with _uow(request) as uow:
        await _visible(request, uow, capitalization_id)
        child = await service.merge(uow, principal.user_id, capitalization_id, merge.capitalization_ids)
        await uow.commit()
    return success({"capitalization_id": child})


async def own_portfolio(request: web.Request) -> web.Response:
    principal = caller(request)
    query = parse_list_query(request.query, PORTFOLIO)
    async with _uow(request) as uow:
        rows = await uow.queries.portfolio(principal.user_id)
    trees: dict[int, tuple[Any, list[Any]]] = {}
    names: dict[int, str] = {}
    for row in rows:
        cap = capitalization(row)
        names[cap.organization_id] = row["organization_name"] or ""
        if row["root_id"] == cap.id:
            trees[cap.id] = (cap, [])
        else:
            trees[row["root_id"]][1].append(cap)
    return success({"portfolio": portfolios.portfolio(list(trees.values()), names, query.start_date, query.end_date)})


async def export_register(request: web.Request) -> web.Response:
    """The organization's register in the Open Cap Format, to its members and admins."""
    principal, organization_id = caller(request), path_int(request, "organization_id")
    if request.query.get("format", "ocf") != "ocf":
        raise RegistryError.EXPORT_FORMAT_UNKNOWN.error()
    await access.require_manager(request.app[IDENTITY], principal, organization_id)
    async with _uow(request) as uow:
        rows = await uow.queries.register(organization_id)
        name = await uow.queries.organization_name(organization_id)
    holders = {row["owner_id"]: row["owner_name"] for row in rows if row["owner_id"] is not None}
    return success(ocf.document(organization_id, name or "", [capitalization(row) for row in rows], holders,
                                request.query.get("currency", "USD")[:3].upper(),
                                request.query.get("country", "US")[:2].upper()))


def add_routes(app: web.Application) -> None:
    prefix = "/v1/{network}"
    app.router.add_post(prefix + "/organizations/{organization_id}/capitalizations", create_capitalization)
    app.router.add_get(prefix + "/organizations/{organization_id}/capitalizations", organization_capitalizations)
    app.router.add_get(prefix + "/organizations/{organization_id}/capitalizations/export", export_register)
    app.router.add_get(prefix + "/self/capitalizations", own_capitalizations)
    app.router.add_get(prefix + "/self/portfolio", own_portfolio)
    app.router.add_get(prefix + "/capitalizations/{capitalization_id}", view_capitalization)
    app.router.add_patch(prefix + "/capitalizations/{capitalization_id}", update_capitalization)
    app.router.add_get(prefix + "/capitalizations/{capitalization_id}/changelog", changelog)
    app.router.add_post(prefix + "/capitalizations/{capitalization_id}/split", split_capitalization)
    app.router.add_post(prefix + "/capitalizations/{capitalization_id}/merge", merge_capitalizations)
