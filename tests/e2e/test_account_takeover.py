"""Account takeover through mailed links, reset secrets and verification secrets, tried through
the gateway as an attacker would. The stack registers https://app.example as the front-end of
both networks (conftest); every other place a link could point is refused."""

import secrets
from pathlib import Path

import asyncpg
import pytest
from actors import sandbox_account

from common.json import loads
from common.testing import NetworkCredentials, assert_error, wait_until
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox, link_parameters

PASSWORD = "correct horse battery"
FRONT_END = "https://app.example"
ATTACKERS_URLS = [
    "https://evil.example/steal",
    "javascript:alert(document.cookie)//https://app.example/",
    "data:text/html,<script>alert(1)</script>",
    "app.example/reset",
    "//app.example/reset",
    "https://app.example@evil.example/steal",
    "https://app.example:pw@evil.example/steal",
    "http://app.example/reset",
    "https://app.example:8443/reset",
    "https://app.example.evil.example/reset",
    'https://app.example/reset"><script>alert(1)</script>',
    "https://app.example/reset\r\nBcc: victim@demo.example",
    "https://app.example\\@evil.example/",
]


async def call(http, method: str, url: str, **kwargs) -> tuple[int, dict]:
    async with http.request(method, url, **kwargs) as response:
        return response.status, await response.json()


def digest(creds, email: str | None = None, password: str | None = None) -> dict[str, str]:
    return {"cv-auth": cv_auth_header(creds.api_key, creds.api_secret, email, password)}


def mailbox(stack) -> Mailbox:
    return Mailbox(Path(stack.env["CV_MAIL_DIR"]))


async def identity_db(stack) -> asyncpg.Connection:
    return await asyncpg.connect(f"{stack.env['CV_DATABASE_URL'].rstrip('/')}/{stack.env['CV_IDENTITY_DATABASE']}")


async def mail_and_secrets(stack, email: str) -> tuple[int, int]:
    """How many mails were ever queued to ``email``, and how many one-time secrets its user has."""
    conn = await identity_db(stack)
    try:
        mails = await conn.fetchval("SELECT count(*) FROM mail_outbox WHERE lower(recipient) = lower($1)", email)
        kept = await conn.fetchval("SELECT count(*) FROM user_secrets s JOIN users u ON u.id = s.user_id "
                                   "WHERE lower(u.email) = lower($1)", email)
    finally:
        await conn.close()
    return mails, kept


def new_email(name: str) -> str:
    return f"{name}-{secrets.token_hex(4)}@demo.example"


async def registered(stack, http, email: str, verify: bool = True) -> tuple[int, str]:
    """A new demo user (verified by the mailed link unless told otherwise) and the secret mailed."""
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/users", headers=digest(stack.demo),
                              json={"email": email, "password": PASSWORD, "url": f"{FRONT_END}/verify"})
    assert status == 200, body
    user_id, secret = link_parameters(await mailbox(stack).wait_for(email, "Confirm your email"))
    if verify:
        status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/verifyEmail", headers=digest(stack.demo),
                                  json={"user_id": user_id, "secret": secret})
        assert status == 200, body
    return user_id, secret


async def session(stack, http, email: str, password: str = PASSWORD) -> dict[str, str]:
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/authenticate", headers=digest(stack.demo, email, password))
    assert status == 200, body
    return {"jwt-auth": body["data"]["token"]}


def assert_url_refused(status: int, body: dict, field: str = "url") -> None:
    assert status == 400 and body["outcome"] == "error", body
    assert field in body["data"]["fields"], body
    assert body["data"]["user_message"] and body["data"]["developer_message"]


# Mailed links go anywhere

@pytest.mark.parametrize("url", ATTACKERS_URLS)
async def test_forgot_password_with_an_attackers_url_mails_the_victim_nothing(stack, http, url):
    victim = new_email("victim")
    await registered(stack, http, victim)
    before = await mail_and_secrets(stack, victim)
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/forgotPassword", headers=digest(stack.demo),
                              json={"email": victim, "url": url})
    assert_url_refused(status, body)
    assert body["data"]["code"] == 11030
    assert await mail_and_secrets(stack, victim) == before


async def test_every_endpoint_that_mails_a_link_refuses_an_attackers_url(stack, http):
    evil = "https://evil.example/steal"
    email = new_email("attacker")
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/users", headers=digest(stack.demo),
                              json={"email": email, "password": PASSWORD, "url": evil})
    assert_url_refused(status, body)
    assert await mail_and_secrets(stack, email) == (0, 0)  # and no user was made
    await registered(stack, http, email, verify=False)
    auth = await session(stack, http, email)
    before = await mail_and_secrets(stack, email)
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/resendVerificationEmail", headers=auth,
                              json={"url": evil})
    assert_url_refused(status, body)
    moved = new_email("moved")
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/changeEmail", headers=auth,
                              json={"verify_email_url": evil, "new_email": moved, "new_email_confirm": moved})
    assert_url_refused(status, body, "verify_email_url")
    friend = new_email("friend")
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/invitations", headers=auth,
                              json={"email": friend, "url": evil})
    assert_url_refused(status, body)
    assert await mail_and_secrets(stack, email) == before
    assert await mail_and_secrets(stack, friend) == (0, 0)
    status, me = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth)
    assert me["data"]["user"]["email"] == email


