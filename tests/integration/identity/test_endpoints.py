"""Identity's routes as the gateway calls them: signed principal, network checks, envelopes."""

import re

from common.endpoints import endpoints_of
from common.http.principal import Principal


def admin_of(identity, tenant, network_id: int = 1) -> Principal:
    return Principal(network=tenant.network, network_id=network_id, user_id=tenant.admin_user_id,
                     is_admin=True, via_api_key=True)


async def test_self_returns_the_user_with_the_documents_fields(identity):
    status, body = await identity.call("GET", "/v1/demo/self", admin_of(identity, identity.demo))
    assert status == 200, body
    user = body["data"]["user"]
    assert (user["id"], user["email"], user["is_admin"], user["has_been_blocked"]) == (
        identity.demo.admin_user_id, identity.demo.admin_email, True, False)
    for field in ("full_name", "given_name", "family_name", "email_verified", "is_vip", "visibility",
                  "address", "addresses", "bank_accounts", "organizations", "documents", "custom",
                  "info", "created_at", "updated_at", "last_login_at", "phone_1", "time_zone"):
        assert field in user, field
    assert user["created_at"].endswith("+0000")


async def test_self_without_a_user_is_refused(identity):
    status, body = await identity.call("GET", "/v1/demo/self", Principal(network="demo", network_id=1))
    assert (status, body["data"]["code"]) == (401, 10212)


async def test_authenticate_needs_a_user_named_in_the_digest(identity):
    anonymous = Principal(network="demo", network_id=1, via_api_key=True)
    status, body = await identity.call("GET", "/v1/demo/authenticate", anonymous)
    assert (status, body["data"]["code"]) == (401, 10212)
    by_token = Principal(network="demo", network_id=1, user_id=identity.demo.admin_user_id)
    status, body = await identity.call("GET", "/v1/demo/authenticate", by_token)
    assert (status, body["data"]["code"]) == (401, 10212)


async def test_public_globals_is_the_networks_constants(identity):
    async with identity.pool.acquire() as conn:
        await conn.execute("""UPDATE networks SET globals = '{"currency": "EUR"}' WHERE name = 'demo'""")
    status, body = await identity.call("GET", "/v1/demo/public/globals", Principal(network="demo"))
    assert (status, body) == (200, {"outcome": "success", "data": {"currency": "EUR"}, "status": 200})
    status, body = await identity.call("GET", "/v1/other/public/globals", Principal(network="other"))
    assert body["data"] == {}


async def test_a_principal_signed_for_another_network_is_forbidden(identity):
    status, body = await identity.call("GET", "/v1/demo/self", admin_of(identity, identity.other))
    assert (status, body["data"]["code"]) == (403, 10113)


async def test_a_request_without_the_gateways_signature_is_refused(identity):
    for path in ("/v1/demo/public/globals", "/internal/networks/demo"):
        status, body = await identity.call("GET", path, None)
        assert (status, body["data"]["code"]) == (401, 10114)


async def test_network_lookup_for_the_gateway(identity):
    status, body = await identity.call("GET", "/internal/networks/demo", Principal(network="demo"))
    assert status == 200
    assert body["data"]["network"]["name"] == "demo"
    assert body["data"]["network"]["cors_origins"] == ["https://app.example"]
    assert "api_secret" not in str(body)
    status, body = await identity.call("GET", "/internal/networks/nosuch", Principal(network="nosuch"))
    assert (status, body["data"]["code"]) == (404, 10115)


async def test_every_documented_identity_endpoint_is_implemented(identity):
    throwaway, _ = await identity.registered()  # some calls block or delete the caller
    admin = Principal(network="demo", user_id=throwaway, is_admin=True, via_api_key=True)
    for endpoint in endpoints_of("identity"):
        path = re.sub(r"\{(?!network)[a-z_]+\}", "1", endpoint.full_path).replace("{network}", "demo")
        status, body = await identity.call(endpoint.method, path, admin, json={})
        assert status != 501, f"{endpoint.method} {endpoint.path}: {body}"
    assert len(endpoints_of("identity")) >= 39
