"""The gateway's rules, each observed through real HTTP."""

import asyncio
import hashlib
import os
from contextlib import asynccontextmanager

import aiohttp
import pytest

from common.http.metrics import create_metrics_app
from common.http.principal import PRINCIPAL_HEADER
from common.testing import serve, wait_until
from common.testing.cvauth import cv_auth_header
from gateway.app import create_app as create_gateway
from identity.service.admin import set_roles
from identity.service.networks import named
from identity.service.profile import block
from identity.service.unit_of_work import IdentityUnitOfWork


def login(tenant) -> dict[str, str]:
    return {"cv-auth": cv_auth_header(tenant.api_key, tenant.api_secret, tenant.admin_email, tenant.admin_password)}


async def token_of(rig, tenant) -> str:
    status, body, _ = await rig.call("GET", f"/v1/{tenant.network}/authenticate", headers=login(tenant))
    assert status == 200, body
    return body["data"]["token"]


@asynccontextmanager
async def another_gateway(rig, **overrides):
    async with serve(create_gateway(rig.settings.model_copy(update=overrides))) as url:
        yield url


def assert_error(status, body, expected_status, code):
    assert (status, body["outcome"], body["status"], body["data"]["code"]) == (
        expected_status, "error", expected_status, code), body


async def test_forwarding_signs_the_verified_principal_and_strips_a_forged_one(rig):
    headers = login(rig.demo) | {PRINCIPAL_HEADER: "forged.signature"}
    status, body, response_headers = await rig.call("POST", "/v1/demo/self/wallets?x=1", headers=headers, data=b"{}")
    assert status == 200, body
    principal = body["data"]["principal"]
    assert (principal["network"], principal["user_id"], principal["is_admin"]) == ("demo", rig.demo.admin_user_id, True)
    assert principal["request_id"] == response_headers["X-Request-Id"]
    assert body["data"]["path_qs"] == "/v1/demo/self/wallets?x=1"


async def test_credentials_are_not_passed_to_services_other_than_identity(rig):
    status, body, _ = await rig.call("POST", "/v1/demo/self/wallets", headers=login(rig.demo), data=b"{}")
    forwarded = {name.lower() for name in body["data"]["headers"]}
    assert "cv-auth" not in forwarded and "x-request-id" in forwarded


async def test_a_sane_request_id_is_kept_and_a_bad_one_replaced(rig):
    _, _, headers = await rig.call("GET", "/v1/demo/public/globals", headers={"X-Request-Id": "client-chosen-id-42"})
    assert headers["X-Request-Id"] == "client-chosen-id-42"
    _, _, headers = await rig.call("GET", "/v1/demo/public/globals", headers={"X-Request-Id": "bad id!"})
    assert headers["X-Request-Id"] != "bad id!" and len(headers["X-Request-Id"]) == 32


async def test_large_bodies_stream_through_both_ways(rig):
    upload = os.urandom(BODY := 900 * 1024)

    async def chunks():
        for start in range(0, len(upload), 100_000):
            yield upload[start:start + 100_000]

    for data in (upload, chunks()):
        status, body, _ = await rig.call("POST", "/v1/demo/self/wallets", headers=login(rig.demo), data=data)
        assert status == 200, body
        assert (body["data"]["length"], body["data"]["sha256"]) == (BODY, hashlib.sha256(upload).hexdigest())
    async with rig.http.get(f"{rig.url}/v1/demo/self/wallets?size=3000000", headers=login(rig.demo)) as response:
        assert response.status == 200
        assert len(await response.read()) == 3_000_000


async def test_a_client_expecting_100_continue_gets_it_and_the_service_gets_the_body(rig):
    upload = os.urandom(200_000)
    status, body, _ = await asyncio.wait_for(  # a client that waits for "100 Continue" before its body
        rig.call("POST", "/v1/demo/self/wallets", headers=login(rig.demo), data=upload, expect100=True), 10)
    assert status == 200, body
    assert body["data"]["sha256"] == hashlib.sha256(upload).hexdigest()
    assert "Expect" not in body["data"]["headers"]  # answered here, not passed on


async def test_an_answer_cut_short_by_the_service_is_cut_short_for_the_client(rig):
    async with rig.http.get(f"{rig.url}/v1/demo/self/wallets?size=1000000&cut=1", headers=login(rig.demo)) as response:
        assert response.status == 200
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()


async def test_a_body_over_the_limit_is_refused_with_413(rig):
    too_big = b"x" * (rig.settings.gateway_body_limit_bytes + 1)
    status, body, _ = await rig.call("POST", "/v1/demo/self/wallets", headers=login(rig.demo), data=too_big)
    assert_error(status, body, 413, 10107)

    async def chunks():
        for _ in range(20):
            yield b"x" * 100_000

    status, body, _ = await rig.call("POST", "/v1/demo/self/wallets", headers=login(rig.demo), data=chunks())
    assert_error(status, body, 413, 10107)


