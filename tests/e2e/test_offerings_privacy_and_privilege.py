"""Attacks on offerings and investments through the gateway (issue 8): anonymous investors
exposed, Restricted offerings shown to logged-out visitors, terms changed after the fact, and a
zero investment opening the deal room. Each test names the attack; each failed before its fix."""

from pathlib import Path

from actors import Cast, Person, call, create_offering, move, person

from common.testing import assert_error
from common.testing.mail import Mailbox


async def published_offering(stack, http, cast: Cast, **fields) -> int:
    offering_id = await create_offering(stack, http, cast, **fields)
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    return offering_id


async def invest(stack, http, who: Person, offering_id: int, **fields) -> tuple[int, dict]:
    return await call(http, "POST", f"{stack.url}/v1/demo/offerings/{offering_id}/investments", headers=who.headers,
                      json=fields)


async def offering_view(stack, http, who: Person, offering_id: int) -> dict:
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/offerings/{offering_id}", headers=who.headers)
    assert status == 200, body
    return body["data"]["offering"]


def identity(investment: dict) -> tuple:
    return investment["user_id"], investment["user_name"], investment["user_email"]


async def test_anonymous_and_hidden_investors_are_not_exposed_to_other_users(stack, http, cast):
    url = f"{stack.url}/v1/demo"
    offering_id = await published_offering(stack, http, cast)
    shy = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "shy")
    status, body = await invest(stack, http, shy, offering_id, investment_amount="1000", life_cycle_stage=2, visibility=2)
    assert status == 200, body
    anonymous = body["data"]["investment_id"]
    status, body = await invest(stack, http, shy, offering_id, investment_amount="10", life_cycle_stage=2, visibility=1)
    hidden = body["data"]["investment_id"]
    status, body = await invest(stack, http, cast.user, offering_id, investment_amount="500", life_cycle_stage=2)
    open_one = body["data"]["investment_id"]

    # GET /investments/{id} of an Anonymous investment: no identity for another user
    status, body = await call(http, "GET", f"{url}/investments/{anonymous}", headers=cast.vip.headers)
    assert status == 200, body
    assert identity(body["data"]["investment"]) == (None, None, None)
    assert_error(*await call(http, "GET", f"{url}/investments/{hidden}", headers=cast.vip.headers), 404, 12106)
    # the investor and the admins see it whole; the organization's members without the email
    for who, expected in ((shy, (shy.user_id, "shy", True)), (cast.admin, (shy.user_id, "shy", True)),
                          (cast.author, (shy.user_id, "shy", False))):
        status, body = await call(http, "GET", f"{url}/investments/{anonymous}", headers=who.headers)
        user_id, name, email = identity(body["data"]["investment"])
        assert (user_id, name, email is not None) == expected, body

    # GET /offerings/{id}/investments: other investors' emails only for admins
    status, body = await call(http, "GET", f"{url}/offerings/{offering_id}/investments", headers=cast.vip.headers)
    listed = {i["id"]: i for i in body["data"]["list"]}
    assert set(listed) == {anonymous, open_one} and body["data"]["count"] == 2
    assert identity(listed[anonymous]) == (None, None, None)
    assert identity(listed[open_one]) == (cast.user.user_id, "user", None)
    status, body = await call(http, "GET", f"{url}/offerings/{offering_id}/investments", headers=cast.admin.headers)
    assert all(i["user_email"] for i in body["data"]["list"])

    # GET /users/{id}/investments: the user's anonymous (and hidden) investments are not listed under their id
    for stage in (6, 7, 8):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    status, body = await call(http, "GET", f"{url}/users/{shy.user_id}/investments", headers=cast.vip.headers)
    assert (body["data"]["list"], body["data"]["count"]) == ([], 0)
    status, body = await call(http, "GET", f"{url}/users/{shy.user_id}/investments", headers=cast.admin.headers)
    assert {i["id"] for i in body["data"]["list"]} == {anonymous, hidden}


