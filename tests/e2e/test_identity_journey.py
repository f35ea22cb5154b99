"""A user's journey through the gateway: register, verify by mail, log in, profile, organization,
members, forgotten password, and an admin's block that takes effect at once."""

import secrets
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from actors import reset_password, sandbox_account

from common.testing import assert_error, wait_until
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox, link_parameters

PASSWORD = "correct horse battery"


async def call(http, method: str, url: str, **kwargs) -> tuple[int, dict]:
    async with http.request(method, url, **kwargs) as response:
        return response.status, await response.json()


def digest(creds, email: str | None = None, password: str | None = None) -> dict[str, str]:
    return {"cv-auth": cv_auth_header(creds.api_key, creds.api_secret, email, password)}


async def sign_up(stack, http, mailbox: Mailbox, email: str, given_name: str) -> int:
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/users", headers=digest(stack.demo),
                              json={"email": email, "password": PASSWORD, "url": "https://app.example/verify",
                                    "given_name": given_name})
    assert status == 200, body
    user_id, secret = link_parameters(await mailbox.wait_for(email, "Confirm your email"))
    assert user_id == body["data"]["user_id"]
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/verifyEmail",
                              json={"user_id": user_id, "secret": secret})
    assert status == 200, body
    return user_id


async def token_for(stack, http, email: str, password: str) -> str:
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/authenticate", headers=digest(stack.demo, email, password))
    assert status == 200, body
    return body["data"]["token"]


async def refused_soon(stack, http, auth: dict[str, str], code: int) -> dict:
    """The gateway drops a cached session as soon as identity's revocation event reaches it."""

    async def refused() -> bool:
        return (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth))[0] == 401

    await wait_until(refused, timeout=5)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth)
    assert_error(status, body, 401, code)
    return body


async def test_a_users_journey(stack, http):
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    email, colleague_email = f"ada-{secrets.token_hex(3)}@demo.example", f"bob-{secrets.token_hex(3)}@demo.example"
    user_id = await sign_up(stack, http, mailbox, email, "Ada")
    colleague_id = await sign_up(stack, http, mailbox, colleague_email, "Bob")
    auth = {"jwt-auth": await token_for(stack, http, email, PASSWORD)}

    status, body = await call(http, "PATCH", f"{stack.url}/v1/demo/self", headers=auth,
                              json={"tagline": "Angel investor", "address": {"city": "Lisbon"}})
    assert status == 200, body
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth)
    user = body["data"]["user"]
    assert (user["email_verified"], user["tagline"], user["address"]["city"]) == (True, "Angel investor", "Lisbon")

    status, body = await call(http, "POST", f"{stack.url}/v1/demo/organizations", headers=auth,
                              json={"display_name": "Ada Ventures"})
    organization_id = body["data"]["organization_id"]
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/organizations/{organization_id}/members/{colleague_id}",
                              headers=auth)
    assert status == 200, body
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/organizations/{organization_id}", headers=auth)
    assert {m["user_full_name"] for m in body["data"]["organization"]["members"]} == {"Ada", "Bob"}

    await reset_password(stack, http, mailbox, email, "a new long phrase")
    await refused_soon(stack, http, auth, 10209)  # the reset revoked the old session
    auth = {"Authorization": f"Bearer {await token_for(stack, http, email, 'a new long phrase')}"}
    assert (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth))[0] == 200

    admin = {"cv-auth": await token_for(stack, http, stack.demo.admin_email, stack.demo.admin_password)}
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/admin/users/{user_id}/block", headers=admin,
                              json={"user_message": "Your account is under review"})
    assert status == 200, body
    body = await refused_soon(stack, http, auth, 10211)
    assert body["data"]["user_message"] == "Your account is under review"


async def test_the_admin_api_is_for_admins_only(stack, http):
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    email = f"eve-{secrets.token_hex(3)}@demo.example"
    await sign_up(stack, http, mailbox, email, "Eve")
    auth = {"cv-auth": await token_for(stack, http, email, PASSWORD)}
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/admin/users", headers=auth)
    assert_error(status, body, 403, 10113)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/admin/users")
    assert_error(status, body, 401, 10200)


async def follow_consent(http, url: str, account: str) -> dict[str, str]:
    async with http.get(url, params={"sandbox_account": account, "sandbox_decision": "approve"},
                        allow_redirects=False) as response:
        assert response.status == 302, await response.text()
        return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()}


# alice's email is verified by Facebook; LinkedIn's lena has her own (an address is linked to an existing
# user only once our own mailed link verified it); Twitter's email is not trusted, so bob (no email) there
@pytest.mark.parametrize(("provider", "account"), [("facebook", "alice"), ("linkedin", "lena"), ("twitter", "bob")])
async def test_logging_in_through_each_social_provider(stack, http, provider, account):
    redirect = "https://app.example/social-callback"
    if account == "lena":
        await sandbox_account(stack, http, account, f"{account}@social.example")
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/social/{provider}/link",
                              params={"redirect_uri": redirect}, headers=digest(stack.demo))
    assert status == 200, body
    url = body["data"]["url"]
    back = await follow_consent(http, url, account)
    if provider == "twitter":
        payload = {"oauth_token": back["oauth_token"], "oauth_verifier": back["oauth_verifier"],
                   "oauth_token_secret": parse_qs(urlsplit(url).query)["oauth_token_secret"][0]}
    else:
        payload = {"code": back["code"], "redirect_uri": redirect, "url": "https://app.example/home"}
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/social/{provider}/authenticate",
                              headers=digest(stack.demo), json=payload)
    assert status == 200, body
    status, me = await call(http, "GET", f"{stack.url}/v1/demo/self", headers={"jwt-auth": body["data"]["token"]})
    assert (status, me["data"]["user"]["id"]) == (200, body["data"]["user_id"])


async def test_social_login_needs_the_networks_api_key(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/social/facebook/link",
                              params={"redirect_uri": "https://app.example/cb"})
    assert_error(status, body, 401, 10200)
