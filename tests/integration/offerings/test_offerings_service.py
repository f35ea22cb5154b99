"""The offerings service: investments and their rules (under concurrency too), figures, deal rooms,
bulletins, documents, applications, statistics; every documented endpoint answers."""

import asyncio
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from common.endpoints import endpoints_of
from common.events.identity import (
    MemberAddedV1,
    MemberRemovedV1,
    NetworkSettingsChangedV1,
    UserBlockedV1,
    UserDeletedV1,
    UserRegisteredV1,
    UserUpdatedV1,
)
from common.http.principal import Principal
from common.testing import assert_error


async def invest(svc, offering_id: int, user_id: int, amount: str, **fields) -> tuple[int, dict]:
    return await svc.call("POST", f"/v1/demo/offerings/{offering_id}/investments", svc.investor(user_id),
                          json={"investment_amount": amount} | fields)


async def offering(svc, offering_id: int) -> dict:
    status, body = await svc.call("GET", f"/v1/demo/offerings/{offering_id}", svc.admin)
    return body["data"]["offering"]


async def move(svc, investment_id: int, principal, stage: int) -> tuple[int, dict]:
    return await svc.call("PATCH", f"/v1/demo/investments/{investment_id}", principal, json={"life_cycle_stage": stage})


async def test_the_offering_must_be_open(offerings_service):
    svc = offerings_service
    status, body = await svc.call("POST", "/v1/demo/organizations/10/offerings", svc.author, json={"funding_goal": "100"})
    draft = body["data"]["offering_id"]
    assert_error(*await svc.call("POST", f"/v1/demo/offerings/{draft}/investments", svc.author, json={}), 409, 12100)
    tomorrow, yesterday = date.today() + timedelta(days=1), date.today() - timedelta(days=1)
    early = await svc.published_offering(open_date=str(tomorrow))
    assert_error(*await invest(svc, early, 501, "100"), 409, 12101)
    late = await svc.published_offering(close_date=str(yesterday))
    assert_error(*await invest(svc, late, 501, "100"), 409, 12102)


