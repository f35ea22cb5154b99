"""Self-approval: POST /self/approveUser is the front-end's call and stays allowed by default; a
network that turns `user_self_approval` off leaves approval to its admins."""

import secrets

from common.json import loads
from common.testing import NetworkCredentials, assert_error
from common.testing.cvauth import cv_auth_header

PASSWORD = "correct horse battery"


async def call(http, method: str, url: str, **kwargs) -> tuple[int, dict]:
    async with http.request(method, url, **kwargs) as response:
        return response.status, await response.json()


async def token(stack, http, keys: NetworkCredentials, email: str, password: str) -> dict[str, str]:
    auth = cv_auth_header(keys.api_key, keys.api_secret, email, password)
    status, body = await call(http, "GET", f"{stack.url}/v1/{keys.network}/authenticate", headers={"cv-auth": auth})
    assert status == 200, body
    return {"jwt-auth": body["data"]["token"]}


async def network_with_a_user(stack, http) -> tuple[NetworkCredentials, dict[str, str], int, dict[str, str]]:
    """A fresh network (so its settings change nothing elsewhere): its keys, its admin's session,
    and a registered user's id and session."""
    name = f"approvals-{secrets.token_hex(3)}"
    admin_email, admin_password = f"admin@{name}.example", secrets.token_urlsafe(12)
    created = stack.cvctl("network", "create", name, "--admin-email", admin_email, "--admin-password", admin_password,
                          "--frontend-url", "https://app.example")
    assert created.returncode == 0, created.stderr
    keys = NetworkCredentials(**loads(created.stdout), admin_email=admin_email, admin_password=admin_password)
    email = f"investor@{name}.example"
    status, body = await call(http, "POST", f"{stack.url}/v1/{name}/users",
                              headers={"cv-auth": cv_auth_header(keys.api_key, keys.api_secret)},
                              json={"email": email, "password": PASSWORD, "url": "https://app.example/verify"})
    assert status == 200, body
    admin = await token(stack, http, keys, admin_email, admin_password)
    return keys, admin, body["data"]["user_id"], await token(stack, http, keys, email, PASSWORD)


async def approved(stack, http, keys: NetworkCredentials, auth: dict[str, str]) -> bool:
    status, body = await call(http, "GET", f"{stack.url}/v1/{keys.network}/self", headers=auth)
    assert status == 200, body
    return body["data"]["user"]["has_been_approved"]


async def test_a_user_cannot_approve_themselves_where_the_network_turned_self_approval_off(stack, http):
    keys, admin, user_id, user = await network_with_a_user(stack, http)
    base = f"{stack.url}/v1/{keys.network}"
    status, body = await call(http, "GET", f"{base}/admin/settings", headers=admin)
    assert (status, body["data"]["settings"]["user_self_approval"]) == (200, True), body
    status, body = await call(http, "PATCH", f"{base}/admin/settings", headers=admin, json={"user_self_approval": False})
    assert (status, body["data"]["settings"]["user_self_approval"]) == (200, False), body

    status, body = await call(http, "POST", f"{base}/self/approveUser", headers=user)
    assert_error(status, body, 403, 11032)
    assert await approved(stack, http, keys, user) is False
    status, body = await call(http, "PATCH", f"{base}/admin/settings", headers=user, json={"user_self_approval": True})
    assert_error(status, body, 403, 10113)  # nor may the user turn the setting back on

    status, body = await call(http, "POST", f"{base}/admin/users/{user_id}/approve", headers=admin)
    assert status == 200, body
    assert await approved(stack, http, keys, user) is True


async def test_self_approval_stays_the_default_and_the_operator_turns_it_off(stack, http):
    keys, _, _, user = await network_with_a_user(stack, http)
    status, body = await call(http, "POST", f"{stack.url}/v1/{keys.network}/self/approveUser", headers=user)
    assert status == 200, body
    assert await approved(stack, http, keys, user) is True

    keys, _, _, user = await network_with_a_user(stack, http)
    refused = stack.cvctl("network", "settings", keys.network, '{"user_self_approval": "no"}')
    assert refused.returncode == 1 and "user_self_approval" in refused.stderr
    changed = stack.cvctl("network", "settings", keys.network, '{"user_self_approval": false}')
    assert changed.returncode == 0, changed.stderr
    status, body = await call(http, "POST", f"{stack.url}/v1/{keys.network}/self/approveUser", headers=user)
    assert_error(status, body, 403, 11032)


async def test_the_admin_settings_api_refuses_what_it_does_not_know(stack, http):
    keys, admin, _, _ = await network_with_a_user(stack, http)
    base = f"{stack.url}/v1/{keys.network}/admin/settings"
    for body_sent, field in (({"user_self_approval": "yes"}, "user_self_approval"),
                             ({"no_such_setting": 1}, "no_such_setting")):
        status, body = await call(http, "PATCH", base, headers=admin, json=body_sent)
        assert_error(status, body, 400, 10100)
        assert field in body["data"]["fields"], body
    status, body = await call(http, "GET", base, headers=admin)
    assert body["data"]["settings"]["user_self_approval"] is True  # nothing changed


async def test_an_explicit_null_setting_changes_nothing(stack, http):
    keys, admin, _, _ = await network_with_a_user(stack, http)
    base = f"{stack.url}/v1/{keys.network}/admin/settings"
    await call(http, "PATCH", base, headers=admin, json={"user_self_approval": False})
    status, body = await call(http, "PATCH", base, headers=admin, json={"user_self_approval": None})
    assert status == 200 and body["data"]["settings"]["user_self_approval"] is False, body  # not set: kept
