"""The admin API: admins only; users, roles, blocks, constants, newsletter sign-ups."""

from datetime import date, timedelta

import pytest

from common.http.principal import Principal
from common.testing import assert_error

PASSWORD = "correct horse battery"


def admin_of(identity, network: str = "demo") -> Principal:
    tenant = identity.demo if network == "demo" else identity.other
    return Principal(network=network, user_id=tenant.admin_user_id, is_admin=True)


def member(user_id: int) -> Principal:
    return Principal(network="demo", user_id=user_id)


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/users"), ("GET", "/users/1"), ("POST", "/users/1/approve"), ("POST", "/users/1/block"),
    ("POST", "/users/1/unblock"), ("PATCH", "/users/1/roles"), ("GET", "/globals"), ("PUT", "/globals"),
    ("GET", "/newsletterSignUps"),
])
async def test_only_admins_may_use_the_admin_api(identity, method, path):
    user_id, _ = await identity.registered()
    status, body = await identity.call(method, f"/v1/demo/admin{path}", member(user_id), json={})
    assert_error(status, body, 403, 10113)


async def test_admins_list_every_user_with_filters_and_view_the_full_profile(identity):
    hidden, email = await identity.registered(visibility=1, tax_id="T-1")
    status, body = await identity.call("GET", "/v1/demo/admin/users?filter[visibility]=1&sort=-id&limit=100",
                                       admin_of(identity))
    assert status == 200, body
    assert (hidden, email) in [(u["id"], u["email"]) for u in body["data"]["list"]]
    status, body = await identity.call("GET", f"/v1/demo/admin/users/{hidden}", admin_of(identity))
    assert body["data"]["user"]["tax_id"] == "T-1"


async def test_approve_roles_block_and_unblock(identity):
    user_id, email = await identity.registered()
    base = f"/v1/demo/admin/users/{user_id}"
    assert (await identity.call("POST", f"{base}/approve", admin_of(identity)))[0] == 200
    status, body = await identity.call("PATCH", f"{base}/roles", admin_of(identity), json={"is_vip": True})
    assert status == 200
    status, body = await identity.call("GET", "/v1/demo/self", member(user_id))
    user = body["data"]["user"]
    assert (user["has_been_approved"], user["is_vip"], user["is_admin"]) == (True, True, False)
    verified = (await identity.digest_log_in(email, PASSWORD))[1]["data"]["principal"]
    assert verified["is_vip"] is True
    until = str(date.today() + timedelta(days=10))
    status, body = await identity.call("POST", f"{base}/block", admin_of(identity),
                                       json={"user_message": "Paused for review", "expiration_date": until})
    assert status == 200 and body["data"]["user_access_denied_log_id"]
    status, body = await identity.digest_log_in(email, PASSWORD)
    assert_error(status, body, 401, 10211)
    assert body["data"]["user_message"] == "Paused for review"
    assert (await identity.call("POST", f"{base}/unblock", admin_of(identity)))[0] == 200
    assert (await identity.digest_log_in(email, PASSWORD))[0] == 200
    async with identity.pool.acquire() as conn:  # other contexts learn of the unblock
        blocked = await conn.fetchval(
            "SELECT envelope->'payload'->>'blocked' FROM outbox WHERE routing_key = 'identity.user.updated' "
            "AND envelope->'payload'->>'user_id' = $1 ORDER BY created_at DESC LIMIT 1", str(user_id))
    assert blocked == "false"


async def test_admin_actions_on_unknown_or_foreign_users_are_404(identity):
    other_status, other = await identity.call("POST", "/v1/other/users", Principal(network="other"),
                                              json={"email": "adm@other.example", "password": PASSWORD,
                                                    "url": "https://app.example"})
    foreign = other["data"]["user_id"]
    for user_id in (99999999, foreign):
        status, body = await identity.call("POST", f"/v1/demo/admin/users/{user_id}/approve", admin_of(identity))
        assert_error(status, body, 404, 11000)
    status, body = await identity.call("PATCH", "/v1/demo/admin/users/1/roles", admin_of(identity), json={"is_root": True})
    assert_error(status, body, 400, 10100)


async def test_admins_set_the_global_constants(identity):
    constants = {"currency": "EUR", "minimum_investment": "100.00"}
    status, body = await identity.call("PUT", "/v1/demo/admin/globals", admin_of(identity, "other"), json=constants)
    assert_error(status, body, 403, 10113)  # an admin of another network
    status, body = await identity.call("PUT", "/v1/demo/admin/globals", admin_of(identity), json=constants)
    assert (status, body["data"]) == (200, constants)
    status, body = await identity.call("GET", "/v1/demo/public/globals", Principal(network="demo"))
    assert body["data"] == constants
    status, body = await identity.call("PUT", "/v1/demo/admin/globals", admin_of(identity), json=["not", "an", "object"])
    assert_error(status, body, 400, 10101)


async def test_admins_list_newsletter_signups(identity):
    await identity.call("POST", "/v1/demo/public/newsletterSignUp", Principal(network="demo"),
                        json={"email": "list-me@demo.example"})
    status, body = await identity.call("GET", "/v1/demo/admin/newsletterSignUps?limit=100", admin_of(identity))
    assert "list-me@demo.example" in [s["email"] for s in body["data"]["list"]]


async def test_admins_set_the_investment_settings_and_the_other_services_are_told(identity):
    admin, path = admin_of(identity, "other"), "/v1/other/admin/settings"
    status, body = await identity.call("PATCH", path, admin, json={
        "investment_requirements": ["term_service_accepted", "email_verified"], "auto_approve_investments": "0"})
    assert status == 200, body
    settings = body["data"]["settings"]
    assert (settings["investment_requirements"], settings["auto_approve_investments"]) == (
        ["term_service_accepted", "email_verified"], False)
    async with identity.pool.acquire() as conn:
        told = await conn.fetchval("SELECT envelope->'payload'->'settings'->>'auto_approve_investments' FROM outbox "
                                   "WHERE routing_key = 'identity.network.settings_changed' ORDER BY created_at DESC LIMIT 1")
    assert told == "false"
    status, body = await identity.call("PATCH", path, admin, json={"investment_requirements": [],
                                                                   "auto_approve_investments": True})
    assert status == 200, body


@pytest.mark.parametrize("change", [{"investment_requirements": ["be_rich"]}, {"investment_requirements": "email_verified"},
                                    {"auto_approve_investments": "maybe"}])
async def test_an_investment_setting_out_of_its_choices_is_refused_and_changes_nothing(identity, change):
    admin, path = admin_of(identity, "other"), "/v1/other/admin/settings"
    before = (await identity.call("GET", path, admin))[1]["data"]["settings"]
    status, body = await identity.call("PATCH", path, admin, json=change)
    assert_error(status, body, 400, 10100)
    assert body["data"]["fields"] and all(field.split(".")[0] in change for field in body["data"]["fields"])
    assert (await identity.call("GET", path, admin))[1]["data"]["settings"] == before
