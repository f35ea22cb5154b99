"""The payments journey through the gateway: an investor tops up an internal wallet with a
Pending credit, an admin marks it Paid, the investor's offering settles, the organization
creates a dividend payout and pays it, a payment worker distributes it, and the investor's
/self/stats, /self/payouts and wallet show the figures."""

from pathlib import Path

import pytest
from actors import call, create_offering, move, person, settle

from common.testing import assert_error, broker_objects, wait_until
from common.testing.mail import Mailbox


@pytest.fixture(autouse=True, scope="module")
def payments_broker_objects(stack, broker_cleanup) -> None:
    broker_cleanup.extend(broker_objects(stack.env["CV_BROKER_PREFIX"], "payments"))


async def test_a_dividend_reaches_the_investors_wallet_stats_and_payouts(stack, http, cast):
    url, admin, author = f"{stack.url}/v1/demo", cast.admin.headers, cast.author.headers
    investor = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "payee")

    status, body = await call(http, "POST", f"{url}/self/wallets", headers=investor.headers, json={"currency": "EUR"})
    assert status == 200, body
    wallet = body["data"]["wallet_id"]
    status, body = await call(http, "POST", f"{url}/wallets/{wallet}/transactions", headers=investor.headers,
                              json={"transaction_amount": "500.00", "transaction_description": "Card top-up"})
    assert status == 200, body
    top_up = body["data"]["transaction_id"]
    status, body = await call(http, "PATCH", f"{url}/transactions/{top_up}", headers=investor.headers,
                              json={"payment_status": 1})
    assert_error(status, body, 403, 14007)
    status, body = await call(http, "PATCH", f"{url}/transactions/{top_up}", headers=admin, json={"payment_status": 1})
    assert status == 200, body
    status, body = await call(http, "GET", f"{url}/wallets/{wallet}", headers=investor.headers)
    assert (body["data"]["wallet"]["balance"], body["data"]["wallet"]["free_balance"]) == ("500.00", "500.00")
    status, body = await call(http, "GET", f"{url}/wallets/{wallet}", headers=cast.user.headers)
    assert_error(status, body, 404, 14000)

    await call(http, "PATCH", f"{url}/organizations/{cast.organization_id}", headers=author, json={"life_cycle_stage": 1})
    await call(http, "PATCH", f"{url}/organizations/{cast.organization_id}", headers=admin, json={"life_cycle_stage": 3})
    offering_id = await create_offering(stack, http, cast, funding_goal="10000", name="Dividend payer")
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    status, body = await call(http, "POST", f"{url}/offerings/{offering_id}/investments", headers=investor.headers,
                              json={"investment_amount": "2000"})
    assert status == 200, body
    investment_id = body["data"]["investment_id"]
    status, body = await call(http, "PATCH", f"{url}/investments/{investment_id}", headers=author,
                              json={"life_cycle_stage": 2})
    assert status == 200, body
    for stage in (6, 7, 8):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    await settle(stack)  # offerings' events have reached payments' read model

    status, body = await call(http, "POST", f"{url}/offerings/{offering_id}/payouts", headers=cast.user.headers,
                              json={"payout_amount": "120.00", "payout_type": 0, "currency": "EUR"})
    assert_error(status, body, 403, 14007)
    status, body = await call(http, "POST", f"{url}/offerings/{offering_id}/payouts", headers=author,
                              json={"payout_amount": "120.00", "payout_type": 0, "currency": "EUR",
                                    "due_date": "2026-06-30"})
    assert status == 200, body
    payout_id = body["data"]["payout_id"]
    status, body = await call(http, "PATCH", f"{url}/payouts/{payout_id}", headers=author,
                              json={"paid_at": "2026-06-30T12:00:00+00:00"})
    assert status == 200, body

    async def distributed() -> bool:
        _, listed = await call(http, "GET", f"{url}/self/payouts", headers=investor.headers)
        return listed["data"]["count"] == 1
    await wait_until(distributed, timeout=20)

    _, listed = await call(http, "GET", f"{url}/self/payouts", headers=investor.headers)
    share = listed["data"]["list"][0]
    assert (share["payout_amount"], share["investment_id"], share["transactions_paid"]) == ("120.00", investment_id, 1)
    _, stats = await call(http, "GET", f"{url}/self/stats", headers=investor.headers)
    assert (stats["data"]["total_dividends_received"], stats["data"]["outstanding_dividends"]) == ("120.00", "0.00")
    _, wallet_now = await call(http, "GET", f"{url}/wallets/{wallet}", headers=investor.headers)
    assert wallet_now["data"]["wallet"]["balance"] == "620.00"
    _, paid = await call(http, "GET", f"{url}/payouts/{share['id']}/transactions", headers=investor.headers)
    assert [t["transaction_amount"] for t in paid["data"]["list"]] == ["120.00"]
    _, offering_payouts = await call(http, "GET", f"{url}/offerings/{offering_id}/payouts", headers=author)
    assert [p["id"] for p in offering_payouts["data"]["list"]] == [payout_id]
