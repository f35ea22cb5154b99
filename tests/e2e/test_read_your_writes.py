"""Read your own writes across services: a client's next call sees what its last answered call
did, whatever the events have got to. Each pair runs back to back a hundred times, with no
pause and no retry, while another client keeps identity's events flowing. This module runs
first in the tier (see conftest), on the freshly started stack."""

import asyncio
import secrets
from pathlib import Path

import pytest
from actors import PASSWORD, Person, call, create_offering, login, move, person

from common.testing import assert_error
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox, link_parameters

ROUNDS = 100


@pytest.fixture(scope="module")
async def churn(stack, http, cast):
    """Identity events of other people all along: profile changes and new organizations."""
    async def keep_changing() -> None:
        for n in range(10**6):
            await call(http, "PATCH", f"{stack.url}/v1/demo/self", headers=cast.vip.headers,
                       json={"tagline": f"change {n}"})
            if n % 5 == 0:
                await call(http, "POST", f"{stack.url}/v1/demo/organizations", headers=cast.vip.headers,
                           json={"display_name": f"Churn {n}"})

    task = asyncio.create_task(keep_changing())
    yield
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


@pytest.fixture(scope="module")
async def live_offering(stack, http, cast) -> int:
    """An offering of the cast's organization that takes investments, with a deal room."""
    url = f"{stack.url}/v1/demo/organizations/{cast.organization_id}"
    await call(http, "PATCH", url, headers=cast.author.headers, json={"life_cycle_stage": 1})
    await call(http, "PATCH", url, headers=cast.admin.headers, json={"life_cycle_stage": 3})
    offering_id = await create_offering(stack, http, cast, funding_goal="100000000", name="Open round")
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5, 6):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    return offering_id


async def invest(stack, http, who: Person, offering_id: int, network: str = "demo") -> tuple[int, dict]:
    return await call(http, "POST", f"{stack.url}/v1/{network}/offerings/{offering_id}/investments",
                      headers=who.headers, json={"investment_amount": "10.00", "life_cycle_stage": 2})


async def test_a_new_organization_takes_its_first_offering_at_once(stack, http, cast, churn):
    for round_ in range(ROUNDS):
        status, body = await call(http, "POST", f"{stack.url}/v1/demo/organizations", headers=cast.author.headers,
                                  json={"display_name": f"Fresh {round_}"})
        assert status == 200, body
        organization_id = body["data"]["organization_id"]
        status, body = await call(http, "POST", f"{stack.url}/v1/demo/organizations/{organization_id}/offerings",
                                  headers=cast.author.headers, json={"funding_goal": "1000.00", "name": "First"})
        assert status == 200, (round_, body)


async def test_a_member_edits_the_offering_at_once_and_a_removed_one_no_longer_can(stack, http, cast, churn):
    offering_id = await create_offering(stack, http, cast, name="Team round")
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    member = await person(stack, http, mailbox, "member")
    members = f"{stack.url}/v1/demo/organizations/{cast.organization_id}/members/{member.user_id}"
    offering = f"{stack.url}/v1/demo/offerings/{offering_id}"
    for round_ in range(ROUNDS):
        status, body = await call(http, "POST", members, headers=cast.author.headers)
        assert status == 200, body
        status, body = await call(http, "PATCH", offering, headers=member.headers, json={"name": f"Edit {round_}"})
        assert status == 200, (round_, body)
        status, body = await call(http, "DELETE", members, headers=cast.author.headers)
        assert status == 200, body
        status, body = await call(http, "PATCH", offering, headers=member.headers, json={"name": "Not any more"})
        assert status in (403, 404), (round_, body)


@pytest.mark.timeout(900)  # a hundred sign-ups, each a verified email and a log-in (argon2 both times)
async def test_a_new_user_invests_creates_an_organization_and_posts_at_once(stack, http, cast, live_offering, churn):
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/offerings/{live_offering}/dealrooms",
                              headers=cast.author.headers)
    assert status == 200, body
    room = body["data"]["deal_room_id"]
    for round_ in range(ROUNDS):
        newcomer = await person(stack, http, mailbox, f"newcomer{round_}")
        status, body = await invest(stack, http, newcomer, live_offering)
        assert status == 200, (round_, body)
        status, body = await call(http, "POST", f"{stack.url}/v1/demo/organizations", headers=newcomer.headers,
                                  json={"display_name": f"Newcomer {round_}"})
        assert status == 200, (round_, body)
        status, body = await call(http, "POST", f"{stack.url}/v1/demo/dealrooms/{room}/topics", headers=newcomer.headers,
                                  json={"title": f"Question {round_}"})
        assert status == 200, (round_, body)


