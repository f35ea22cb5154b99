"""What real clients send and read, through the gateway: the document's wire format on every built
GET endpoint (envelope, timestamps, money, promised values) for every kind of caller, and the
requests the document allows that the services used to refuse (issue 9)."""

import asyncio
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from actors import Person, call, create_offering, move, person

from common.endpoints import endpoints_of
from common.testing import assert_error
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox, link_parameters
from sandboxes.social import DEMO_CREDENTIALS

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$")  # 2017-01-18T14:53:20+0000
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONEY = re.compile(r"^-?\d+\.\d{2}$")  # the document's amounts: strings with two decimals
DATE_FIELDS = frozenset({"open_date", "close_date", "birth_date", "founding_date"})
MONEY_FIELDS = frozenset({
    "amount_raised", "funding_goal", "investment_amount", "min_commitment", "max_commitment", "max_overfunding_amount",
    "external_commitments", "valuation", "capital_outstanding", "interest_outstanding", "divested_amount",
    "dividends", "capitalgains", "loanrepayments", "raised_percent"})
# never null in the document's samples (an address the user has not given has no id)
PROMISED = frozenset({"id", "created_at", "updated_at", "life_cycle_stage", "offset", "limit", "count", "list",
                      "custom", "info", "documents", "members", "amount_raised", "investment_count", "investor_count",
                      "raised_percent", "sum_outstanding_payouts", "contact_point", "offering_id", "organization_id"})
# every GET the built services answer, the admin API's included
BUILT_GETS = [e for service in ("identity", "offerings") for e in endpoints_of(service) if e.method == "GET"]


def wire_faults(value: Any, where: str = "data") -> list[str]:
    """Every value that is not in the document's form, named by its path."""
    if isinstance(value, list):
        return [fault for i, item in enumerate(value) for fault in wire_faults(item, f"{where}[{i}]")]
    if not isinstance(value, dict):
        return []
    faults = []
    for key, item in value.items():
        path = f"{where}.{key}"
        if isinstance(item, dict) and set(item) == {"from", "to"}:  # a change kept in an offering's history
            faults += [fault for side in ("from", "to") if item[side] is not None
                       for fault in wire_faults({key: item[side]}, f"{path}.{side}")]
        elif item is None:
            faults += [f"{path} is null"] if key in PROMISED and not where.endswith(".address") else []
        elif key.endswith("_at") or (isinstance(item, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", item)):
            faults += [] if isinstance(item, str) and TIMESTAMP.match(item) else [f"{path} = {item!r} is no timestamp"]
        elif key in DATE_FIELDS:
            faults += [] if isinstance(item, str) and DATE.match(item) else [f"{path} = {item!r} is no date"]
        elif key in MONEY_FIELDS:
            faults += [] if isinstance(item, str) and MONEY.match(item) else [f"{path} = {item!r} is no amount"]
        else:
            faults += wire_faults(item, path)
    return faults


def envelope_faults(status: int, body: dict) -> list[str]:
    if set(body) != {"outcome", "data", "status"} or body["status"] != status:
        return [f"envelope {sorted(body)} status {body.get('status')} (HTTP {status})"]
    if body["outcome"] == "error":
        data = body["data"]
        return [] if data.get("code") and data.get("user_message") and data.get("developer_message") else [
            f"error without code or messages: {data}"]
    data = body["data"]
    if isinstance(data, dict) and "list" in data:
        if not all(isinstance(data.get(k), int) for k in ("offset", "limit", "count")):
            return [f"list page without integer offset, limit and count: { {k: data.get(k) for k in ('offset', 'limit', 'count')} }"]
    return []


def digest(stack) -> dict[str, str]:
    return {"cv-auth": cv_auth_header(stack.demo.api_key, stack.demo.api_secret)}


@pytest.mark.parametrize("caller", ["admin", "user", "anonymous"])
async def test_every_answer_on_the_wire_has_the_documents_form(stack, http, cast, world, caller):
    """Documents embedded by identity used to show created_at as 2026-12-01T21:29:09.928769Z."""
    headers = {"admin": cast.admin.headers, "user": cast.user.headers, "anonymous": digest(stack)}[caller]
    faults, answered = [], 0
    for endpoint in BUILT_GETS:
        path = endpoint.path.format(**world)
        status, body = await call(http, "GET", f"{stack.url}/v1/demo{path}", headers=headers)
        answered += status == 200
        faults += [f"{path}: {fault}" for fault in envelope_faults(status, body)]
        if status == 200:
            faults += [f"{path}: {fault}" for fault in wire_faults(body["data"])]
    assert answered >= 5
    assert faults == [], "\n".join(faults)


async def test_the_self_answer_shows_embedded_documents_with_the_documents_timestamps(stack, http, cast, world):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=cast.author.headers)
    document = body["data"]["user"]["documents"][0]
    assert TIMESTAMP.match(document["created_at"]) and TIMESTAMP.match(document["updated_at"]), document


async def follow_consent(http, url: str, account: str) -> str:
    async with http.get(url, params={"sandbox_account": account, "sandbox_decision": "approve"},
                        allow_redirects=False) as response:
        assert response.status == 302, await response.text()
        return response.headers["Location"]


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def test_a_twitter_link_with_only_the_network_uses_the_networks_callback(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/social/twitter/link", headers=digest(stack))
    assert status == 200, body
    back = await follow_consent(http, body["data"]["url"], "bob")
    assert back.startswith(DEMO_CREDENTIALS["twitter"]["callback_url"] + "?")
    assert {"oauth_token", "oauth_verifier"} <= set(query_of(back))


async def test_social_authenticate_takes_the_documents_query_parameters(stack, http):
    redirect = "https://app.example/social-callback"
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/social/facebook/link",
                              params={"redirect_uri": redirect}, headers=digest(stack))
    code = query_of(await follow_consent(http, body["data"]["url"], "alice"))["code"]
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/social/facebook/authenticate", headers=digest(stack),
                              params={"code": code, "redirect_uri": redirect, "url": "https://app.example/home"})
    assert status == 200, body
    assert body["data"]["token"] and body["data"]["user_id"]


