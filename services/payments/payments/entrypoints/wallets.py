"""Internal wallets and their transactions."""

from aiohttp import web

from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import parse_list_query
from common.http.requests import parse_model, path_int, read_json
from payments.adapters.db.records import TRANSACTION_LIST, WALLET_LIST
from payments.entrypoints.bodies import NewTransaction, NewWallet, TransactionChange
from payments.service import wallets
from payments.service.unit_of_work import PaymentsUnitOfWork


async def create_wallet(request: web.Request) -> web.Response:
    principal, body = caller(request), parse_model(NewWallet, await read_json(request))
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        wallet_id = await wallets.open_wallet(uow, principal, body.currency)
        await uow.commit()
    return success({"wallet_id": wallet_id})


async def list_own_wallets(request: web.Request) -> web.Response:
    principal, query = caller(request), parse_list_query(request.query, WALLET_LIST)
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        count, items = await wallets.page_of_owner(uow, principal, query)
    return page(items, query.offset, query.limit, count)


async def view_wallet(request: web.Request) -> web.Response:
    principal, wallet_id = caller(request), path_int(request, "wallet_id")
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        return success({"wallet": await wallets.view(uow, principal, wallet_id)})


async def list_wallet_transactions(request: web.Request) -> web.Response:
    principal, wallet_id = caller(request), path_int(request, "wallet_id")
    query = parse_list_query(request.query, TRANSACTION_LIST)
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        count, items = await wallets.transactions_page(uow, principal, wallet_id, query)
    return page(items, query.offset, query.limit, count)


async def create_transaction(request: web.Request) -> web.Response:
    principal, wallet_id = caller(request), path_int(request, "wallet_id")
    body = parse_model(NewTransaction, await read_json(request))
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        transaction_id = await wallets.record(uow, principal, wallet_id, body.model_dump(exclude_none=True))
        await uow.commit()
    return success({"transaction_id": transaction_id})


async def view_transaction(request: web.Request) -> web.Response:
    principal, transaction_id = caller(request), path_int(request, "transaction_id")
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        return success({"transaction": await wallets.transaction(uow, principal, transaction_id)})


async def update_transaction(request: web.Request) -> web.Response:
    principal, transaction_id = caller(request), path_int(request, "transaction_id")
    sent = await read_json(request)
    body = parse_model(TransactionChange, sent)
    change = {name: value for name, value in body.model_dump().items() if name in sent}
    async with unit_of_work(request, PaymentsUnitOfWork) as uow:
        await wallets.update(uow, principal, transaction_id, change)
        await uow.commit()
    return success({"transaction_id": transaction_id})


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/{network}/self/wallets", create_wallet)
    app.router.add_get("/v1/{network}/self/wallets", list_own_wallets)
    app.router.add_get("/v1/{network}/wallets/{wallet_id}", view_wallet)
    app.router.add_get("/v1/{network}/wallets/{wallet_id}/transactions", list_wallet_transactions)
    app.router.add_post("/v1/{network}/wallets/{wallet_id}/transactions", create_transaction)
    app.router.add_get("/v1/{network}/transactions/{transaction_id}", view_transaction)
    app.router.add_patch("/v1/{network}/transactions/{transaction_id}", update_transaction)