async def test_links_are_built_on_the_registered_front_end_and_stay_inside_the_href(stack, http):
    victim = new_email("victim")
    await registered(stack, http, victim)
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/forgotPassword", headers=digest(stack.demo),
                              json={"email": victim, "url": f"{FRONT_END}/reset?from=mail&lang=pt#top"})
    assert status == 200, body
    message = await mailbox(stack).wait_for(victim, "Reset your password")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{FRONT_END}/reset?from=mail&amp;lang=pt&amp;user_id=' in html
    friend = new_email("friend")
    auth = await session(stack, http, victim)
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/invitations", headers=auth,
                              json={"email": friend, "url": f"{FRONT_END}/join"})
    assert status == 200, body
    invitation = await mailbox(stack).wait_for(friend, "You are invited")
    assert f"{FRONT_END}/join?invitation_id={body['data']['invitation_id']}" in invitation.get_body(("plain",)).get_content()


async def test_a_network_without_a_registered_front_end_mails_no_link(stack, http):
    name = f"bare-{secrets.token_hex(3)}"
    admin_email, admin_password = f"admin@{name}.example", secrets.token_urlsafe(12)
    created = stack.cvctl("network", "create", name, "--admin-email", admin_email, "--admin-password", admin_password)
    assert created.returncode == 0, created.stderr
    status, body = await call(http, "POST", f"{stack.url}/v1/{name}/public/forgotPassword",
                              json={"email": admin_email, "url": f"{FRONT_END}/reset"})
    assert_url_refused(status, body)
    assert body["data"]["code"] == 11031 and "frontend_urls" in body["data"]["developer_message"]
    registered_now = stack.cvctl("network", "settings", name, f'{{"frontend_urls": ["{FRONT_END}"]}}')
    assert registered_now.returncode == 0, registered_now.stderr
    status, body = await call(http, "POST", f"{stack.url}/v1/{name}/public/forgotPassword",
                              json={"email": admin_email, "url": f"{FRONT_END}/reset"})
    assert status == 200, body


async def test_a_network_admin_registers_front_ends_over_the_admin_api(stack, http):
    name = f"admins-{secrets.token_hex(3)}"
    admin_email, admin_password = f"admin@{name}.example", secrets.token_urlsafe(12)
    created = stack.cvctl("network", "create", name, "--admin-email", admin_email, "--admin-password", admin_password,
                          "--frontend-url", "https://www.admins.example", "--frontend-url", "http://localhost:3000")
    assert created.returncode == 0, created.stderr
    keys = NetworkCredentials(**loads(created.stdout), admin_email=admin_email, admin_password=admin_password)
    status, body = await call(http, "GET", f"{stack.url}/v1/{name}/authenticate",
                              headers=digest(keys, admin_email, admin_password))
    admin = {"jwt-auth": body["data"]["token"]}
    status, body = await call(http, "GET", f"{stack.url}/v1/{name}/admin/settings", headers=admin)
    assert status == 200, body
    assert body["data"]["settings"]["frontend_urls"] == ["https://www.admins.example", "http://localhost:3000"]
    for refused in (["javascript:alert(1)"], ["http://admins.example"], ["https://a.example/path"], "https://x.example"):
        status, body = await call(http, "PATCH", f"{stack.url}/v1/{name}/admin/settings", headers=admin,
                                  json={"frontend_urls": refused})
        assert_error(status, body, 400, 10100)
        assert "frontend_urls" in body["data"]["fields"], body
    status, body = await call(http, "PATCH", f"{stack.url}/v1/{name}/admin/settings", headers=admin,
                              json={"frontend_urls": ["https://app.example/"]})
    assert (status, body["data"]["settings"]["frontend_urls"]) == (200, [FRONT_END]), body
    status, body = await call(http, "POST", f"{stack.url}/v1/{name}/public/forgotPassword",
                              json={"email": admin_email, "url": "https://www.admins.example/reset"})
    assert_url_refused(status, body)  # replaced, no longer registered
    status, body = await call(http, "POST", f"{stack.url}/v1/{name}/public/forgotPassword",
                              json={"email": admin_email, "url": f"{FRONT_END}/reset"})
    assert status == 200, body


# Old reset links stay valid