async def test_twitter_authenticate_takes_its_parameters_from_the_query_string(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/social/twitter/link",
                              params={"redirect_uri": "https://app.example/tw"}, headers=digest(stack))
    url = body["data"]["url"]
    back = query_of(await follow_consent(http, url, "bob"))
    params = {"oauth_token": back["oauth_token"], "oauth_verifier": back["oauth_verifier"],
              "oauth_token_secret": query_of(url)["oauth_token_secret"]}
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/social/twitter/authenticate", headers=digest(stack),
                              params=params)
    assert status == 200, body


async def test_bank_accounts_sent_as_one_object_as_the_post_users_table_shows(stack, http):
    email = f"banker-{secrets.token_hex(3)}@demo.example"
    account = {"bank_name": "First Bank", "bank_account_number": "12345678", "bank_currency": "EUR"}
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/users", headers=digest(stack),
                              json={"email": email, "password": "correct horse battery", "url": "https://app.example/v",
                                    "bank_accounts": account})
    assert status == 200, body
    user_id, secret = link_parameters(await Mailbox(Path(stack.env["CV_MAIL_DIR"])).wait_for(email, "Confirm your email"))
    await call(http, "POST", f"{stack.url}/v1/demo/public/verifyEmail", json={"user_id": user_id, "secret": secret})
    auth = {"cv-auth": cv_auth_header(stack.demo.api_key, stack.demo.api_secret, email, "correct horse battery")}
    status, body = await call(http, "PATCH", f"{stack.url}/v1/demo/self", headers=auth,
                              json={"bank_accounts": {"bank_name": "Second Bank", "bank_country": "FR",
                                                      "bank_address": {"street_address": "1 Rue X", "city": "Paris"}}})
    assert status == 200, body
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth)
    accounts = body["data"]["user"]["bank_accounts"]
    assert [(a["bank_name"], a["bank_currency"], a["bank_country"], a["bank_address"]) for a in accounts] == [
        ("First Bank", "EUR", None, None), ("Second Bank", None, "FR", "1 Rue X, Paris")]  # an Address kept as a line


async def published_offering(stack, http, cast, world, **fields) -> int:
    """An offering taking investments (the world's organization is approved)."""
    offering_id = await create_offering(stack, http, cast, **fields)
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    return offering_id


async def invest(stack, http, who: Person, offering_id: int, amount: str, **fields) -> tuple[int, dict]:
    return await call(http, "POST", f"{stack.url}/v1/demo/offerings/{offering_id}/investments", headers=who.headers,
                      json={"investment_amount": amount} | fields)


async def test_an_investment_past_the_overfunding_cap_is_refused_at_submission(stack, http, cast, world):
    offering_id = await published_offering(stack, http, cast, world, max_overfunding_amount="5000")
    assert (await invest(stack, http, cast.user, offering_id, "4000", life_cycle_stage=2))[0] == 200
    assert_error(*await invest(stack, http, cast.vip, offering_id, "1000.01"), 409, 12105)  # Open, the client default
    status, body = await invest(stack, http, cast.vip, offering_id, "1000")
    assert status == 200, body
    investment_id = body["data"]["investment_id"]
    assert_error(*await invest(stack, http, cast.vip, offering_id, "0.01"), 409, 12105)  # the Open one holds its place
    assert_error(*await call(http, "PATCH", f"{stack.url}/v1/demo/investments/{investment_id}", headers=cast.vip.headers,
                             json={"investment_amount": "1000.01"}), 409, 12105)
    status, body = await call(http, "PATCH", f"{stack.url}/v1/demo/investments/{investment_id}", headers=cast.vip.headers,
                              json={"investment_amount": "900"})  # a smaller commitment always fits
    assert status == 200, body
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/offerings/{offering_id}/investments",
                              headers=cast.admin.headers)
    assert sorted(i["investment_amount"] for i in body["data"]["list"]) == ["4000.00", "900.00"]


