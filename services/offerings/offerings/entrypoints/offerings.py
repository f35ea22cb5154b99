"""The document's offering endpoints and the platform statistics."""

from typing import Any

from aiohttp import web

from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.principal import Principal
from common.http.requests import (
    entity_change,
    path_int,
    read_entity,
    read_json,
)
from common.ids import utcnow
from offerings.adapters.db.queries import OfferingScope
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import (
    FEATURED_STAGES,
    OTHER_USERS_STAGES,
    PUBLIC_STAGES,
    Offering,
    featured_stages_seen,
)
from offerings.entrypoints.bodies import OfferingChange
from offerings.entrypoints.views import offering_view
from offerings.service import offerings as service
from offerings.service.access import seen_by, visible_offering
from offerings.service.unit_of_work import OfferingsUnitOfWork

OFFERINGS = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "name": "name", "funding_goal": "funding_goal",
                  "close_date": "close_date", "life_cycle_stage": "life_cycle_stage"},
    filter_columns={"life_cycle_stage": "life_cycle_stage", "organization_id": "organization_id",
                    "currency": "currency", "category": "profile->>'category'"},
    filter_parsers={"life_cycle_stage": int, "organization_id": int},
)


async def _views(uow: OfferingsUnitOfWork, offerings: list[Offering]) -> list[dict[str, Any]]:
    ids = [offering.id for offering in offerings]
    documents = await uow.queries.documents_of("Offering", ids)
    histories = await uow.queries.histories(ids)
    return [offering_view(offering, documents[offering.id], histories[offering.id]) for offering in offerings]


async def _page(request: web.Request, scope: OfferingScope) -> web.Response:
    query = parse_list_query(request.query, OFFERINGS)
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        count, offerings = await uow.queries.offering_page(scope, query)
        items = await _views(uow, offerings)
    return page(items, query.offset, query.limit, count)


async def list_offerings(request: web.Request) -> web.Response:
    return await _page(request, seen_by(caller(request)))


async def list_organization_offerings(request: web.Request) -> web.Response:
    principal, organization_id = caller(request), path_int(request, "organization_id")
    return await _page(request, seen_by(principal, organization_id=organization_id))


async def list_own_offerings(request: web.Request) -> web.Response:
    principal = caller(request)  # a creator who left the organization no longer sees every stage
    return await _page(request, seen_by(principal, creator_id=principal.user_id or 0))


async def list_user_offerings(request: web.Request) -> web.Response:
    caller(request)
    return await _page(request, OfferingScope(stages=OTHER_USERS_STAGES, creator_id=path_int(request, "user_id")))


async def list_public_offerings(request: web.Request) -> web.Response:
    caller(request)
    return await _page(request, OfferingScope(stages=PUBLIC_STAGES))


async def list_featured_offerings(request: web.Request) -> web.Response:
    principal = caller(request)  # Restricted ones only to VIPs, members and admins
    return await _page(request, seen_by(principal, featured_stages_seen(principal.is_vip), stages=FEATURED_STAGES,
                                        featured=True))


async def _visible_view(uow: OfferingsUnitOfWork, principal: Principal, offering_id: int) -> dict[str, Any]:
    return (await _views(uow, [await visible_offering(uow, principal, offering_id)]))[0]


async def view_offering(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        return success({"offering": await _visible_view(uow, principal, offering_id)})


async def view_public_offering(request: web.Request) -> web.Response:
    caller(request)
    offering_id = path_int(request, "offering_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        offering = await uow.offerings.get(offering_id)
        if offering is None or offering.life_cycle_stage not in PUBLIC_STAGES:
            raise OfferingsError.OFFERING_NOT_FOUND.error()
        return success({"offering": (await _views(uow, [offering]))[0]})


async def create_offering(request: web.Request) -> web.Response:
    principal, organization_id = caller(request), path_int(request, "organization_id")
    change = await read_entity(request, OfferingChange, OfferingsError.FIELD_NOT_EDITABLE)
    offering_id = await service.create(unit_of_work(request, OfferingsUnitOfWork), principal, organization_id,
                                       change.model_dump(exclude_unset=True), utcnow())
    return success({"offering_id": offering_id})


async def update_offering(request: web.Request) -> web.Response:
    principal, offering_id, body = caller(request), path_int(request, "offering_id"), await read_json(request)
    uow = unit_of_work(request, OfferingsUnitOfWork)
    async with uow:
        current = await _visible_view(uow, principal, offering_id)
    change = entity_change(OfferingChange, body, current, OfferingsError.FIELD_NOT_EDITABLE)
    await service.update(uow, principal, offering_id, change.model_dump(exclude_unset=True), utcnow())
    return success({"offering_id": offering_id})


async def cancel_offering(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    await service.cancel(unit_of_work(request, OfferingsUnitOfWork), principal, offering_id, utcnow())
    return success({"offering_id": offering_id})


async def platform_stats(request: web.Request) -> web.Response:
    caller(request)
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        settled = await uow.queries.settled_figures()
    return success({
        "sum_settled_investments": settled["total"],
        "count_settled_investments": settled["count"],
        "count_settled_offerings": settled["offerings"],
        "count_investors_with_settled_investments": settled["investors"],
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
