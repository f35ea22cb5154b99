"""Payout schedules, their distribution by the payment workers, and /self/stats."""

import asyncio

from common.http.principal import Principal
from common.testing import assert_error, statements_run
from payments.adapters.db.ledger import ledger_check
from payments.entrypoints.worker import run_one


def person(user_id: int) -> Principal:
    return Principal(network="demo", network_id=1, user_id=user_id)


async def test_generate_from_a_list_returns_the_first_id_and_from_terms(payments_service):
    svc = payments_service
    await svc.settled(700, 70, (7001, 601, "1000"))
    payout = {"payout_amount": "100", "payout_type": "2", "currency": "EUR", "due_date": "2026-07-20T09:38:55+0000"}
    status, body = await svc.call("POST", "/v1/demo/offerings/700/generatePaymentSchedule", svc.admin,
                                  json={"payouts": [payout, payout | {"payout_amount": "200"}]})
    assert status == 200, body
    assert body["data"]["payout_id"] == body["data"]["payout_ids"][0] < body["data"]["payout_ids"][1]
    terms = {"principal": "1000.00", "annual_rate": "0.12", "term_months": 3, "start_date": "2026-01-31",
             "method": "annuity", "currency": "EUR"}
    status, body = await svc.call("POST", "/v1/demo/investments/7001/generatePaymentSchedule", svc.admin,
                                  json={"terms": terms})
    assert status == 200, body
    _, listed = await svc.call("GET", "/v1/demo/investments/7001/payouts?sort=due_date", person(601))
    assert [p["payout_amount"] for p in listed["data"]["list"]] == ["340.02", "340.02", "340.03"]
    assert listed["data"]["list"][0]["user_id"] == 601
    status, body = await svc.call("POST", "/v1/demo/offerings/700/generatePaymentSchedule", svc.admin,
                                  json={"payouts": [payout], "terms": terms})
    assert_error(status, body, 400, 14009)


async def test_payouts_refuse_strangers_and_unknown_targets(payments_service):
    svc = payments_service
    await svc.settled(701, 71, (7011, 611, "500"))
    body = {"payout_amount": "10", "payout_type": 0, "currency": "EUR"}
    status, answer = await svc.call("POST", "/v1/demo/offerings/999999/payouts", svc.admin, json=body)
    assert_error(status, answer, 404, 14003)
    status, answer = await svc.call("POST", "/v1/demo/investments/999999/payouts", svc.admin, json=body)
    assert_error(status, answer, 404, 14004)
    status, answer = await svc.call("POST", "/v1/demo/offerings/701/payouts", svc.admin,
                                    json=body | {"payout_type": 5})
    assert status == 400
    status, answer = await svc.call("POST", "/v1/demo/investments/7011/payouts", svc.admin, json=body)
    payout_id = answer["data"]["payout_id"]
    status, answer = await svc.call("GET", f"/v1/demo/payouts/{payout_id}", person(611))
    assert status == 200 and answer["data"]["payout"]["investment_id"] == 7011
    status, answer = await svc.call("PATCH", f"/v1/demo/payouts/{payout_id}", person(611), json={"late_fee": "1"})
    assert_error(status, answer, 403, 14007)  # the investor reads their payout, the organization manages it
    status, answer = await svc.call("GET", f"/v1/other/payouts/{payout_id}",
                                    Principal(network="other", network_id=2, user_id=611))
    assert_error(status, answer, 404, 14002)


