"""Payout schedules, generatePaymentSchedule and /self/stats."""

from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.principal import Principal
from common.http.requests import parse_model, path_int, read_json
from common.identity_facts import IdentityFacts
from payments.adapters.db.records import PAYOUT_LIST, TRANSACTION_LIST
from payments.domain.errors import PaymentsError
from payments.entrypoints.bodies import PayoutChange, PayoutFields, Schedule
from payments.service import payouts
from payments.service.unit_of_work import PaymentsUnitOfWork
from payments.settings import PaymentsSettings

IDENTITY = web.AppKey("identity_facts", IdentityFacts)
STATS_QUERY = ListSpec(sort_columns={"id": "id"}, date_column="due_date")  # only its dates are read


def _is_member(request: web.Request) -> payouts.IsMember:
    async def is_member(principal: Principal, organization_id: int) -> bool:
        facts = await request.app[IDENTITY].facts(principal.network, principal.user_id, organization_id)
        return facts.organization is not None and facts.organization.member_type is not None
    return is_member


async def _create(request: web.Request, items: list[dict], **where: int) -> list[int]:
    principal = caller(request)
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        target = await payouts.target_of(uow, principal, _is_member(request), **where)
        ids = await payouts.create(uow, target, items)
        await uow.commit()
    return ids


async def create_offering_payout(request: web.Request) -> web.Response:
    body = parse_model(PayoutFields, await read_json(request))
    ids = await _create(request, [body.model_dump(exclude_none=True)], offering_id=path_int(request, "offering_id"))
    return success({"payout_id": ids[0]})


async def create_investment_payout(request: web.Request) -> web.Response:
    body = parse_model(PayoutFields, await read_json(request))
    ids = await _create(request, [body.model_dump(exclude_none=True)],
                        investment_id=path_int(request, "investment_id"))
    return success({"payout_id": ids[0]})


async def _schedule(request: web.Request, **where: int) -> web.Response:
    body = parse_model(Schedule, await read_json(request))
    if (body.payouts is None) == (body.terms is None):
        raise PaymentsError.BAD_SCHEDULE.error(fields={"payouts": "send either payouts or terms"})
    items = ([item.model_dump(exclude_none=True) for item in body.payouts] if body.payouts is not None
             else payouts.from_terms(body.terms))
    ids = await _create(request, items, **where)
    return success({"payout_id": ids[0], "payout_ids": ids})  # the first, as the document's example says


async def generate_offering_schedule(request: web.Request) -> web.Response:
    return await _schedule(request, offering_id=path_int(request, "offering_id"))


async def generate_investment_schedule(request: web.Request) -> web.Response:
    return await _schedule(request, investment_id=path_int(request, "investment_id"))


async def view_payout(request: web.Request) -> web.Response:
    principal, payout_id = caller(request), path_int(request, "payout_id")
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        return success({"payout": await payouts.view(uow, principal, payout_id, _is_member(request))})


async def update_payout(request: web.Request) -> web.Response:
    principal, payout_id, sent = caller(request), path_int(request, "payout_id"), await read_json(request)
    body = parse_model(PayoutChange, sent)
    change = {name: value for name, value in body.model_dump().items() if name in sent}
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        await payouts.update(uow, principal, payout_id, _is_member(request), change)
        await uow.commit()
    return success({"payout_id": payout_id})


async def _listed(request: web.Request, spec: ListSpec, page_of, *path: str) -> web.Response:
    """A page of ``page_of(uow, principal, *path ids, is_member, query)``."""
    principal, query = caller(request), parse_list_query(request.query, spec)
    ids = [path_int(request, name) for name in path]
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        count, items = await page_of(uow, principal, *ids, _is_member(request), query)
    return page(items, query.offset, query.limit, count)


async def list_payout_transactions(request: web.Request) -> web.Response:
    return await _listed(request, TRANSACTION_LIST, payouts.transactions_page, "payout_id")


async def list_offering_payouts(request: web.Request) -> web.Response:
    return await _listed(request, PAYOUT_LIST, payouts.page_of_offering, "offering_id")


async def list_investment_payouts(request: web.Request) -> web.Response:
    return await _listed(request, PAYOUT_LIST, payouts.page_of_investment, "investment_id")


async def list_own_payouts(request: web.Request) -> web.Response:
    return await _listed(request, PAYOUT_LIST, payouts.page_of_user)


async def own_stats(request: web.Request) -> web.Response:
    principal, query = caller(request), parse_list_query(request.query, STATS_QUERY)
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        return success(await payouts.stats(uow, principal, query.start_date, query.end_date))


def identity_context(settings: PaymentsSettings):
    async def identity(app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as session:
            app[IDENTITY] = IdentityFacts(session, settings.identity_url, settings.secret("internal_secret").encode())
            yield
    return identity


def add_routes(app: web.Application, settings: PaymentsSettings) -> None:
    app.cleanup_ctx.append(identity_context(settings))
    app.router.add_get("/v1/{network}/offerings/{offering_id}/payouts", list_offering_payouts)
    app.router.add_post("/v1/{network}/offerings/{offering_id}/payouts", create_offering_payout)
    app.router.add_post("/v1/{network}/offerings/{offering_id}/generatePaymentSchedule", generate_offering_schedule)
    app.router.add_get("/v1/{network}/investments/{investment_id}/payouts", list_investment_payouts)
    app.router.add_post("/v1/{network}/investments/{investment_id}/payouts", create_investment_payout)
    app.router.add_post("/v1/{network}/investments/{investment_id}/generatePaymentSchedule",
                        generate_investment_schedule)
    app.router.add_get("/v1/{network}/payouts/{payout_id}", view_payout)
    app.router.add_patch("/v1/{network}/payouts/{payout_id}", update_payout)
    app.router.add_get("/v1/{network}/payouts/{payout_id}/transactions", list_payout_transactions)
    app.router.add_get("/v1/{network}/self/payouts", list_own_payouts)
    app.router.add_get("/v1/{network}/self/stats", own_stats)