async def test_a_restricted_featured_offering_does_not_reach_logged_out_visitors(stack, http, cast):
    offering_id = await create_offering(stack, http, cast, name="VIP only")
    assert (await call(http, "PATCH", f"{stack.url}/v1/demo/offerings/{offering_id}", headers=cast.admin.headers,
                       json={"is_featured": True}))[0] == 200
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 4):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200

    async def featured(who: Person | None) -> bool:
        status, body = await call(http, "GET", f"{stack.url}/v1/demo/public/featuredOfferings?limit=100",
                                  headers=who.headers if who else {})
        assert status == 200, body
        return offering_id in [o["id"] for o in body["data"]["list"]]

    seen = {name: await featured(who) for name, who in (("visitor", None), ("user", cast.user), ("vip", cast.vip),
                                                        ("author", cast.author), ("admin", cast.admin))}
    assert seen == {"visitor": False, "user": False, "vip": True, "author": True, "admin": True}
    for path in ("/offerings", f"/organizations/{cast.organization_id}/offerings", f"/users/{cast.author.user_id}/offerings",
                 "/public/offerings"):
        status, body = await call(http, "GET", f"{stack.url}/v1/demo{path}?limit=100", headers=cast.user.headers)
        assert status == 200 and offering_id not in [o["id"] for o in body["data"]["list"]], (path, body)

    # nor does a VIP's settled investment in it show the offering under the VIP's id
    status, body = await invest(stack, http, cast.vip, offering_id, investment_amount="100", life_cycle_stage=2)
    assert status == 200, body
    assert (await call(http, "PATCH", f"{stack.url}/v1/demo/investments/{body['data']['investment_id']}",
                       headers=cast.author.headers, json={"life_cycle_stage": 4}))[0] == 200
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/users/{cast.vip.user_id}/investments?limit=100",
                              headers=cast.user.headers)
    assert offering_id not in [i["offering_id"] for i in body["data"]["list"]], body


TERMS = {"funding_goal": "1.00", "external_commitments": "128999999.00", "price_per_share": "0.0001",
         "interest_rate": "99", "valuation": "1", "num_of_shares": 1, "close_date": "2099-01-01", "name": "Renamed"}


async def test_a_member_changes_the_terms_of_a_settled_offering(stack, http, cast):
    url = f"{stack.url}/v1/demo"
    offering_id = await published_offering(stack, http, cast, price_per_share="10", interest_rate="5",
                                           valuation="1000000", num_of_shares=1000)
    assert (await invest(stack, http, cast.user, offering_id, investment_amount="1000", life_cycle_stage=2))[0] == 200
    status, body = await invest(stack, http, cast.vip, offering_id, investment_amount="2000")
    left_open = body["data"]["investment_id"]
    for stage in (6, 7, 8):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    before = await offering_view(stack, http, cast.admin, offering_id)
    status, body = await call(http, "PATCH", f"{url}/investments/{left_open}", headers=cast.author.headers,
                              json={"life_cycle_stage": 2})
    assert_error(status, body, 409, 12100)  # a settled offering's investments are final
    for field, value in TERMS.items():
        status, body = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.author.headers,
                                  json={field: value})
        assert_error(status, body, 403, 12010)
        assert field in body["data"]["fields"]
    status, body = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.admin.headers,
                              json={"external_commitments": "500"})  # an admin too needs a reason
    assert_error(status, body, 400, 12011)
    assert "change_reason" in body["data"]["fields"]
    assert await offering_view(stack, http, cast.admin, offering_id) == before
    status, body = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.author.headers,
                              json={"offering_description": "Thanks to all our investors", "funding_goal": "100000"})
    assert status == 200, body  # descriptions stay the members'; an unchanged term is accepted

    status, body = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.admin.headers,
                              json={"external_commitments": "500", "change_reason": "Commitment confirmed by the bank"})
    assert status == 200, body
    public = (await call(http, "GET", f"{url}/public/offerings/{offering_id}"))[1]["data"]["offering"]
    assert (public["amount_raised"], public["raised_percent"]) == ("1500.00", "1.50")
    assert [(h["reason"], h["changes"]) for h in public["history"]] == [
        ("Commitment confirmed by the bank", {"external_commitments": {"from": "0.00", "to": "500.00"}})]