async def test_restricted_offerings_take_vip_investments_only(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    status, body = await svc.call("POST", "/v1/demo/organizations/10/offerings", svc.author, json={"funding_goal": "100"})
    restricted = body["data"]["offering_id"]
    await svc.call("PATCH", f"/v1/demo/offerings/{restricted}", svc.author, json={"life_cycle_stage": 1})
    for stage in (3, 4):
        await svc.call("PATCH", f"/v1/demo/offerings/{restricted}", svc.admin, json={"life_cycle_stage": stage})
    assert_error(*await invest(svc, restricted, 502, "10"), 404, 12000)  # others do not even see it
    status, body = await svc.call("POST", f"/v1/demo/offerings/{restricted}/investments", svc.investor(502, vip=True),
                                  json={"investment_amount": "10"})
    assert status == 200, body
    assert offering_id


async def test_amount_rules_and_kept_figures(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering(min_commitment="100", max_commitment="3000",
                                               max_overfunding_amount="5000", external_commitments="500")
    assert_error(*await invest(svc, offering_id, 601, "99.99"), 400, 12103)
    assert_error(*await invest(svc, offering_id, 601, "100.001"), 400, 10100)
    status, body = await invest(svc, offering_id, 601, "0")  # an expression of interest
    assert status == 200
    first = (await invest(svc, offering_id, 601, "2000", life_cycle_stage=2))[1]["data"]["investment_id"]
    assert_error(*await invest(svc, offering_id, 601, "1000.01"), 400, 12104)  # 2000 + 1000.01 > 3000
    second = (await invest(svc, offering_id, 601, "1000"))[1]["data"]["investment_id"]  # Open, not counted yet
    figures = await offering(svc, offering_id)
    assert (figures["amount_raised"], figures["investment_count"], figures["investor_count"]) == ("2500.00", 1, 1)
    assert (await move(svc, second, svc.author, 2))[0] == 200
    figures = await offering(svc, offering_id)
    assert (figures["amount_raised"], figures["investment_count"], figures["investor_count"]) == ("3500.00", 2, 1)
    assert_error(*await invest(svc, offering_id, 602, "3000"), 409, 12105)  # 3500 + 3000 > 5000, even while Open
    assert_error(*await invest(svc, offering_id, 603, "2000", life_cycle_stage=2), 409, 12105)
    assert (await move(svc, first, svc.investor(601), 3))[0] == 200  # withdrawn: no longer counted
    figures = await offering(svc, offering_id)
    assert (figures["amount_raised"], figures["investment_count"], figures["investor_count"], figures["raised_percent"]) == (
        "1500.00", 1, 1, "15.00")


async def test_an_approval_meets_the_offering_as_it_stands(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering(min_commitment="100", max_commitment="1000")
    investment_id = (await invest(svc, offering_id, 611, "800"))[1]["data"]["investment_id"]
    assert (await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.admin, json={"max_commitment": "500"}))[0] == 200
    assert_error(*await move(svc, investment_id, svc.author, 2), 400, 12104)
    interest = (await invest(svc, offering_id, 612, "0"))[1]["data"]["investment_id"]
    assert_error(*await move(svc, interest, svc.author, 2), 409, 12115)
    figures = await offering(svc, offering_id)
    assert (figures["amount_raised"], figures["investment_count"], figures["investor_count"]) == ("0.00", 0, 0)


@pytest.mark.parametrize("amount", ["abc", "NaN", "Infinity", "1e400", "-5", "10.00001", True, [1], {"a": 1}])
async def test_an_amount_that_is_not_money_is_refused_and_changes_nothing(offerings_service, amount):
    """Amounts have at most 2 decimal places, rates at most 4."""
    svc = offerings_service
    offering_id = await svc.published_offering()
    status, body = await svc.call("POST", "/v1/demo/organizations/10/offerings", svc.author,
                                  json={"funding_goal": amount, "name": "Bad money"})
    assert_error(status, body, 400, 10100)
    status, body = await invest(svc, offering_id, 2950, amount)
    assert_error(status, body, 400, 10100)
    for field in ("interest_rate", "price_per_share"):
        status, body = await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.author, json={field: amount})
        assert_error(status, body, 400, 10100)
    async with svc.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM offerings WHERE name = 'Bad money'") == 0
        assert await conn.fetchval("SELECT count(*) FROM investments WHERE user_id = 2950") == 0


async def test_who_may_change_an_investment(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    investment_id = (await invest(svc, offering_id, 701, "500"))[1]["data"]["investment_id"]
    path = f"/v1/demo/investments/{investment_id}"
    assert (await svc.call("PATCH", path, svc.investor(701), json={"investment_amount": "600", "visibility": 2}))[0] == 200
    assert_error(*await move(svc, investment_id, svc.investor(701), 2), 403, 12107)  # investors do not approve
    assert_error(*await svc.call("PATCH", path, svc.investor(702), json={"investment_amount": "1"}), 404, 12106)
    assert_error(*await move(svc, investment_id, svc.author, 4), 409, 12108)  # Open -> Settled
    assert (await move(svc, investment_id, svc.author, 2))[0] == 200
    assert_error(*await svc.call("PATCH", path, svc.investor(701), json={"investment_amount": "700"}), 403, 12107)
    status, body = await svc.call("GET", path, svc.investor(701))
    assert (body["data"]["investment"]["investment_amount"], body["data"]["investment"]["life_cycle_stage"]) == ("600.00", 2)


async def test_an_open_investments_amount_changes_only_while_the_offering_takes_investments(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    investment_id = (await invest(svc, offering_id, 711, "500"))[1]["data"]["investment_id"]
    path = f"/v1/demo/investments/{investment_id}"
    yesterday = str(date.today() - timedelta(days=1))
    assert (await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.admin, json={"close_date": yesterday}))[0] == 200
    assert_error(*await svc.call("PATCH", path, svc.investor(711), json={"investment_amount": "900"}), 409, 12102)
    assert (await svc.call("PATCH", path, svc.investor(711), json={"visibility": 1}))[0] == 200  # not a new commitment
    assert (await move(svc, investment_id, svc.investor(711), 3))[0] == 200  # and withdrawing stays open


async def test_who_sees_investments(offerings_service):
    svc = offerings_service
    await svc.feed(UserRegisteredV1(user_id=801, email="open@demo.example", given_name="Oda"),
                   UserRegisteredV1(user_id=802, email="anon@demo.example", given_name="Ano"))
    offering_id = await svc.published_offering()
    visible = (await invest(svc, offering_id, 801, "100", life_cycle_stage=2))[1]["data"]["investment_id"]
    anonymous = (await invest(svc, offering_id, 802, "100", life_cycle_stage=2, visibility=2))[1]["data"]["investment_id"]
    hidden = (await invest(svc, offering_id, 803, "100", life_cycle_stage=2, visibility=1))[1]["data"]["investment_id"]
    pending = (await invest(svc, offering_id, 804, "100"))[1]["data"]["investment_id"]
    status, body = await svc.call("GET", f"/v1/demo/offerings/{offering_id}/investments", svc.investor(900))
    listed = {i["id"]: i for i in body["data"]["list"]}
    assert set(listed) == {visible, anonymous}
    assert (listed[visible]["user_name"], listed[visible]["user_email"]) == ("Oda", None)  # emails are the admins'
    assert (listed[anonymous]["user_name"], listed[anonymous]["user_id"]) == (None, None)
    status, body = await svc.call("GET", f"/v1/demo/offerings/{offering_id}/investments", svc.author)
    assert {visible, anonymous, hidden, pending} <= {i["id"] for i in body["data"]["list"]}
    assert_error(*await svc.call("GET", f"/v1/demo/investments/{pending}", svc.investor(900)), 404, 12106)
    assert (await svc.call("GET", f"/v1/demo/investments/{pending}", svc.investor(804)))[0] == 200
    status, body = await svc.call("GET", "/v1/demo/self/investments", svc.investor(804))
    assert [i["id"] for i in body["data"]["list"]] == [pending]


async def test_settling_the_offering_settles_its_approved_investments(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    approved = (await invest(svc, offering_id, 1001, "250", life_cycle_stage=2))[1]["data"]["investment_id"]
    open_one = (await invest(svc, offering_id, 1002, "250"))[1]["data"]["investment_id"]
    for stage in (6, 7, 8):
        assert (await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.admin, json={"life_cycle_stage": stage}))[0] == 200
    stages = {}
    for investment_id in (approved, open_one):
        status, body = await svc.call("GET", f"/v1/demo/investments/{investment_id}", svc.admin)
        stages[investment_id] = body["data"]["investment"]["life_cycle_stage"]
    assert stages == {approved: 4, open_one: 0}
    status, body = await svc.call("GET", "/v1/demo/users/1001/investments", svc.investor(900))
    assert [i["id"] for i in body["data"]["list"]] == [approved]
    assert (await offering(svc, offering_id))["amount_raised"] == "250.00"


async def test_the_overfunding_cap_holds_under_simultaneous_investments(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering(max_overfunding_amount="10000")
    results = await asyncio.gather(*(invest(svc, offering_id, 2000 + n, "250", life_cycle_stage=2) for n in range(60)))
    accepted = [body for status, body in results if status == 200]
    refused = [body for status, body in results if status != 200]
    assert len(accepted) == 40 and all(body["data"]["code"] == 12105 for body in refused)
    figures = await offering(svc, offering_id)
    assert (figures["amount_raised"], figures["investment_count"], figures["investor_count"]) == ("10000.00", 40, 40)
    async with svc.pool.acquire() as conn:
        stored = await conn.fetchval("SELECT sum(investment_amount) FROM investments WHERE offering_id = $1 "
                                     "AND life_cycle_stage = 2", offering_id)
    assert str(stored) == "10000.00"


async def test_one_users_maximum_holds_under_simultaneous_investments(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering(max_commitment="1000")
    results = await asyncio.gather(*(invest(svc, offering_id, 2900, "300") for _ in range(10)))
    assert sorted(status for status, _ in results) == [200] * 3 + [400] * 7
    assert all(body["data"]["code"] == 12104 for status, body in results if status != 200)
    status, body = await svc.call("GET", "/v1/demo/self/investments", svc.investor(2900))
    assert sum(Decimal(i["investment_amount"]) for i in body["data"]["list"]) == Decimal("900.00")


async def test_public_stats_count_settled_figures_of_this_network_only(offerings_service):
    svc = offerings_service
    before = (await svc.call("GET", "/v1/demo/public/stats", svc.investor(None)))[1]["data"]
    offering_id = await svc.published_offering()
    for user_id, amount in ((3001, "100.10"), (3001, "200.20"), (3002, "300.30")):
        assert (await invest(svc, offering_id, user_id, amount, life_cycle_stage=2))[0] == 200
    for stage in (6, 7, 8):
        await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.admin, json={"life_cycle_stage": stage})
    after = (await svc.call("GET", "/v1/demo/public/stats", svc.investor(None)))[1]["data"]
    assert Decimal(after["sum_settled_investments"]) - Decimal(before["sum_settled_investments"]) == Decimal("600.60")
    assert after["count_settled_investments"] - before["count_settled_investments"] == 3
    assert after["count_settled_offerings"] - before["count_settled_offerings"] == 1
    assert after["count_investors_with_settled_investments"] - before["count_investors_with_settled_investments"] == 2
    other = Principal(network="other", network_id=2)
    status, body = await svc.call("GET", "/v1/other/public/stats", other)
    assert (body["data"]["count_settled_investments"], body["data"]["sum_settled_investments"]) == (0, "0.00")


async def test_deal_room_discussion_is_for_members_investors_and_admins(offerings_service):
    svc = offerings_service
    await svc.feed(UserRegisteredV1(user_id=4001, email="inv@demo.example", given_name="Ivy", family_name="Investor"))
    offering_id = await svc.published_offering()
    assert_error(*await svc.call("POST", f"/v1/demo/offerings/{offering_id}/dealrooms", svc.investor(4001)), 403, 12003)
    status, body = await svc.call("POST", f"/v1/demo/offerings/{offering_id}/dealrooms", svc.author)
    room = body["data"]["deal_room_id"]
    outsider, investor = svc.investor(4002), svc.investor(4001)
    assert_error(*await svc.call("GET", f"/v1/demo/dealrooms/{room}/topics", investor), 404, 12200)
    await invest(svc, offering_id, 4001, "100")  # an Open investment opens the room
    status, body = await svc.call("POST", f"/v1/demo/dealrooms/{room}/topics", investor, json={"title": "Question", "body": "?"})
    topic = body["data"]["topic_id"]
    status, body = await svc.call("POST", f"/v1/demo/topics/{topic}/posts", svc.author, json={"body": "Answer"})
    post = body["data"]["post_id"]
    assert body["data"]["topic_id"] == post
    status, body = await svc.call("POST", f"/v1/demo/posts/{post}/comments", investor, json={"body": "Thanks"})
    assert status == 200 and body["data"]["comment_id"]
    status, body = await svc.call("GET", f"/v1/demo/dealrooms/{room}/topics", svc.author)
    assert [(t["title"], t["given_name"]) for t in body["data"]["list"]] == [("Question", "Ivy")]
    assert_error(*await svc.call("POST", f"/v1/demo/posts/{post}/comments", investor,
                                 json={"body": "?", "visibility": 5}), 400, 10100)
    status, body = await svc.call("POST", f"/v1/demo/posts/{post}/comments", investor,
                                  json={"body": "Quietly", "visibility": 2})
    status, body = await svc.call("GET", f"/v1/demo/posts/{post}/comments", svc.admin)
    assert [(c["user_name"], c["visibility"]) for c in body["data"]["list"]] == [("Ivy Investor", 0), (None, 2)]
    status, body = await svc.call("POST", f"/v1/demo/dealrooms/{room}/documents", investor,
                                  json={"url": "https://cdn.example/terms.pdf", "file_name": "terms.pdf"})
    status, body = await svc.call("GET", f"/v1/demo/offerings/{offering_id}/dealrooms", investor)
    [listed] = body["data"]["list"]
    assert [d["file_name"] for d in listed["documents"]] == ["terms.pdf"]
    assert (listed["access_groups"], listed["document_groups"], listed["info"]) == ([], [], [])
    for path in (f"/v1/demo/dealrooms/{room}/topics", f"/v1/demo/topics/{topic}/posts", f"/v1/demo/posts/{post}"):
        status, body = await svc.call("GET", path, outsider)
        assert status == 404, (path, body)
    status, body = await svc.call("GET", f"/v1/demo/offerings/{offering_id}/dealrooms", outsider)
    assert (status, body["data"]["list"]) == (200, [])  # sees the offering, enters none of its rooms


async def test_hidden_forum_entries_are_for_their_author_and_the_rooms_managers(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    author_of_hidden, other_investor = svc.investor(4101), svc.investor(4102)
    for user_id in (4101, 4102):
        await invest(svc, offering_id, user_id, "100")
    room = (await svc.call("POST", f"/v1/demo/offerings/{offering_id}/dealrooms", svc.author))[1]["data"]["deal_room_id"]
    status, body = await svc.call("POST", f"/v1/demo/dealrooms/{room}/topics", author_of_hidden,
                                  json={"title": "Private question", "visibility": 1})
    hidden_topic = body["data"]["topic_id"]
    await svc.call("POST", f"/v1/demo/dealrooms/{room}/topics", other_investor, json={"title": "Open question"})
    status, body = await svc.call("POST", f"/v1/demo/topics/{hidden_topic}/posts", author_of_hidden,
                                  json={"body": "Details", "visibility": 1})
    hidden_post = body["data"]["post_id"]
    for who, titles in ((author_of_hidden, ["Private question", "Open question"]), (svc.author, ["Private question", "Open question"]),
                        (svc.admin, ["Private question", "Open question"]), (other_investor, ["Open question"])):
        status, body = await svc.call("GET", f"/v1/demo/dealrooms/{room}/topics", who)
        assert ([t["title"] for t in body["data"]["list"]], body["data"]["count"]) == (titles, len(titles))
    assert (await svc.call("GET", f"/v1/demo/posts/{hidden_post}", svc.author))[0] == 200
    assert_error(*await svc.call("GET", f"/v1/demo/posts/{hidden_post}", other_investor), 404, 12202)


async def test_bulletins_are_written_by_members_and_read_by_whoever_sees_the_offering(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    path = f"/v1/demo/offerings/{offering_id}/bulletins"
    assert_error(*await svc.call("POST", path, svc.investor(5001), json={"title": "Spam"}), 403, 12003)
    status, body = await svc.call("POST", path, svc.author, json={"title": "News story", "body": "Great news"})
    assert status == 200 and body["data"]["bulletin_id"]
    status, body = await svc.call("GET", path, svc.investor(5001))
    assert [(b["title"], b["body"]) for b in body["data"]["list"]] == [("News story", "Great news")]


async def test_applications_are_created_by_users_and_listed_publicly_when_approved(offerings_service):
    svc = offerings_service
    path = "/v1/demo/self/applications"
    assert_error(*await svc.call("POST", path, svc.investor(6001), json={"investment_amount": "10"}), 400, 10100)
    assert_error(*await svc.call("POST", path, svc.investor(6001), json={"life_cycle_stage": 9}), 400, 10100)
    status, body = await svc.call("POST", path, svc.investor(6001),
                                  json={"life_cycle_stage": "2", "investment_amount": "10000", "custom": {"bid": "A"}})
    approved = body["data"]["application_id"]
    await svc.call("POST", path, svc.investor(6001), json={"life_cycle_stage": 0})
    status, body = await svc.call("GET", "/v1/demo/public/applications", svc.investor(None))
    listed = {a["id"]: a for a in body["data"]["list"]}
    assert approved in listed and all(a["life_cycle_stage"] == 2 for a in listed.values())
    assert (listed[approved]["investment_amount"], listed[approved]["custom"]) == ("10000.00", {"bid": "A"})


async def test_documents_follow_their_owner(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    doc = {"url": "https://cdn.example/deck.pdf", "file_name": "deck.pdf", "file_type": "application/pdf"}
    base = f"/v1/demo/offerings/{offering_id}/documents"
    assert_error(*await svc.call("POST", base, svc.investor(7001), json=doc), 403, 12003)
    status, body = await svc.call("POST", base, svc.author, json=doc)
    document_id = body["data"]["document_id"]
    status, body = await svc.call("GET", base, svc.investor(7001))
    assert [(d["id"], d["owner_object"], d["file_name"]) for d in body["data"]["list"]] == [(document_id, "Offering", "deck.pdf")]
    investment_id = (await invest(svc, offering_id, 7001, "100"))[1]["data"]["investment_id"]
    ipath = f"/v1/demo/investments/{investment_id}/documents"
    assert (await svc.call("POST", ipath, svc.investor(7001), json=doc | {"file_name": "kyc.pdf"}))[0] == 200
    assert (await svc.call("GET", ipath, svc.author))[0] == 200
    assert_error(*await svc.call("GET", ipath, svc.investor(7002)), 404, 12106)
    assert [d["file_name"] for d in (await offering(svc, offering_id))["documents"]] == ["deck.pdf"]
    status, body = await svc.call("GET", f"/v1/demo/public/offerings/{offering_id}", svc.visitor)
    assert [d["file_name"] for d in body["data"]["offering"]["documents"]] == ["deck.pdf"]
    await move(svc, investment_id, svc.author, 2)
    for who, names in ((svc.investor(7001), ["kyc.pdf"]), (svc.author, ["kyc.pdf"]), (svc.investor(7002), [])):
        status, body = await svc.call("GET", f"/v1/demo/investments/{investment_id}", who)  # approved: all see it
        assert [d["file_name"] for d in body["data"]["investment"]["documents"]] == names  # its documents: parties
    status, body = await svc.call("POST", "/v1/demo/self/documents", svc.investor(7001), json=doc | {"file_name": "id.pdf"})
    own = body["data"]["document_id"]
    assert_error(*await svc.call("GET", f"/v1/demo/documents/{own}", svc.investor(7002)), 404, 12300)
    assert (await svc.call("GET", f"/v1/demo/documents/{own}", svc.admin))[0] == 200
    assert_error(*await svc.call("POST", base, svc.author, json={"url": "ftp://nope"}), 400, 10100)
    assert (await svc.call("DELETE", f"/v1/demo/documents/{document_id}", svc.author))[0] == 200
    status, body = await svc.call("GET", base, svc.author)
    assert body["data"]["list"] == [] and (await offering(svc, offering_id))["documents"] == []
    assert_error(*await svc.call("GET", f"/v1/demo/documents/{document_id}", svc.author), 404, 12300)
    async with svc.pool.acquire() as conn:  # withdrawn, not deleted
        assert await conn.fetchval("SELECT life_cycle_stage FROM documents WHERE id = $1", document_id) == 3


async def test_every_documented_offerings_endpoint_is_implemented(offerings_service):
    svc = offerings_service
    for endpoint in endpoints_of("offerings"):
        path = re.sub(r"\{(?!network)[a-z_]+\}", "1", endpoint.full_path).replace("{network}", "demo")
        status, body = await svc.call(endpoint.method, path, svc.admin, json={})
        assert status != 501, f"{endpoint.method} {endpoint.path}: {body}"
    assert len(endpoints_of("offerings")) == 43


async def test_a_network_may_require_onboarding_steps_and_approve_investments_itself(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    settings = {"investment_requirements": ["email_verified", "term_service_accepted"], "auto_approve_investments": False}
    await svc.feed(NetworkSettingsChangedV1(settings=settings),
                   UserRegisteredV1(user_id=8001, email="new@demo.example"))
    try:
        status, body = await invest(svc, offering_id, 8001, "100", life_cycle_stage=2)
        assert_error(status, body, 403, 12109)
        assert "email_verified" in body["data"]["developer_message"]
        await svc.feed(UserUpdatedV1(user_id=8001, fields=["email_verified"], email="new@demo.example",
                                     email_verified=True, term_service_accepted=True))
        status, body = await invest(svc, offering_id, 8001, "100", life_cycle_stage=2)
        assert status == 200, body
        status, body = await svc.call("GET", f"/v1/demo/investments/{body['data']['investment_id']}", svc.investor(8001))
        assert body["data"]["investment"]["life_cycle_stage"] == 0  # the network approves investments itself
    finally:
        await svc.feed(NetworkSettingsChangedV1(settings={}))


async def test_a_blocked_user_never_invests(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    today = date.today()
    await svc.feed(UserRegisteredV1(user_id=8101, email="b@demo.example"),
                   UserBlockedV1(user_id=8101, until=today + timedelta(days=1)))
    status, body = await invest(svc, offering_id, 8101, "100")
    assert_error(status, body, 403, 12110)
    await svc.feed(UserBlockedV1(user_id=8101, until=today))  # a dated block lifts on its day
    assert (await invest(svc, offering_id, 8101, "100"))[0] == 200
    await svc.feed(UserBlockedV1(user_id=8101))
    assert_error(*await invest(svc, offering_id, 8101, "100"), 403, 12110)
    await svc.feed(UserUpdatedV1(user_id=8101, fields=["status"], email="b@demo.example", blocked=False))  # unblocked
    assert (await invest(svc, offering_id, 8101, "100"))[0] == 200
    await svc.feed(UserDeletedV1(user_id=8101))
    assert_error(*await invest(svc, offering_id, 8101, "100"), 403, 12110)
    status, body = await svc.call("GET", "/v1/demo/self/investments", svc.investor(8101))
    an_open_one = body["data"]["list"][0]["id"]
    assert_error(*await svc.call("PATCH", f"/v1/demo/investments/{an_open_one}", svc.investor(8101),
                                 json={"investment_amount": "5000"}), 403, 12110)
    status, body = await svc.call("GET", "/v1/demo/self/investments", svc.investor(8101))
    assert body["data"]["count"] == 2  # the refused ones left nothing behind


async def test_nothing_of_another_network_is_visible_or_changeable(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    investment_id = (await invest(svc, offering_id, 9001, "100"))[1]["data"]["investment_id"]
    stranger = Principal(network="other", network_id=2, user_id=9001, is_admin=True)
    for method, path in (("GET", f"/v1/other/offerings/{offering_id}"), ("GET", f"/v1/other/investments/{investment_id}"),
                         ("PATCH", f"/v1/other/investments/{investment_id}"),
                         ("POST", f"/v1/other/offerings/{offering_id}/investments"),
                         ("GET", f"/v1/other/offerings/{offering_id}/bulletins")):
        status, body = await svc.call(method, path, stranger, json={})
        assert status == 404, (method, path, body)
    status, body = await svc.call("GET", "/v1/other/offerings", stranger)
    assert offering_id not in [o["id"] for o in body["data"]["list"]]


async def test_an_organizations_offerings_follow_the_same_role_rules(offerings_service):
    svc = offerings_service
    status, body = await svc.call("POST", "/v1/demo/organizations/10/offerings", svc.author, json={"funding_goal": "100"})
    draft = body["data"]["offering_id"]
    published = await svc.published_offering()
    path = "/v1/demo/organizations/10/offerings?limit=100"
    seen_by_user = {o["id"] for o in (await svc.call("GET", path, svc.investor(9100)))[1]["data"]["list"]}
    seen_by_author = {o["id"] for o in (await svc.call("GET", path, svc.author))[1]["data"]["list"]}
    assert published in seen_by_user and draft not in seen_by_user
    assert {published, draft} <= seen_by_author


async def test_a_creator_who_left_the_organization_sees_its_offerings_by_stage_only(offerings_service):
    svc = offerings_service
    await svc.feed(MemberAddedV1(organization_id=10, user_id=9200, member_type="member"))
    status, body = await svc.call("POST", "/v1/demo/organizations/10/offerings", svc.investor(9200),
                                  json={"funding_goal": "100"})
    offering_id = body["data"]["offering_id"]
    await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.author, json={"life_cycle_stage": 1})
    for stage in (3, 4):  # Restricted
        await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.admin, json={"life_cycle_stage": stage})
    await svc.feed(MemberRemovedV1(organization_id=10, user_id=9200))

    async def own(principal) -> set[int]:
        return {o["id"] for o in (await svc.call("GET", "/v1/demo/self/offerings?limit=100", principal))[1]["data"]["list"]}

    assert offering_id not in await own(svc.investor(9200))
    assert offering_id in await own(svc.investor(9200, vip=True))


async def test_only_admins_feature_an_offering(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    path = f"/v1/demo/offerings/{offering_id}"
    assert_error(*await svc.call("PATCH", path, svc.author, json={"is_featured": True}), 403, 12006)
    status, body = await svc.call("POST", "/v1/demo/organizations/10/offerings", svc.author,
                                  json={"funding_goal": "100", "is_featured": 1})
    assert_error(status, body, 403, 12006)
    assert (await svc.call("PATCH", path, svc.admin, json={"is_featured": True}))[0] == 200
    assert (await svc.call("PATCH", path, svc.author, json={"is_featured": True, "category": "Resent whole"}))[0] == 200
    status, body = await svc.call("GET", "/v1/demo/public/featuredOfferings?limit=100", svc.visitor)
    assert offering_id in [o["id"] for o in body["data"]["list"]]


async def test_an_offering_needs_an_organization_known_in_this_network(offerings_service):
    svc = offerings_service
    status, body = await svc.call("POST", "/v1/demo/organizations/999/offerings", svc.admin, json={"funding_goal": "1"})
    assert_error(status, body, 404, 12004)
    status, body = await svc.call("POST", "/v1/other/organizations/10/offerings",
                                  Principal(network="other", network_id=2, user_id=100), json={"funding_goal": "1"})
    assert_error(status, body, 404, 12004)


async def test_an_idempotency_key_makes_a_retried_investment_count_once(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    path = f"/v1/demo/offerings/{offering_id}/investments"

    async def post(user_id: int, amount: str, key: str) -> tuple[int, dict, dict]:
        return await svc.exchange("POST", path, svc.investor(user_id), headers={"Idempotency-Key": key},
                                  json={"investment_amount": amount, "life_cycle_stage": 2})

    status, first, _ = await post(9501, "100", "retry-1")
    status_again, again, headers = await post(9501, "100", "retry-1")
    assert (status, status_again, again, headers.get("Idempotent-Replayed")) == (200, 200, first, "true")
    status, body, _ = await post(9501, "200", "retry-1")
    assert_error(status, body, 422, 10116)
    status, other, _ = await post(9502, "100", "retry-1")  # another user's key is another key
    assert status == 200 and other["data"]["investment_id"] != first["data"]["investment_id"]
    results = await asyncio.gather(*(post(9503, "50", "burst") for _ in range(5)))
    assert {status for status, _, _ in results} <= {200, 409}
    figures = await offering(svc, offering_id)
    assert (figures["investment_count"], figures["amount_raised"]) == (3, "250.00")


async def test_a_change_of_the_terms_from_closing_on_keeps_its_reason(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    for stage in (6, 7):
        await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.admin, json={"life_cycle_stage": stage})
    path = f"/v1/demo/offerings/{offering_id}"
    assert_error(*await svc.call("PATCH", path, svc.admin, json={"valuation": "900"}), 400, 12011)
    status, body = await svc.call("PATCH", path, svc.admin, json={"valuation": "900", "change_reason": "Audited"})
    assert status == 200, body
    history = (await offering(svc, offering_id))["history"]
    assert [(entry["reason"], entry["changes"]) for entry in history] == [
        ("Audited", {"valuation": {"from": None, "to": "900.00"}})]
