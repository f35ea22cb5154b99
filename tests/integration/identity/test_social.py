"""Social login against the provider sandbox: the three real flows, linking rules, failures."""

from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from common.http.principal import Principal
from common.testing import assert_error
from common.testing.mail import link_parameters
from identity.service.networks import OperatorError, set_provider_credentials

REDIRECT = "https://app.example/social-callback"
CREDENTIALS = {
    "facebook": {"client_id": "fb-app", "client_secret": "fb-app-secret"},
    "linkedin": {"client_id": "li-app", "client_secret": "li-app-secret"},
    "twitter": {"consumer_key": "tw-app", "consumer_secret": "tw-app-secret", "callback_url": REDIRECT},
}


@pytest.fixture(scope="module", autouse=True)
async def demo_has_provider_apps(identity):
    async with identity.operator() as uow:
        for provider, credentials in CREDENTIALS.items():
            await set_provider_credentials(uow, "demo", provider, credentials)
        await uow.commit()


def app_key(network: str = "demo") -> Principal:
    return Principal(network=network, via_api_key=True)


async def add_account(identity, account_id: str, email: str | None, verified: bool = True) -> None:
    async with aiohttp.ClientSession() as http:
        await http.post(f"{identity.social_sandbox_url}/_sandbox/accounts",
                        json={"id": account_id, "name": f"{account_id.title()} Person", "given_name": account_id.title(),
                              "family_name": "Person", "email": email, "email_verified": verified})


async def consent(url: str, account: str, decision: str = "approve") -> dict[str, str]:
    """Approve (or deny) on the provider's consent page; the query the provider sends back."""
    async with aiohttp.ClientSession() as http:
        async with http.get(url, params={"sandbox_account": account, "sandbox_decision": decision},
                            allow_redirects=False) as response:
            assert response.status == 302, await response.text()
            location = response.headers["Location"]
    assert location.startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def link(identity, provider: str, network: str = "demo") -> tuple[int, dict]:
    return await identity.call("GET", f"/v1/{network}/social/{provider}/link?redirect_uri={REDIRECT}", app_key(network))


async def log_in_with(identity, provider: str, account: str) -> tuple[int, dict]:
    status, body = await link(identity, provider)
    assert status == 200, body
    back = await consent(body["data"]["url"], account)
    if provider == "twitter":
        secret = parse_qs(urlsplit(body["data"]["url"]).query)["oauth_token_secret"][0]
        payload = {"oauth_token": back["oauth_token"], "oauth_token_secret": secret, "oauth_verifier": back["oauth_verifier"]}
    else:
        payload = {"code": back["code"], "redirect_uri": REDIRECT, "url": "https://app.example/home"}
    return await identity.call("POST", f"/v1/demo/social/{provider}/authenticate", app_key(), json=payload)


async def user(identity, user_id: int) -> dict:
    return (await identity.call("GET", "/v1/demo/self", Principal(network="demo", user_id=user_id)))[1]["data"]["user"]


@pytest.mark.parametrize("provider", ["facebook", "linkedin"])
async def test_first_login_creates_a_verified_user_and_later_ones_find_it(identity, provider):
    account = f"{provider}-new"
    await add_account(identity, account, f"{account}@social.example")
    status, body = await log_in_with(identity, provider, account)
    assert status == 200, body
    user_id, token = body["data"]["user_id"], body["data"]["token"]
    assert (await identity.authenticate("demo", {"kind": "token", "token": token}))[0] == 200
    created = await user(identity, user_id)
    assert (created["email"], created["email_verified"], created["given_name"]) == (
        f"{account}@social.example", True, account.title())
    status, body = await log_in_with(identity, provider, account)
    assert body["data"]["user_id"] == user_id


async def test_twitter_three_legged_login(identity):
    status, body = await link(identity, "twitter")
    query = parse_qs(urlsplit(body["data"]["url"]).query)
    assert "oauth_token" in query and "oauth_token_secret" in query
    status, body = await log_in_with(identity, "twitter", "bob")
    assert status == 200, body
    created = await user(identity, body["data"]["user_id"])
    assert created["email_verified"] is False and created["email"].endswith("@social.invalid")