async def test_unknown_path_404_wrong_method_405_and_unbuilt_endpoint_501(rig, payments_url):
    status, body, _ = await rig.call("GET", "/v1/demo/nothing/here")
    assert_error(status, body, 404, 10104)
    status, body, _ = await rig.call("GET", "/not-even-versioned")
    assert_error(status, body, 404, 10104)
    status, body, headers = await rig.call("DELETE", "/v1/demo/public/globals")
    assert_error(status, body, 405, 10105)
    assert headers["Allow"] == "GET"
    async with another_gateway(rig, payments_url=payments_url) as url:
        async with rig.http.get(f"{url}/v1/demo/self/mangopay/wallets", headers=login(rig.demo)) as response:
            body = await response.json()
            assert_error(response.status, body, 501, 10106)
    assert "GET /v1/{network}/self/mangopay/wallets" in body["data"]["developer_message"]


async def test_upstream_failures_map_to_502_503_504(rig, closed_port):
    status, body, _ = await rig.call("GET", "/v1/demo/self/portfolio", headers=login(rig.demo))
    assert_error(status, body, 502, 10110)  # registry's address speaks garbage here
    status, body, _ = await rig.call("GET", "/v1/demo/self/wallets?sleep=3", headers=login(rig.demo))
    assert_error(status, body, 504, 10111)
    async with another_gateway(rig, offerings_url=f"http://127.0.0.1:{closed_port}") as url:
        async with rig.http.get(f"{url}/v1/demo/offerings", headers=login(rig.demo)) as response:
            assert_error(response.status, await response.json(), 503, 10109)


async def test_healthz_is_ready_only_when_every_service_is(rig):
    status, body, _ = await rig.call("GET", "/healthz")
    assert_error(status, body, 503, 10109)
    assert "registry" in body["data"]["developer_message"]
    async with another_gateway(rig, registry_url=rig.settings.payments_url) as url:
        async with rig.http.get(f"{url}/healthz") as response:
            assert response.status == 200


async def test_user_endpoints_need_a_user_and_credentials_endpoints_a_credential(rig):
    status, body, _ = await rig.call("GET", "/v1/demo/self")
    assert_error(status, body, 401, 10200)
    network_only = {"cv-auth": cv_auth_header(rig.demo.api_key, rig.demo.api_secret)}
    status, body, _ = await rig.call("GET", "/v1/demo/self", headers=network_only)
    assert_error(status, body, 401, 10212)
    status, body, _ = await rig.call("GET", "/v1/demo/social/facebook/link")
    assert_error(status, body, 401, 10200)


async def test_session_tokens_are_read_from_all_three_headers(rig):
    token = await token_of(rig, rig.demo)
    for headers in ({"cv-auth": token}, {"jwt-auth": token}, {"Authorization": f"Bearer {token}"}):
        status, body, _ = await rig.call("GET", "/v1/demo/self", headers=headers)
        assert status == 200, body


async def test_malformed_digest_header_is_refused(rig):
    for value in ('AuthToken ApiKey="k"', 'AuthToken ApiKey="k", TokenDigest=unquoted'):
        status, body, _ = await rig.call("GET", "/v1/demo/self", headers={"cv-auth": value})
        assert_error(status, body, 401, 10201)


async def test_credentials_of_another_network_are_refused(rig):
    status, body, _ = await rig.call("GET", "/v1/demo/self", headers=login(rig.other))
    assert_error(status, body, 401, 10210)
    token = await token_of(rig, rig.other)
    status, body, _ = await rig.call("GET", "/v1/demo/self", headers={"cv-auth": token})
    assert_error(status, body, 401, 10213)


async def test_blocking_a_user_evicts_their_cached_session_at_once(rig):
    async with IdentityUnitOfWork(rig.identity_pool, None) as uow:
        network = await named(uow, "demo")
        from identity.domain.passwords import hash_password
        user = await uow.users.add(network.id, "soon-blocked@demo.example", await hash_password("pw-123456"))
        await uow.commit()
    tenant = rig.demo.as_user(user.email, "pw-123456")
    token = await token_of(rig, tenant)
    assert (await rig.call("GET", "/v1/demo/self", headers={"cv-auth": token}))[0] == 200  # now cached for 300 s
    async with IdentityUnitOfWork(rig.identity_pool, None) as uow:
        await named(uow, "demo")
        await block(uow, user, None, None, None)
        await uow.commit()

    async def refused() -> bool:
        return (await rig.call("GET", "/v1/demo/self", headers={"cv-auth": token}))[0] == 401

    await wait_until(refused, timeout=10)
    status, body, _ = await rig.call("GET", "/v1/demo/self", headers={"cv-auth": token})
    assert_error(status, body, 401, 10211)