async def test_a_paid_dividend_is_distributed_once_by_two_workers(payments_service):
    svc = payments_service
    await svc.settled(702, 72, (7021, 621, "1000"), (7022, 622, "2000"), (7023, 623, "3000"))
    status, body = await svc.call("POST", "/v1/demo/offerings/702/payouts", svc.admin,
                                  json={"payout_amount": "10.00", "payout_type": 0, "currency": "EUR"})
    payout_id = body["data"]["payout_id"]
    status, body = await svc.call("PATCH", f"/v1/demo/payouts/{payout_id}", svc.admin,
                                  json={"paid_at": "2026-03-01T00:00:00+00:00"})
    assert status == 200, body
    async with svc.pool.acquire() as conn:  # the same job queued again: a redelivery is one job
        await conn.execute("INSERT INTO jobs (network_id, network, kind, job_key, payload, state) "
                           "SELECT network_id, network, kind, job_key, payload, state FROM jobs "
                           "WHERE job_key = $1 ON CONFLICT (job_key) DO NOTHING", f"distribute:{payout_id}")
    ran = await asyncio.gather(run_one(svc.pool), run_one(svc.pool))
    assert ran.count(True) >= 1
    while await run_one(svc.pool):
        pass
    for user_id, share in ((621, "1.67"), (622, "3.33"), (623, "5.00")):
        _, body = await svc.call("GET", "/v1/demo/self/payouts", person(user_id))
        assert [(p["payout_amount"], p["transactions_paid"]) for p in body["data"]["list"]] == [(share, 1)]
        _, stats = await svc.call("GET", "/v1/demo/self/stats", person(user_id))
        assert stats["data"]["total_dividends_received"] == share
        assert stats["data"]["outstanding_dividends"] == "0.00"
        _, wallets = await svc.call("GET", "/v1/demo/self/wallets", person(user_id))
        assert wallets["data"]["list"][0]["balance"] == share
    async with svc.pool.acquire() as conn:  # re-running the distribution changes nothing
        await conn.execute("UPDATE jobs SET state = 0 WHERE job_key = $1", f"distribute:{payout_id}")
    assert await run_one(svc.pool)
    _, body = await svc.call("GET", "/v1/demo/self/payouts", person(621))
    assert body["data"]["count"] == 1
    async with svc.pool.acquire() as conn:
        assert await ledger_check(conn) == []
        assert await conn.fetchval("SELECT count(*) FROM transactions WHERE payout_id IN "
                                   "(SELECT id FROM payouts WHERE parent_payout_id = $1)", payout_id) == 3


async def test_a_failing_job_is_retried_then_dead_lettered(payments_service):
    svc = payments_service
    async with svc.pool.acquire() as conn:
        await conn.execute("INSERT INTO jobs (network_id, network, kind, job_key, payload, state) "
                           "VALUES (1, 'demo', 'distribute', 'broken', '{\"payout_id\": 0}', 0)")
        for _ in range(5):
            await conn.execute("UPDATE jobs SET run_after = now() WHERE job_key = 'broken'")
            while await run_one(svc.pool):
                pass
        job = await conn.fetchrow("SELECT state, attempts, last_error FROM jobs WHERE job_key = 'broken'")
    assert (job["state"], job["attempts"]) == (2, 5) and job["last_error"]


async def test_stats_count_only_settled_investments_and_paid_transactions(payments_service):
    svc = payments_service
    await svc.settled(703, 73, (7031, 631, "100"))
    wallet_id = await svc.wallet(631)
    body = {"payout_type": 2, "currency": "EUR", "due_date": "2026-05-01"}
    _, first = await svc.call("POST", "/v1/demo/investments/7031/payouts", svc.admin,
                              json=body | {"payout_amount": "60"})
    await svc.call("POST", "/v1/demo/investments/7031/payouts", svc.admin,
                   json=body | {"payout_amount": "40", "due_date": "2027-05-01"})
    status, answer = await svc.call("POST", f"/v1/demo/wallets/{wallet_id}/transactions", svc.admin,
                                    json={"transaction_amount": "60", "payment_status": 1,
                                          "payout_id": first["data"]["payout_id"]})
    assert status == 200, answer
    _, stats = await svc.call("GET", "/v1/demo/self/stats", person(631))
    assert (stats["data"]["total_loanrepayments_received"], stats["data"]["outstanding_loanrepayments"]) == \
        ("60.00", "40.00")
    _, stats = await svc.call("GET", "/v1/demo/self/stats?start_date=2027-01-01&end_date=2027-12-31", person(631))
    assert (stats["data"]["total_loanrepayments_received"], stats["data"]["outstanding_loanrepayments"]) == \
        ("0.00", "40.00")
    _, payout = await svc.call("GET", f"/v1/demo/payouts/{first['data']['payout_id']}", person(631))
    assert payout["data"]["payout"]["transactions_paid"] == 1 and payout["data"]["payout"]["paid_at"]
    _, listed = await svc.call("GET", f"/v1/demo/payouts/{first['data']['payout_id']}/transactions", person(631))
    assert listed["data"]["count"] == 1