async def test_an_existing_account_is_linked_only_when_the_provider_and_our_mailed_link_verified_the_email(identity):
    user_id, email = await identity.registered()
    await add_account(identity, "linker", email)
    status, body = await log_in_with(identity, "linkedin", "linker")
    assert_error(status, body, 409, 11019)  # our side has not verified it yet
    async with identity.pool.acquire() as conn:  # a verified flag alone does not do
        await conn.execute("UPDATE users SET email_verified = true WHERE id = $1", user_id)
    status, body = await log_in_with(identity, "linkedin", "linker")
    assert_error(status, body, 409, 11019)
    async with identity.pool.acquire() as conn:
        await conn.execute("UPDATE users SET email_verified = false WHERE id = $1", user_id)
    _, secret = link_parameters(await identity.mailbox.wait_for(email, "Confirm your email"))
    status, body = await identity.call("POST", "/v1/demo/public/verifyEmail", Principal(network="demo"),
                                       json={"user_id": user_id, "secret": secret})
    assert status == 200, body  # our own link, mailed to that very address
    status, body = await log_in_with(identity, "linkedin", "linker")
    assert (status, body["data"]["user_id"]) == (200, user_id)
    await add_account(identity, "unsure", email, verified=False)
    status, body = await log_in_with(identity, "linkedin", "unsure")
    assert_error(status, body, 409, 11019)  # the provider does not vouch for it


async def test_denied_consent_reused_codes_and_forged_verifiers_fail(identity):
    status, body = await link(identity, "facebook")
    back = await consent(body["data"]["url"], "alice", decision="deny")
    assert back["error"] == "access_denied"
    status, body = await identity.call("POST", "/v1/demo/social/facebook/authenticate", app_key(),
                                       json={"code": "made-up", "redirect_uri": REDIRECT})
    assert_error(status, body, 401, 11018)
    status, body = await link(identity, "facebook")
    code = (await consent(body["data"]["url"], "alice"))["code"]
    payload = {"code": code, "redirect_uri": REDIRECT}
    assert (await identity.call("POST", "/v1/demo/social/facebook/authenticate", app_key(), json=payload))[0] == 200
    assert_error(*await identity.call("POST", "/v1/demo/social/facebook/authenticate", app_key(), json=payload), 401, 11018)
    status, body = await link(identity, "twitter")
    token = (await consent(body["data"]["url"], "alice"))["oauth_token"]
    secret = parse_qs(urlsplit(body["data"]["url"]).query)["oauth_token_secret"][0]
    status, body = await identity.call("POST", "/v1/demo/social/twitter/authenticate", app_key(),
                                       json={"oauth_token": token, "oauth_token_secret": secret, "oauth_verifier": "forged"})
    assert_error(status, body, 401, 11018)


async def test_a_network_without_the_providers_app_cannot_offer_it(identity):
    assert_error(*await link(identity, "facebook", network="other"), 400, 11017)


async def test_the_link_needs_a_redirect_uri(identity):
    status, body = await identity.call("GET", "/v1/demo/social/facebook/link", app_key())
    assert_error(status, body, 400, 10100)


async def test_a_blocked_user_cannot_log_in_socially(identity):
    await add_account(identity, "blocked-social", "blocked-social@social.example")
    status, body = await log_in_with(identity, "facebook", "blocked-social")
    user_id = body["data"]["user_id"]
    status, _ = await identity.call("POST", "/v1/demo/self/blockUser", Principal(network="demo", user_id=user_id),
                                    json={"user_message": "Blocked for review"})
    status, body = await log_in_with(identity, "facebook", "blocked-social")
    assert_error(status, body, 401, 10211)
    assert body["data"]["user_message"] == "Blocked for review"


async def test_a_twitter_app_needs_its_callback_since_the_documents_link_takes_none(identity):
    async with identity.operator() as uow:
        with pytest.raises(OperatorError, match="callback_url"):
            await set_provider_credentials(uow, "demo", "twitter", {"consumer_key": "k", "consumer_secret": "s"})
    async with identity.pool.acquire() as conn:
        # an app stored before callback_url was required: the link names what is missing
        await conn.execute("UPDATE networks SET provider_credentials = provider_credentials || "
                           "'{\"twitter\": {\"consumer_key\": \"k\", \"consumer_secret\": \"s\"}}' WHERE name = 'other'")
    status, body = await identity.call("GET", "/v1/other/social/twitter/link", app_key("other"))
    assert_error(status, body, 400, 11017)
    assert "callback_url" in body["data"]["developer_message"]
