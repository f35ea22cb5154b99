"""Issue #2 through the real gateway: public data, digest log-in, sessions, refusals, routing."""

from datetime import UTC, datetime, timedelta

import aiohttp

from common.json import loads
from common.testing.cvauth import cv_auth_header


def login_header(creds, password: str | None = None, **kwargs) -> dict[str, str]:
    header = cv_auth_header(creds.api_key, creds.api_secret, creds.admin_email,
                            password or creds.admin_password, **kwargs)
    return {"cv-auth": header, "network": creds.network}


async def call(http: aiohttp.ClientSession, method: str, url: str, **kwargs) -> tuple[int, dict]:
    async with http.request(method, url, **kwargs) as response:
        return response.status, await response.json()


async def log_in(http, stack, creds) -> str:
    status, body = await call(http, "GET", f"{stack.url}/v1/{creds.network}/authenticate",
                              headers=login_header(creds))
    assert status == 200, body
    return body["data"]["token"]


def assert_error(status: int, body: dict, expected_status: int, code: int) -> None:
    assert (status, body["outcome"], body["status"], body["data"]["code"]) == (
        expected_status, "error", expected_status, code), body
    assert body["data"]["user_message"] and body["data"]["developer_message"]


async def test_gateway_is_healthy_when_every_service_is_ready(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/healthz")
    assert status == 200, body


async def test_public_globals_answer_a_success_envelope(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/public/globals")
    assert (status, body["outcome"], body["status"]) == (200, "success", 200)
    assert isinstance(body["data"], dict)


async def test_digest_login_token_then_self_returns_the_admin(stack, http):
    token = await log_in(http, stack, stack.demo)
    for headers in ({"cv-auth": token}, {"jwt-auth": token}, {"Authorization": f"Bearer {token}"}):
        status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=headers)
        assert status == 200, body
        user = body["data"]["user"]
        assert (user["id"], user["email"]) == (stack.demo.admin_user_id, stack.demo.admin_email)


async def test_the_digest_header_itself_acts_as_the_user(stack, http):
    headers = login_header(stack.demo)
    for _ in range(2):  # the SDKs' docs have developers paste one header into many calls
        status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=headers)
        assert status == 200, body
        assert body["data"]["user"]["id"] == stack.demo.admin_user_id


async def test_wrong_digest_is_refused(stack, http):
    header = cv_auth_header(stack.demo.api_key, "not-the-secret")
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/authenticate", headers={"cv-auth": header})
    assert_error(status, body, 401, 10203)


async def test_stale_created_is_refused(stack, http):
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/authenticate",
                              headers=login_header(stack.demo, created=an_hour_ago))
    assert_error(status, body, 401, 10204)


async def test_nonce_reused_with_another_created_is_refused(stack, http):
    first = login_header(stack.demo, nonce="e2e-nonce-1")
    status, _ = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=first)
    assert status == 200
    earlier = (datetime.now(UTC) - timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self",
                              headers=login_header(stack.demo, nonce="e2e-nonce-1", created=earlier))
    assert_error(status, body, 401, 10205)


async def test_wrong_password_is_refused(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/authenticate",
                              headers=login_header(stack.demo, password="wrong-password"))
    assert_error(status, body, 401, 10206)


async def test_another_networks_api_key_is_refused(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/authenticate",
                              headers=login_header(stack.other))
    assert_error(status, body, 401, 10210)


async def test_another_networks_token_is_refused(stack, http):
    token = await log_in(http, stack, stack.other)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers={"cv-auth": token})
    assert_error(status, body, 401, 10213)


async def test_user_endpoint_without_credentials_is_refused(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self")
    assert_error(status, body, 401, 10200)


async def test_unknown_path_answers_a_404_envelope(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/no/such/endpoint")
    assert_error(status, body, 404, 10104)


async def test_unknown_network_answers_a_404_envelope(stack, http):
    status, body = await call(http, "GET", f"{stack.url}/v1/nosuchnetwork/public/globals")
    assert_error(status, body, 404, 10115)


async def test_endpoint_of_a_later_issue_answers_501_naming_it(stack, http):
    token = await log_in(http, stack, stack.demo)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self/mangopay/wallets", headers={"cv-auth": token})
    assert_error(status, body, 501, 10106)
    assert "GET /v1/{network}/self/mangopay/wallets" in body["data"]["developer_message"]


async def test_a_service_called_without_the_gateway_is_refused(stack, http):
    for _service, url in stack.service_urls.items():
        status, body = await call(http, "GET", f"{url}/v1/demo/public/globals")
        assert_error(status, body, 401, 10114)


async def test_cvctl_lists_networks_without_secrets(stack):
    result = stack.cvctl("network", "list")
    assert result.returncode == 0, result.stderr
    assert {"demo", "other"} <= {n["name"] for n in loads(result.stdout)}
    assert stack.demo.api_secret not in result.stdout


async def test_cvctl_refuses_a_duplicate_network(stack):
    result = stack.cvctl("network", "create", "demo", "--admin-email", "x@demo.example",
                   "--admin-password", "long-enough-password")
    assert result.returncode == 1 and "demo" in result.stderr


async def test_list_queries_with_brackets_reach_the_service_intact(stack, http):
    token = await log_in(http, stack, stack.demo)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/users?filter[is_vip]=0&sort=-created_at&limit=5",
                              headers={"cv-auth": token})
    assert status == 200, body
    assert body["data"]["limit"] == 5
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/users?filter[password_hash]=x",
                              headers={"cv-auth": token})
    assert_error(status, body, 400, 10102)