async def test_an_old_reset_link_is_dead_once_another_one_was_used(stack, http):
    victim = new_email("victim")
    await registered(stack, http, victim)
    auth = await session(stack, http, victim)
    for _ in range(2):
        status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/forgotPassword", headers=digest(stack.demo),
                                  json={"email": victim, "url": f"{FRONT_END}/reset"})
        assert status == 200, body
    first = link_parameters(await mailbox(stack).wait_for(victim, "Reset your password", count=1))
    second = link_parameters(await mailbox(stack).wait_for(victim, "Reset your password", count=2))
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/resetPassword", headers=digest(stack.demo),
                              json={"user_id": second[0], "secret": second[1], "password": "the owner's new phrase",
                                    "password_confirm": "the owner's new phrase"})
    assert status == 200, body
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/resetPassword", headers=digest(stack.demo),
                              json={"user_id": first[0], "secret": first[1], "password": "the attacker's phrase",
                                    "password_confirm": "the attacker's phrase"})
    assert_error(status, body, 400, 10003)
    await revoked(stack, http, auth)
    await session(stack, http, victim, "the owner's new phrase")


async def test_a_reset_link_is_dead_once_the_password_was_changed(stack, http):
    victim = new_email("victim")
    await registered(stack, http, victim)
    auth = await session(stack, http, victim)
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/forgotPassword", headers=digest(stack.demo),
                              json={"email": victim, "url": f"{FRONT_END}/reset"})
    assert status == 200, body
    user_id, secret = link_parameters(await mailbox(stack).wait_for(victim, "Reset your password"))
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/changePassword", headers=auth,
                              json={"current_password": PASSWORD, "new_password": "the owner's new phrase",
                                    "new_password_confirm": "the owner's new phrase"})
    assert status == 200, body
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/resetPassword", headers=digest(stack.demo),
                              json={"user_id": user_id, "secret": secret, "password": "the attacker's phrase",
                                    "password_confirm": "the attacker's phrase"})
    assert_error(status, body, 400, 10003)
    await revoked(stack, http, auth)


async def revoked(stack, http, auth: dict[str, str]) -> None:
    async def refused() -> bool:
        return (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth))[0] == 401

    await wait_until(refused, timeout=5)


# Verifying an address one does not own

async def linkedin_login(stack, http, account_id: str) -> tuple[int, dict]:
    redirect = f"{FRONT_END}/social-callback"
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/social/linkedin/link",
                              params={"redirect_uri": redirect}, headers=digest(stack.demo))
    assert status == 200, body
    async with http.get(body["data"]["url"], params={"sandbox_account": account_id, "sandbox_decision": "approve"},
                        allow_redirects=False) as response:
        code = response.headers["Location"].split("code=", 1)[1].split("&", 1)[0]
    return await call(http, "POST", f"{stack.url}/v1/demo/social/linkedin/authenticate", headers=digest(stack.demo),
                      json={"code": code, "redirect_uri": redirect})


async def test_a_secret_mailed_to_an_old_address_does_not_verify_the_new_one(stack, http):
    own, victims = new_email("attacker"), new_email("victim")
    attacker_id, kept_secret = await registered(stack, http, own, verify=False)
    auth = await session(stack, http, own)
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/changeEmail", headers=auth,
                              json={"verify_email_url": f"{FRONT_END}/verify", "new_email": victims,
                                    "new_email_confirm": victims})
    assert status == 200, body
    auth = {"jwt-auth": body["data"]["token"]}
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/verifyEmail", headers=digest(stack.demo),
                              json={"user_id": attacker_id, "secret": kept_secret})
    assert_error(status, body, 400, 11001)
    status, me = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth)
    assert (me["data"]["user"]["email"], me["data"]["user"]["email_verified"]) == (victims, False)

    account = f"victim-{secrets.token_hex(3)}"
    await sandbox_account(stack, http, account, victims)
    status, body = await linkedin_login(stack, http, account)
    assert_error(status, body, 409, 11019)  # the victim's social login does not open the attacker's account


async def test_a_social_login_is_linked_only_to_an_address_verified_by_its_own_link(stack, http):
    email = new_email("owner")
    user_id, _ = await registered(stack, http, email)
    account = f"owner-{secrets.token_hex(3)}"
    await sandbox_account(stack, http, account, email)
    status, body = await linkedin_login(stack, http, account)
    assert (status, body["data"]["user_id"]) == (200, user_id)

    moved, victims = new_email("moved"), new_email("victim")
    moved_id, _ = await registered(stack, http, moved)  # verified, then moved to an address never verified
    auth = await session(stack, http, moved)
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/changeEmail", headers=auth,
                              json={"verify_email_url": f"{FRONT_END}/verify", "new_email": victims,
                                    "new_email_confirm": victims})
    assert status == 200, body
    account = f"victim-{secrets.token_hex(3)}"
    await sandbox_account(stack, http, account, victims)
    status, body = await linkedin_login(stack, http, account)
    assert_error(status, body, 409, 11019)
    _, secret = link_parameters(await mailbox(stack).wait_for(victims, "Confirm your email"))
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/verifyEmail", headers=digest(stack.demo),
                              json={"user_id": moved_id, "secret": secret})
    assert status == 200, body
    status, body = await linkedin_login(stack, http, account)
    assert (status, body["data"]["user_id"]) == (200, moved_id)
