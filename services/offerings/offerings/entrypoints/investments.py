"""The document's investment endpoints."""

from datetime import date
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
from offerings.adapters.db.queries import InvestmentScope
from offerings.domain.documents import INVESTMENT
from offerings.domain.errors import OfferingsError
from offerings.domain.investments import COUNTED, InvestmentStage
from offerings.entrypoints.bodies import InvestmentChange
from offerings.entrypoints.views import investment_view, is_investment_party
from offerings.service import investments as service
from offerings.service.access import manages, seen_by, visible_offering
from offerings.service.unit_of_work import OfferingsUnitOfWork

INVESTMENTS = ListSpec(sort_columns={"id": "id", "created_at": "created_at", "investment_amount": "investment_amount"})


async def _views(uow: OfferingsUnitOfWork, principal: Principal, ids: list[int]) -> list[dict[str, Any]]:
    """The investments as the caller sees them, in a fixed number of statements."""
    rows = await uow.queries.investment_views(ids, principal.user_id, principal.is_admin)
    parties = [row["id"] for row in rows if is_investment_party(row, principal.user_id)]
    documents = await uow.queries.documents_of(INVESTMENT, parties)
    return [investment_view(row, documents.get(row["id"], []), principal.user_id, principal.is_admin) for row in rows]


async def _visible_view(uow: OfferingsUnitOfWork, principal: Principal, investment_id: int) -> dict[str, Any]:
    investment = await uow.investments.get(investment_id)
    offering = investment and await uow.offerings.get(investment.offering_id)
    if investment is None or not await service.may_see(uow, principal, offering, investment):
        raise OfferingsError.INVESTMENT_NOT_FOUND.error()
    return (await _views(uow, principal, [investment_id]))[0]


async def create_investment(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    change = await read_entity(request, InvestmentChange, OfferingsError.FIELD_NOT_EDITABLE)
    investment_id = await service.create(unit_of_work(request, OfferingsUnitOfWork), principal, offering_id,
                                         change.model_dump(exclude_unset=True), date.today())
    return success({"investment_id": investment_id})


async def update_investment(request: web.Request) -> web.Response:
    principal, investment_id, body = caller(request), path_int(request, "investment_id"), await read_json(request)
    uow = unit_of_work(request, OfferingsUnitOfWork)
    async with uow:
        current = await _visible_view(uow, principal, investment_id)
    change = entity_change(InvestmentChange, body, current, OfferingsError.FIELD_NOT_EDITABLE)
    await service.change(uow, principal, investment_id, change.model_dump(exclude_unset=True), utcnow())
    return success({"investment_id": investment_id})


async def view_investment(request: web.Request) -> web.Response:
    principal, investment_id = caller(request), path_int(request, "investment_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        return success({"investment": await _visible_view(uow, principal, investment_id)})


async def _page(request: web.Request, uow: OfferingsUnitOfWork, scope: InvestmentScope) -> web.Response:
    principal = caller(request)
    query = parse_list_query(request.query, INVESTMENTS)
    count, ids = await uow.queries.investment_page(scope, query)
    return page(await _views(uow, principal, ids), query.offset, query.limit, count)


async def list_offering_investments(request: web.Request) -> web.Response:
    """Every investment to the offering's managers; to others the Approved and Settled ones that are not Hidden."""
    principal, offering_id = caller(request), path_int(request, "offering_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        offering = await visible_offering(uow, principal, offering_id)
        if await manages(uow, principal, offering):
            return await _page(request, uow, InvestmentScope(offering_id=offering_id))
        return await _page(request, uow, InvestmentScope(offering_id=offering_id, stages=COUNTED, not_hidden=True))


async def list_own_investments(request: web.Request) -> web.Response:
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        return await _page(request, uow, InvestmentScope(user_id=caller(request).user_id or 0))


async def list_user_investments(request: web.Request) -> web.Response:
    """A user's Settled investments; to anyone but that user and admins only those made in the
    open (or in offerings of the caller's organizations), in offerings the caller sees."""
    principal, user_id = caller(request), path_int(request, "user_id")
    scope = InvestmentScope(user_id=user_id, stages=[InvestmentStage.SETTLED])
    if not (principal.is_admin or principal.user_id == user_id):
        scope = InvestmentScope(user_id=user_id, stages=[InvestmentStage.SETTLED], disclosed_to=principal.user_id or 0,
                                in_offerings=seen_by(principal))
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        return await _page(request, uow, scope)


def add_routes(app: web.Application) -> None:
    prefix = "/v1/{network}"
    app.router.add_post(f"{prefix}/offerings/{{offering_id}}/investments", create_investment)
    app.router.add_get(f"{prefix}/offerings/{{offering_id}}/investments", list_offering_investments)
    app.router.add_get(f"{prefix}/investments/{{investment_id}}", view_investment)
    app.router.add_patch(f"{prefix}/investments/{{investment_id}}", update_investment)
    app.router.add_get(f"{prefix}/self/investments", list_own_investments)
    app.router.add_get(f"{prefix}/users/{{user_id}}/investments", list_user_investments)