async def test_cors_follows_the_networks_allowed_origins(rig):
    _, _, headers = await rig.call("GET", "/v1/demo/public/globals", headers={"Origin": "https://app.example"})
    assert headers["Access-Control-Allow-Origin"] == "https://app.example"
    _, _, headers = await rig.call("GET", "/v1/demo/public/globals", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "cv-auth"}
    status, _, headers = await rig.call("OPTIONS", "/v1/demo/self", headers=preflight)
    assert status == 204
    assert headers["Access-Control-Allow-Methods"] == "DELETE, GET, PATCH"
    assert "cv-auth" in headers["Access-Control-Allow-Headers"]
    status, body, _ = await rig.call("OPTIONS", "/v1/demo/self", headers=preflight | {"Origin": "https://evil.example"})
    assert_error(status, body, 403, 10113)


async def test_callers_that_prove_no_api_key_are_rate_limited_per_address(rig):
    burst = 3
    async with another_gateway(rig, gateway_auth_rate_per_minute=6, gateway_auth_rate_burst=burst) as url:
        statuses = []
        for number in range(burst + 1):
            async with rig.http.post(f"{url}/v1/other/public/newsletterSignUp",
                                     json={"email": f"reader{number}@other.example"}) as response:
                statuses.append(response.status)
                body, retry_after = await response.json(), response.headers.get("Retry-After")
        assert statuses == [200] * burst + [429]
        assert_error(429, body, 429, 10108)
        assert int(retry_after) >= 1
        async with rig.http.get(f"{url}/v1/other/public/globals") as response:
            assert response.status == 200  # other endpoints are not limited
        for _ in range(burst + 1):  # the network's front-end, proving its API key, is not limited by address
            async with rig.http.get(f"{url}/v1/other/authenticate", headers=login(rig.other)) as response:
                assert response.status == 200


async def test_metrics_count_requests_by_route_template_on_their_own_listener(rig):
    await rig.call("GET", "/v1/demo/public/globals")
    async with serve(create_metrics_app()) as metrics_url, rig.http.get(f"{metrics_url}/metrics") as response:
        text = await response.text()
    assert 'route="/v1/{network}/public/globals"' in text and 'service="gateway"' in text
    async with rig.http.get(f"{rig.url}/metrics") as response:
        assert response.status == 404  # never on the public port


@pytest.mark.parametrize("path", ["/v1/demo/self", "/v1/demo/public/globals"])
async def test_concurrent_requests_share_pooled_connections(rig, path):
    token = await token_of(rig, rig.demo)
    results = await asyncio.gather(*(rig.call("GET", path, headers={"cv-auth": token}) for _ in range(50)))
    assert {status for status, _, _ in results} == {200}


async def test_an_unknown_network_is_a_404_envelope(rig):
    status, body, _ = await rig.call("GET", "/v1/nosuch/public/globals")
    assert_error(status, body, 404, 10115)
    async with rig.http.get(f"{rig.url}/v1/demo/public/globals", timeout=aiohttp.ClientTimeout(total=5)) as response:
        assert response.status == 200


async def test_a_services_cookie_never_reaches_another_clients_request(rig):
    by_name = rig.settings.payments_url.replace("127.0.0.1", "localhost")  # cookie jars skip bare IPs
    async with another_gateway(rig, payments_url=by_name) as url, aiohttp.ClientSession() as first, \
            aiohttp.ClientSession() as second:
        async with first.get(f"{url}/v1/demo/self/payouts", headers=login(rig.demo)) as response:
            assert "upstream_session" in response.headers.get("Set-Cookie", "")  # passed on to its client
        async with second.get(f"{url}/v1/demo/self/payouts", headers=login(rig.demo)) as response:
            assert (await response.json())["data"]["cookie_received"] is None


async def test_a_role_change_reaches_cached_sessions_at_once(rig):
    async with IdentityUnitOfWork(rig.identity_pool, None) as uow:
        network = await named(uow, "demo")
        from identity.domain.passwords import hash_password
        user = await uow.users.add(network.id, "soon-vip@demo.example", await hash_password("pw-654321"))
        await uow.commit()
    token = await token_of(rig, rig.demo.as_user(user.email, "pw-654321"))

    async def principal() -> dict:
        status, body, _ = await rig.call("POST", "/v1/demo/self/wallets", headers={"cv-auth": token}, data=b"{}")
        return body["data"]["principal"]

    assert (await principal())["is_vip"] is False  # now cached for 300 s
    async with IdentityUnitOfWork(rig.identity_pool, None) as uow:
        await set_roles(uow, await named(uow, "demo"), user.id, None, True)
        await uow.commit()

    async def vip() -> bool:
        return (await principal())["is_vip"] is True

    await wait_until(vip, timeout=10)
