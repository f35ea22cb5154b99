"""Offerings through the gateway: creation by an organization's members, the life cycle, and
who sees which stage (admin, member, VIP, user, anonymous), across networks."""

from decimal import Decimal
from pathlib import Path

from actors import Person, call, create_offering, move, person

from common.testing import assert_error, wait_until
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox


async def sees(stack, http, who: Person | None, offering_id: int, public: bool = False) -> bool:
    path = f"/v1/demo/{'public/' if public else ''}offerings/{offering_id}"
    status, body = await call(http, "GET", stack.url + path, headers=who.headers if who else {})
    assert status in (200, 404), body
    return status == 200


async def test_creation_rules(stack, http, cast):
    offering_id = await create_offering(stack, http, cast)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/offerings/{offering_id}", headers=cast.author.headers)
    offering = body["data"]["offering"]
    assert (offering["life_cycle_stage"], offering["funding_goal"], offering["amount_raised"], offering["user_id"]) == (
        0, "100000.00", "0.00", cast.author.user_id)
    assert offering["sum_outstanding_payouts"] == {"dividends": "0.00", "capitalgains": "0.00", "loanrepayments": "0.00"}
    url = f"{stack.url}/v1/demo/organizations/{cast.organization_id}/offerings"
    status, body = await call(http, "POST", url, headers=cast.author.headers, json={"name": "no goal"})
    assert_error(status, body, 400, 10100)
    assert "funding_goal" in body["data"]["fields"]
    status, body = await call(http, "POST", url, headers=cast.author.headers, json={"funding_goal": "10.001"})
    assert_error(status, body, 400, 10100)
    status, body = await call(http, "POST", url, headers=cast.user.headers, json={"funding_goal": "10"})
    assert_error(status, body, 403, 12003)
    status, body = await call(http, "POST", url, headers=cast.author.headers, json={"funding_goal": "10", "invested": "5"})
    assert_error(status, body, 400, 12005)


async def test_the_life_cycle_and_who_sees_each_stage(stack, http, cast):
    offering_id = await create_offering(stack, http, cast, valuation="400000", external_commitments="2500.50")
    status, body = await call(http, "PATCH", f"{stack.url}/v1/demo/offerings/{offering_id}", headers=cast.admin.headers,
                              json={"is_featured": True})  # featuring is the admins'
    assert status == 200, body
    watchers = {"admin": cast.admin, "author": cast.author, "vip": cast.vip, "user": cast.user}

    async def visibility() -> dict[str, bool]:
        seen = {name: await sees(stack, http, who, offering_id) for name, who in watchers.items()}
        return seen | {"public": await sees(stack, http, None, offering_id, public=True)}

    assert await visibility() == {"admin": True, "author": True, "vip": False, "user": False, "public": False}
    assert_error(*await move(stack, http, cast.author, offering_id, 3), 409, 12001)  # Draft -> Approved
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    assert_error(*await move(stack, http, cast.author, offering_id, 3), 403, 12002)  # only admins approve
    assert (await move(stack, http, cast.admin, offering_id, 3))[0] == 200
    assert_error(*await move(stack, http, cast.admin, offering_id, 6), 409, 12001)  # Approved -> Live
    assert (await move(stack, http, cast.admin, offering_id, 4))[0] == 200  # Restricted
    assert await visibility() == {"admin": True, "author": True, "vip": True, "user": False, "public": False}
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/public/featuredOfferings", headers=cast.vip.headers)
    assert offering_id in [o["id"] for o in body["data"]["list"]]  # to VIPs only, while Restricted
    assert (await move(stack, http, cast.admin, offering_id, 5))[0] == 200  # Published
    assert await visibility() == {"admin": True, "author": True, "vip": True, "user": True, "public": True}
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/public/offerings/{offering_id}")
    offering = body["data"]["offering"]
    assert offering["published_at"] and offering["amount_raised"] == "2500.50" and offering["raised_percent"] == "2.50"
    assert offering["loan_to_value"] == "0.2500"
    for stage in (6, 7):  # Live, Closing
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    assert not await sees(stack, http, None, offering_id, public=True)  # public shows Published or Settled only
    assert (await move(stack, http, cast.admin, offering_id, 8))[0] == 200
    assert await sees(stack, http, None, offering_id, public=True)
    assert_error(*await move(stack, http, cast.admin, offering_id, 9), 409, 12001)  # nothing leaves Settled


