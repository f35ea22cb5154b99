"""Wallets, transactions and the ledger under them, through the real service."""

import asyncio

from common.http.principal import Principal
from common.testing import assert_error, statements_run
from payments.adapters.db.ledger import ledger_check

WALLETS = "/v1/demo/self/wallets"


def person(user_id: int, network: str = "demo", network_id: int = 1) -> Principal:
    return Principal(network=network, network_id=network_id, user_id=user_id)


async def test_owner_records_a_pending_credit_and_only_an_admin_marks_it_paid(payments_service):
    svc, owner = payments_service, person(500)
    wallet_id = await svc.wallet(500)
    status, body = await svc.call("POST", f"/v1/demo/wallets/{wallet_id}/transactions", owner,
                                  json={"transaction_amount": "250.00", "payment_service": "0"})
    assert status == 200, body
    transaction_id = body["data"]["transaction_id"]
    assert await svc.balances(wallet_id) == ("0.00", "0.00", "0.00")
    status, body = await svc.call("PATCH", f"/v1/demo/transactions/{transaction_id}", owner,
                                  json={"payment_status": 1})
    assert_error(status, body, 403, 14007)
    status, body = await svc.call("PATCH", f"/v1/demo/transactions/{transaction_id}", svc.admin,
                                  json={"payment_status": "1"})
    assert status == 200, body
    assert await svc.balances(wallet_id) == ("250.00", "0.00", "250.00")
    status, body = await svc.call("PATCH", f"/v1/demo/transactions/{transaction_id}", svc.admin,
                                  json={"payment_status": 2})
    assert_error(status, body, 409, 14006)
    status, body = await svc.call("PATCH", f"/v1/demo/transactions/{transaction_id}", svc.admin,
                                  json={"transaction_amount": "1"})
    assert_error(status, body, 400, 14010)
    status, body = await svc.call("GET", f"/v1/demo/transactions/{transaction_id}", person(599))
    assert_error(status, body, 404, 14001)
    status, body = await svc.call("GET", f"/v1/demo/transactions/{transaction_id}", owner)
    assert body["data"]["transaction"]["payment_status"] == 1
    assert body["data"]["transaction"]["transaction_currency"] == "EUR"


async def test_the_owner_cancels_a_pending_credit_and_may_not_debit(payments_service):
    svc, owner = payments_service, person(501)
    wallet_id = await svc.wallet(501, funded="100")
    status, body = await svc.call("POST", f"/v1/demo/wallets/{wallet_id}/transactions", owner,
                                  json={"transaction_amount": "-10"})
    assert_error(status, body, 403, 14007)
    status, body = await svc.call("POST", f"/v1/demo/wallets/{wallet_id}/transactions", owner,
                                  json={"transaction_amount": "10"})
    status, body = await svc.call("PATCH", f"/v1/demo/transactions/{body['data']['transaction_id']}", owner,
                                  json={"payment_status": 2})
    assert status == 200, body
    assert await svc.balances(wallet_id) == ("100.00", "0.00", "100.00")


async def test_a_pending_debit_is_committed_then_posted_or_voided(payments_service):
    svc = payments_service
    wallet_id = await svc.wallet(502, funded="100")
    path = f"/v1/demo/wallets/{wallet_id}/transactions"
    _, first = await svc.call("POST", path, svc.admin, json={"transaction_amount": "-30"})
    _, second = await svc.call("POST", path, svc.admin, json={"transaction_amount": "-20"})
    assert await svc.balances(wallet_id) == ("100.00", "50.00", "50.00")
    status, body = await svc.call("POST", path, svc.admin, json={"transaction_amount": "-50.01"})
    assert_error(status, body, 409, 14005)
    await svc.call("PATCH", f"/v1/demo/transactions/{first['data']['transaction_id']}", svc.admin,
                   json={"payment_status": 1})
    await svc.call("PATCH", f"/v1/demo/transactions/{second['data']['transaction_id']}", svc.admin,
                   json={"payment_status": 3})
    assert await svc.balances(wallet_id) == ("70.00", "0.00", "70.00")
    async with svc.pool.acquire() as conn:
        assert await ledger_check(conn) == []