async def test_a_payout_page_costs_the_same_statements_at_any_length(payments_service):
    svc = payments_service
    await svc.settled(704, 74, (7041, 641, "100"))
    for _ in range(3):
        await svc.call("POST", "/v1/demo/investments/7041/payouts", svc.admin,
                       json={"payout_amount": "1", "payout_type": 0, "currency": "EUR"})
    route = "/v1/{network}/self/payouts"
    costs = []
    for limit in (1, 100):
        before = statements_run("payments", "GET", route)
        status, body = await svc.call("GET", f"/v1/demo/self/payouts?limit={limit}", person(641))
        assert status == 200 and len(body["data"]["list"]) == min(limit, 3)
        costs.append(statements_run("payments", "GET", route) - before)
    assert costs[0] == costs[1] > 0


async def test_the_offerings_organization_members_manage_its_payouts_and_others_do_not(payments_service):
    svc = payments_service
    member, organization_id = await svc.member_of_new_organization()
    stranger, _ = await svc.member_of_new_organization()
    await svc.settled(705, organization_id, (7051, 651, "100"))
    body = {"payout_amount": "500", "payout_type": 2, "currency": "EUR"}
    status, answer = await svc.call("POST", "/v1/demo/offerings/705/payouts", person(stranger), json=body)
    assert_error(status, answer, 403, 14007)
    status, answer = await svc.call("POST", "/v1/demo/offerings/705/payouts", person(member), json=body)
    assert status == 200, answer
    payout_id = answer["data"]["payout_id"]
    status, answer = await svc.call("PATCH", f"/v1/demo/payouts/{payout_id}", person(member),
                                    json={"late_fee": "2.50"})
    assert status == 200, answer
    _, listed = await svc.call("GET", "/v1/demo/offerings/705/payouts", person(member))
    assert [(p["id"], p["late_fee"]) for p in listed["data"]["list"]] == [(payout_id, "2.50")]
    status, answer = await svc.call("GET", "/v1/demo/offerings/705/payouts", person(stranger))
    assert_error(status, answer, 403, 14007)
    status, answer = await svc.call("GET", f"/v1/demo/payouts/{payout_id}", person(stranger))
    assert_error(status, answer, 404, 14002)
    status, answer = await svc.call("PATCH", f"/v1/demo/payouts/{payout_id}", person(member),
                                    json={"payout_amount": "1.001"})
    assert status == 400
    _, view = await svc.call("GET", f"/v1/demo/payouts/{payout_id}", person(member))
    assert view["data"]["payout"]["payout_amount"] == "500.00"


async def test_an_offering_that_settles_settles_its_approved_investments(payments_service):
    from decimal import Decimal

    from common.events.offerings import (
        InvestmentApprovedV1,
        InvestmentWithdrawnV1,
        OfferingCreatedV1,
        OfferingSettledV1,
    )
    svc = payments_service
    fact = {"offering_id": 706, "organization_id": 76, "fields": []}
    await svc.feed(OfferingCreatedV1(life_cycle_stage=0, **fact),
                   InvestmentApprovedV1(investment_id=7061, offering_id=706, user_id=661,
                                        investment_amount=Decimal("10"), life_cycle_stage=2),
                   InvestmentWithdrawnV1(investment_id=7062, offering_id=706, user_id=662,
                                         investment_amount=Decimal("10"), life_cycle_stage=3),
                   OfferingSettledV1(life_cycle_stage=8, **fact))
    for investment_id in (7061, 7062):
        await svc.call("POST", f"/v1/demo/investments/{investment_id}/payouts", svc.admin,
                       json={"payout_amount": "5", "payout_type": 1, "currency": "EUR"})
    _, counted = await svc.call("GET", "/v1/demo/self/stats", person(661))
    _, ignored = await svc.call("GET", "/v1/demo/self/stats", person(662))
    assert (counted["data"]["outstanding_capitalgains"], ignored["data"]["outstanding_capitalgains"]) == \
        ("5.00", "0.00")