async def test_cancel_lists_and_other_networks(stack, http, cast):
    offering_id = await create_offering(stack, http, cast, name="To cancel")
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self/offerings", headers=cast.author.headers)
    assert offering_id in [o["id"] for o in body["data"]["list"]]
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/offerings?filter[organization_id]={cast.organization_id}",
                              headers=cast.user.headers)
    assert offering_id not in [o["id"] for o in body["data"]["list"]]
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/users/{cast.author.user_id}/offerings",
                              headers=cast.user.headers)
    assert offering_id not in [o["id"] for o in body["data"]["list"]]
    assert_error(*await call(http, "DELETE", f"{stack.url}/v1/demo/offerings/{offering_id}", headers=cast.vip.headers),
                 404, 12000)
    status, body = await call(http, "DELETE", f"{stack.url}/v1/demo/offerings/{offering_id}", headers=cast.author.headers)
    assert status == 200, body
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/offerings/{offering_id}", headers=cast.author.headers)
    assert body["data"]["offering"]["life_cycle_stage"] == 9
    other_admin = cv_auth_header(stack.other.api_key, stack.other.api_secret, stack.other.admin_email,
                                 stack.other.admin_password)
    status, body = await call(http, "GET", f"{stack.url}/v1/other/offerings/{offering_id}", headers={"cv-auth": other_admin})
    assert_error(status, body, 404, 12000)
    status, body = await call(http, "PATCH", f"{stack.url}/v1/other/offerings/{offering_id}",
                              headers={"cv-auth": other_admin}, json={"name": "cross-tenant"})
    assert_error(status, body, 404, 12000)


async def test_an_offering_from_submission_to_settlement(stack, http, cast):
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    before = (await call(http, "GET", f"{stack.url}/v1/demo/public/stats"))[1]["data"]
    offering_id = await create_offering(stack, http, cast, funding_goal="50000", min_commitment="1000")
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    first, second = [await person(stack, http, mailbox, name) for name in ("first", "second")]
    investments = f"{stack.url}/v1/demo/offerings/{offering_id}/investments"
    status, body = await call(http, "POST", investments, headers=first.headers, json={"investment_amount": "999.99"})
    assert_error(status, body, 400, 12103)
    ids = []
    for investor, amount in ((first, "1500.00"), (second, "2500.50")):
        status, body = await call(http, "POST", investments, headers=investor.headers, json={"investment_amount": amount})
        assert status == 200, body
        ids.append(body["data"]["investment_id"])
    for investment_id in ids:
        status, body = await call(http, "PATCH", f"{stack.url}/v1/demo/investments/{investment_id}",
                                  headers=cast.author.headers, json={"life_cycle_stage": 2})
        assert status == 200, body

    status, body = await call(http, "POST", f"{stack.url}/v1/demo/offerings/{offering_id}/dealrooms", headers=cast.author.headers)
    room = body["data"]["deal_room_id"]
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/dealrooms/{room}/topics", headers=first.headers,
                              json={"title": "Use of funds?", "body": "How will the money be spent?"})
    topic = body["data"]["topic_id"]
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/topics/{topic}/posts", headers=cast.author.headers,
                              json={"body": "Hiring and marketing."})
    assert status == 200, body
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/topics/{topic}/posts", headers=first.headers)
    assert [p["body"] for p in body["data"]["list"]] == ["Hiring and marketing."]
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/dealrooms/{room}/topics", headers=cast.user.headers)
    assert_error(status, body, 404, 12200)  # an outsider

    for stage in (6, 7, 8):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/public/offerings/{offering_id}")
    offering = body["data"]["offering"]
    assert (offering["amount_raised"], offering["investment_count"], offering["investor_count"]) == ("4000.50", 2, 2)
    after = (await call(http, "GET", f"{stack.url}/v1/demo/public/stats"))[1]["data"]
    assert after["count_settled_offerings"] - before["count_settled_offerings"] == 1
    assert after["count_settled_investments"] - before["count_settled_investments"] == 2
    assert Decimal(after["sum_settled_investments"]) - Decimal(before["sum_settled_investments"]) == Decimal("4000.50")
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/investments/{ids[0]}", headers=first.headers)
    investment = body["data"]["investment"]
    assert (investment["life_cycle_stage"], investment["org_name"], investment["user_name"]) == (4, "Author & Co", "first")


async def test_user_and_organization_documents_appear_in_identitys_views(stack, http, cast):
    doc = {"url": "https://cdn.example/passport.pdf", "file_name": "passport.pdf"}
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/documents", headers=cast.author.headers, json=doc)
    document_id = body["data"]["document_id"]
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/organizations/{cast.organization_id}/documents",
                              headers=cast.author.headers, json=doc | {"file_name": "charter.pdf"})
    assert status == 200, body

    async def embedded() -> bool:
        me = (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=cast.author.headers))[1]["data"]["user"]
        org = (await call(http, "GET", f"{stack.url}/v1/demo/organizations/{cast.organization_id}",
                          headers=cast.author.headers))[1]["data"]["organization"]
        return ([d["id"] for d in me["documents"]] == [document_id]
                and [d["file_name"] for d in org["documents"]] == ["charter.pdf"])

    await wait_until(embedded, timeout=10)
    assert (await call(http, "DELETE", f"{stack.url}/v1/demo/documents/{document_id}", headers=cast.author.headers))[0] == 200

    async def gone() -> bool:
        me = (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=cast.author.headers))[1]["data"]["user"]
        return me["documents"] == []

    await wait_until(gone, timeout=10)