async def test_bad_input_is_refused_and_changes_nothing(payments_service):
    svc = payments_service
    wallet_id = await svc.wallet(503, funded="10")
    path = f"/v1/demo/wallets/{wallet_id}/transactions"
    for body in ({"transaction_amount": "1.001"}, {"transaction_amount": "0"}, {"transaction_amount": "x"},
                 {"transaction_amount": "1", "payment_status": 7}, {"transaction_amount": "1", "nope": 1}):
        status, answer = await svc.call("POST", path, svc.admin, json=body)
        assert status == 400, (body, answer)
    status, answer = await svc.call("POST", path, svc.admin, json={"transaction_amount": "1",
                                                                   "transaction_currency": "USD"})
    assert_error(status, answer, 422, 14008)
    status, answer = await svc.call("POST", WALLETS, person(503), json={"currency": "euro"})
    assert status == 400
    _, listed = await svc.call("GET", path, svc.admin)
    assert listed["data"]["count"] == 1
    assert await svc.balances(wallet_id) == ("10.00", "0.00", "10.00")


async def test_wallets_are_their_owners_and_their_networks(payments_service):
    svc = payments_service
    wallet_id = await svc.wallet(504)
    status, body = await svc.call("GET", f"/v1/demo/wallets/{wallet_id}", person(505))
    assert_error(status, body, 404, 14000)
    status, body = await svc.call("GET", f"/v1/other/wallets/{wallet_id}", person(504, network="other",
                                                                                    network_id=2))
    assert_error(status, body, 404, 14000)
    status, body = await svc.call("GET", WALLETS, person(504))
    assert [w["id"] for w in body["data"]["list"]] == [wallet_id]


async def test_concurrent_debits_never_overdraw_and_the_ledger_balances(payments_service):
    svc = payments_service
    wallet_id = await svc.wallet(506, funded="100")
    path = f"/v1/demo/wallets/{wallet_id}/transactions"

    async def move(amount: str) -> int:
        status, _ = await svc.call("POST", path, svc.admin, json={"transaction_amount": amount, "payment_status": 1})
        return status

    statuses = await asyncio.gather(*[move("-7") for _ in range(30)], *[move("3") for _ in range(10)])
    debits_done = statuses[:30].count(200)
    assert set(statuses) <= {200, 409} and statuses[30:].count(200) == 10
    balance, committed, free = await svc.balances(wallet_id)
    assert float(balance) == 100 + 30 - 7 * debits_done >= 0 and committed == "0.00"
    async with svc.pool.acquire() as conn:
        assert await ledger_check(conn) == []
        entries = await conn.fetchval(
            "SELECT coalesce(sum(CASE WHEN credit_account_id = $1 THEN amount ELSE -amount END), 0) FROM transfers "
            "WHERE $1 IN (debit_account_id, credit_account_id) AND kind = 0", wallet_id)
    assert str(entries) == balance


async def test_transfers_are_append_only(payments_service):
    async with payments_service.pool.acquire() as conn:
        try:
            await conn.execute("UPDATE transfers SET amount = amount + 1")
        except Exception as exc:
            assert "append-only" in str(exc)
        else:
            raise AssertionError("a transfer was changed")


async def test_a_transactions_page_costs_the_same_statements_at_any_length(payments_service):
    svc = payments_service
    wallet_id = await svc.wallet(507, funded="500")
    for _ in range(3):
        await svc.call("POST", f"/v1/demo/wallets/{wallet_id}/transactions", svc.admin, json={"transaction_amount": "1"})
    route = "/v1/{network}/wallets/{wallet_id}/transactions"
    costs = []
    for limit in (1, 100):
        before = statements_run("payments", "GET", route)
        status, body = await svc.call("GET", f"/v1/demo/wallets/{wallet_id}/transactions?limit={limit}", svc.admin)
        assert status == 200 and len(body["data"]["list"]) == min(limit, 4)
        costs.append(statements_run("payments", "GET", route) - before)
    assert costs[0] == costs[1] > 0
