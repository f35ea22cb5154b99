"""Applications (Beta): POST /self/applications, GET /public/applications (Approved only)."""

from typing import Any

from aiohttp import web

from common.errors import PlatformError
from common.http.context import caller
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.requests import read_entity
from common.money import exact_cents
from offerings.domain.applications import ApplicationStage
from offerings.domain.errors import OfferingsError
from offerings.entrypoints.bodies import Application
from offerings.entrypoints.context import committed, unit_of_work
from offerings.entrypoints.views import application_view
from offerings.service import applications as service

APPLICATIONS = ListSpec(sort_columns={"id": "id", "created_at": "created_at"})


def _checked(body: Application) -> dict[str, Any]:
    if body.life_cycle_stage not in set(ApplicationStage):
        raise PlatformError.VALIDATION_FAILED.error(fields={"life_cycle_stage": "0 Open, 1 Rejected, 2 Approved, 3 Withdrawn or 4 Completed"})
    for name in ("funding_goal", "investment_amount"):
        amount = getattr(body, name)
        if amount is not None and exact_cents(amount) is None:
            raise PlatformError.VALIDATION_FAILED.error(fields={name: "At most two decimal places, not negative"})
    return body.model_dump() | {"life_cycle_stage": ApplicationStage(body.life_cycle_stage)}


async def create_application(request: web.Request) -> web.Response:
    principal, body = caller(request), await read_entity(request, Application, OfferingsError.FIELD_NOT_EDITABLE)
    application_id = await committed(request, service.submit, principal, _checked(body))
    return success({"application_id": application_id})


async def list_public_applications(request: web.Request) -> web.Response:
    caller(request)
    query = parse_list_query(request.query, APPLICATIONS)
    async with unit_of_work(request) as uow:
        count, applications = await uow.queries.application_page(ApplicationStage.APPROVED, query)
    return page([application_view(application) for application in applications], query.offset, query.limit, count)


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/{network}/self/applications", create_application)
    app.router.add_get("/v1/{network}/public/applications", list_public_applications)