@pytest.mark.timeout(600)  # a hundred log-ins after an unblock (argon2 each time)
async def test_a_block_is_refused_everywhere_at_once_and_an_unblock_accepted(stack, http, cast, live_offering, churn):
    """A block also ends the user's sessions (as before); once unblocked they log in and every
    service takes them back at once."""
    someone = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "blocked")
    email = (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=someone.headers))[1]["data"]["user"]["email"]
    admin_users = f"{stack.url}/v1/demo/admin/users/{someone.user_id}"
    for round_ in range(ROUNDS):
        status, body = await call(http, "POST", f"{admin_users}/block", headers=cast.admin.headers, json={})
        assert status == 200, body
        assert_error(*await call(http, "GET", f"{stack.url}/v1/demo/self", headers=someone.headers), 401, 10211)
        status, body = await invest(stack, http, someone, live_offering)
        assert status in (401, 403), (round_, body)
        status, body = await call(http, "POST", f"{admin_users}/unblock", headers=cast.admin.headers, json={})
        assert status == 200, body
        someone.headers = await login(stack, http, email)
        status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=someone.headers)
        assert status == 200, (round_, body)
        status, body = await invest(stack, http, someone, live_offering)
        assert status == 200, (round_, body)


@pytest.fixture(scope="module")
async def other_network(stack, http):
    """The other network's admin, its organization's live offering, and a way to change its
    settings as its admins do; the settings are put back afterwards."""
    admin = Person(stack.other.admin_user_id, await login(stack, http, stack.other.admin_email,
                                                          stack.other.admin_password, network="other"))
    base = f"{stack.url}/v1/other"
    status, body = await call(http, "POST", f"{base}/organizations", headers=admin.headers, json={"display_name": "Other Co"})
    assert status == 200, body
    organization_id = body["data"]["organization_id"]
    for stage in (1, 3):
        await call(http, "PATCH", f"{base}/organizations/{organization_id}", headers=admin.headers,
                   json={"life_cycle_stage": stage})
    status, body = await call(http, "POST", f"{base}/organizations/{organization_id}/offerings", headers=admin.headers,
                              json={"funding_goal": "100000000", "name": "Other round"})
    assert status == 200, body
    offering_id = body["data"]["offering_id"]
    for stage in (1, 3, 5, 6):
        status, body = await call(http, "PATCH", f"{base}/offerings/{offering_id}", headers=admin.headers,
                                  json={"life_cycle_stage": stage})
        assert status == 200, body

    async def settings(**changes) -> None:
        status, body = await call(http, "PATCH", f"{base}/admin/settings", headers=admin.headers, json=changes)
        assert status == 200, body

    yield admin, offering_id, settings
    await settings(investment_requirements=[], auto_approve_investments=True)


async def test_accepting_the_terms_lets_the_next_investment_through(stack, http, other_network, churn):
    _, offering_id, settings = other_network
    await settings(investment_requirements=["term_service_accepted"])
    investor = await other_person(stack, http)
    for round_ in range(ROUNDS):
        status, body = await call(http, "POST", f"{stack.url}/v1/other/self/resetAcceptTerms", headers=investor.headers)
        assert status == 200, body
        assert_error(*await invest(stack, http, investor, offering_id, "other"), 403, 12109)
        status, body = await call(http, "POST", f"{stack.url}/v1/other/self/acceptTerms", headers=investor.headers)
        assert status == 200, body
        status, body = await invest(stack, http, investor, offering_id, "other")
        assert status == 200, (round_, body)


async def test_the_next_investment_follows_the_networks_new_settings(stack, http, other_network, churn):
    _, offering_id, settings = other_network
    await settings(investment_requirements=[])
    investor = await other_person(stack, http)
    for round_ in range(ROUNDS):
        approving = round_ % 2 == 0
        await settings(auto_approve_investments=approving)
        status, body = await invest(stack, http, investor, offering_id, "other")
        assert status == 200, (round_, body)
        investment = body["data"]
        status, body = await call(http, "GET", f"{stack.url}/v1/other/investments/{investment['investment_id']}",
                                  headers=investor.headers)
        assert body["data"]["investment"]["life_cycle_stage"] == (2 if approving else 0), (round_, body)


async def other_person(stack, http) -> Person:
    """A verified user of the other network, logged in."""
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    keys = stack.other
    email = f"investor-{secrets.token_hex(3)}@other.example"
    front_end = {"cv-auth": cv_auth_header(keys.api_key, keys.api_secret)}
    status, body = await call(http, "POST", f"{stack.url}/v1/other/users", headers=front_end,
                              json={"email": email, "password": PASSWORD, "url": "https://app.example/v", "given_name": "O"})
    assert status == 200, body
    user_id, secret = link_parameters(await mailbox.wait_for(email, "Confirm your email"))
    status, body = await call(http, "POST", f"{stack.url}/v1/other/public/verifyEmail", headers=front_end,
                              json={"user_id": user_id, "secret": secret})
    assert status == 200, body
    return Person(user_id, await login(stack, http, email, network="other"))