async def test_simultaneous_submissions_never_pass_the_overfunding_cap(stack, http, cast, world):
    offering_id = await published_offering(stack, http, cast, world, max_overfunding_amount="10000")
    answers = await asyncio.gather(*(invest(stack, http, cast.user, offering_id, "500") for _ in range(30)))
    accepted = [body for status, body in answers if status == 200]
    refused = [body for status, body in answers if status != 200]
    assert len(accepted) == 20 and all(body["data"]["code"] == 12105 for body in refused), refused[:1]


async def test_the_contact_point_hands_over_so_its_former_holder_can_be_removed(stack, http, cast, world):
    url = f"{stack.url}/v1/demo/organizations"
    status, body = await call(http, "POST", url, headers=cast.author.headers, json={"display_name": "Hand over"})
    org = f"{url}/{body['data']['organization_id']}"
    for member in (cast.user, cast.vip):
        assert (await call(http, "POST", f"{org}/members/{member.user_id}", headers=cast.author.headers))[0] == 200
    assert_error(*await call(http, "DELETE", f"{org}/members/{cast.author.user_id}", headers=cast.admin.headers), 409, 11013)
    assert_error(*await call(http, "POST", f"{org}/members/{cast.vip.user_id}", headers=cast.user.headers,
                             json={"contact_point": True}), 403, 11015)  # a plain member changes nothing
    status, body = await call(http, "POST", f"{org}/members/{cast.user.user_id}", headers=cast.author.headers,
                              json={"contact_point": True})
    assert status == 200, body
    assert_error(*await call(http, "POST", f"{org}/members/{cast.vip.user_id}", headers=cast.author.headers,
                             json={"contact_point": True}), 403, 11033)  # an author who no longer holds it
    organization = (await call(http, "GET", org, headers=cast.admin.headers))[1]["data"]["organization"]
    assert organization["contact_point"] == cast.user.user_id
    assert {m["user_id"]: m["member_type"] for m in organization["members"]}[cast.user.user_id] == "author"
    status, body = await call(http, "DELETE", f"{org}/members/{cast.author.user_id}", headers=cast.user.headers)
    assert status == 200, body
    status, body = await call(http, "POST", f"{org}/members/{cast.vip.user_id}", headers=cast.admin.headers,
                              json={"contact_point": 1})  # an admin hands it over too, in the SDK's boolean form
    assert status == 200, body
    organization = (await call(http, "GET", org, headers=cast.admin.headers))[1]["data"]["organization"]
    assert organization["contact_point"] == cast.vip.user_id


async def test_a_viewer_without_deal_room_access_gets_an_empty_list(stack, http, cast, world):
    offering_id = await published_offering(stack, http, cast, world)
    await call(http, "POST", f"{stack.url}/v1/demo/offerings/{offering_id}/dealrooms", headers=cast.author.headers)
    outsider = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "outsider")
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/offerings/{offering_id}/dealrooms",
                              headers=outsider.headers)
    assert (status, body["data"]["count"], body["data"]["list"]) == (200, 0, []), body
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/offerings/{offering_id}/dealrooms",
                              headers=cast.author.headers)
    assert (status, body["data"]["count"]) == (200, 1)


async def test_where_the_document_names_a_field_twice_both_names_are_read(stack, http, cast, world):
    """The choices docs/compatibility.md lists: each spelling the document uses is accepted."""
    url = f"{stack.url}/v1/demo"
    someone = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "speller")
    for change in ({"timezone": "Europe/Paris", "passport_expiry": "1230"},  # the tables' names and MMYY
                   {"time_zone": "Europe/Rome", "passport_expiry": "2030-12-31"}):  # the answers' name and Y-m-d
        status, body = await call(http, "PATCH", f"{url}/self", headers=someone.headers, json=change)
        assert status == 200, body
        user = (await call(http, "GET", f"{url}/self", headers=someone.headers))[1]["data"]["user"]
        assert (user["time_zone"], user["passport_expiry"]) == (change.get("timezone", change.get("time_zone")),
                                                                 change["passport_expiry"])
    password = "correct horse battery"
    for current in ("password", "current_password"):  # the table's name, then the sample's
        new = f"{current} staple battery"
        status, body = await call(http, "POST", f"{url}/self/changePassword", headers=someone.headers,
                                  json={current: password, "new_password": new, "new_password_confirm": new})
        assert status == 200, body
        someone.headers, password = {"jwt-auth": body["data"]["token"]}, new
    status, body = await call(http, "POST", f"{url}/topics/{world['topic_id']}/posts", headers=cast.author.headers,
                              json={"body": "Named twice"})
    assert status == 200 and body["data"]["post_id"] == body["data"]["topic_id"], body  # the sample says topic_id