async def test_a_member_changes_the_financial_terms_after_submission(stack, http, cast):
    url = f"{stack.url}/v1/demo"
    offering_id = await create_offering(stack, http, cast, min_commitment="100")
    assert (await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.author.headers,
                       json={"min_commitment": "50"}))[0] == 200  # a Draft is the members' to shape
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    status, body = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.author.headers,
                              json={"min_commitment": "1", "category": "Energy"})
    assert_error(status, body, 403, 12010)
    assert list(body["data"]["fields"]) == ["min_commitment"]
    assert (await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.author.headers,
                       json={"category": "Energy"}))[0] == 200
    status, body = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.admin.headers,
                              json={"min_commitment": "75"})
    assert status == 200, body  # the admins' review may adjust the terms; it is kept in the history
    offering = await offering_view(stack, http, cast.author, offering_id)
    assert (offering["min_commitment"], offering["category"]) == ("75.00", "Energy")
    assert [(h["reason"], h["changes"], h["life_cycle_stage"]) for h in offering["history"]] == [
        (None, {"min_commitment": {"from": "50.00", "to": "75.00"}}, 1)]
    status, body = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.author.headers,
                              json={"category": "Solar", "change_reason": "just because"})
    assert_error(status, body, 400, 10100)  # a reason is kept with a change of the terms only
    assert "change_reason" in body["data"]["fields"]


async def test_a_zero_investment_opens_the_deal_room(stack, http, cast):
    url = f"{stack.url}/v1/demo"
    offering_id = await published_offering(stack, http, cast, min_commitment="100")
    room = (await call(http, "POST", f"{url}/offerings/{offering_id}/dealrooms", headers=cast.author.headers))[1]["data"]["deal_room_id"]
    doc = {"url": "https://cdn.example/confidential.pdf", "file_name": "confidential.pdf"}
    assert (await call(http, "POST", f"{url}/dealrooms/{room}/documents", headers=cast.author.headers, json=doc))[0] == 200
    investor = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "zero")

    assert_error(*await invest(stack, http, investor, offering_id, investment_amount="0", life_cycle_stage=2), 409, 12115)
    status, body = await invest(stack, http, investor, offering_id, investment_amount="0")  # an expression of interest
    assert status == 200, body
    interest = body["data"]["investment_id"]
    assert_error(*await call(http, "GET", f"{url}/dealrooms/{room}/documents", headers=investor.headers), 404, 12200)
    assert_error(*await call(http, "PATCH", f"{url}/investments/{interest}", headers=cast.author.headers,
                             json={"life_cycle_stage": 2}), 409, 12115)
    offering = await offering_view(stack, http, cast.admin, offering_id)
    assert (offering["investment_count"], offering["investor_count"], offering["amount_raised"]) == (0, 0, "0.00")

    assert (await call(http, "PATCH", f"{url}/investments/{interest}", headers=investor.headers,
                       json={"investment_amount": "150"}))[0] == 200
    status, body = await call(http, "GET", f"{url}/dealrooms/{room}/documents", headers=investor.headers)
    assert status == 200 and [d["file_name"] for d in body["data"]["list"]] == ["confidential.pdf"], body
    assert (await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=cast.admin.headers,
                       json={"min_commitment": "200"}))[0] == 200  # now below the offering's minimum
    assert_error(*await call(http, "GET", f"{url}/dealrooms/{room}/documents", headers=investor.headers), 404, 12200)
    assert_error(*await call(http, "PATCH", f"{url}/investments/{interest}", headers=cast.author.headers,
                             json={"life_cycle_stage": 2}), 400, 12103)
    offering = await offering_view(stack, http, cast.admin, offering_id)
    assert (offering["investment_count"], offering["investor_count"]) == (0, 0)
