"""Every payments list costs the same number of statements at page sizes 1 and 100."""

from common.http.principal import Principal
from common.testing import statements_run

INVESTOR, OFFERING, INVESTMENT = 801, 800, 8001


def investor() -> Principal:
    return Principal(network="demo", network_id=1, user_id=INVESTOR)


async def test_every_list_costs_a_fixed_number_of_statements(payments_service):
    svc = payments_service
    await svc.settled(OFFERING, 80, (INVESTMENT, INVESTOR, "100"))
    wallet_id = await svc.wallet(INVESTOR)
    await svc.wallet(INVESTOR)
    ids = []
    for target in (f"offerings/{OFFERING}", f"investments/{INVESTMENT}"):
        _, body = await svc.call("POST", f"/v1/demo/{target}/generatePaymentSchedule", svc.admin, json={"payouts": [
            {"payout_amount": "1", "payout_type": 0, "currency": "EUR"}] * 3})
        ids = body["data"]["payout_ids"]
    for _ in range(3):
        await svc.call("POST", f"/v1/demo/wallets/{wallet_id}/transactions", svc.admin,
                       json={"transaction_amount": "1", "payout_id": ids[0]})
    lists = {
        "/v1/{network}/self/wallets": "/v1/demo/self/wallets",
        "/v1/{network}/wallets/{wallet_id}/transactions": f"/v1/demo/wallets/{wallet_id}/transactions",
        "/v1/{network}/self/payouts": "/v1/demo/self/payouts",
        "/v1/{network}/offerings/{offering_id}/payouts": f"/v1/demo/offerings/{OFFERING}/payouts",
        "/v1/{network}/investments/{investment_id}/payouts": f"/v1/demo/investments/{INVESTMENT}/payouts",
        "/v1/{network}/payouts/{payout_id}/transactions": f"/v1/demo/payouts/{ids[0]}/transactions",
    }
    for route, path in lists.items():
        costs = {}
        for limit in (1, 100):  # the fewest of three: a pool connection's first use of an array type adds
            runs = []           # asyncpg's one-time type introspection, which is not the page's cost
            for _ in range(3):
                before = statements_run("payments", "GET", route)
                status, body = await svc.call("GET", f"{path}?limit={limit}", svc.admin if "offerings" in path
                                              else investor())
                assert status == 200, (route, body)
                assert (len(body["data"]["list"]) == 1) == (limit == 1) and body["data"]["count"] > 1, route
                runs.append(statements_run("payments", "GET", route) - before)
            costs[limit] = min(runs)
        assert costs[1] == costs[100] > 0, (route, costs)
