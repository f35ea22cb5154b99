"""The middlewares every service shares, over real HTTP."""

import secrets

import aiohttp
import pytest
from aiohttp import web

from common.errors import PlatformError
from common.http.app import add_not_implemented_routes, create_service_app
from common.http.envelope import success
from common.http.metrics import create_metrics_app
from common.http.middlewares import PRINCIPAL
from common.http.principal import Principal
from common.http.requests import read_json
from common.settings import CommonSettings
from common.testing import principal_headers, serve

SETTINGS = CommonSettings(internal_secret=secrets.token_urlsafe(32))
SECRET = SETTINGS.secret("internal_secret").encode()
CALLER = Principal(network="demo", network_id=1, user_id=5)


async def whoami(request: web.Request) -> web.Response:
    return success({"user_id": request[PRINCIPAL].user_id})


async def explode(request: web.Request) -> web.Response:
    raise RuntimeError("database password is hunter2")


async def echo(request: web.Request) -> web.Response:
    return success(await read_json(request))


@pytest.fixture(scope="module")
async def base_url():
    app = create_service_app("identity", SETTINGS)
    app.router.add_get("/v1/{network}/self", whoami)
    app.router.add_get("/v1/{network}/boom", explode)
    app.router.add_post("/v1/{network}/echo", echo)
    add_not_implemented_routes(app, "identity")
    async with serve(app) as url:
        yield url


def signed(method: str, path: str) -> dict[str, str]:
    return principal_headers(CALLER, SECRET, method, path)


async def call(base_url, method, path, headers=None, **kwargs):
    async with aiohttp.ClientSession() as session:
        async with session.request(method, base_url + path, headers=headers, **kwargs) as resp:
            return resp.status, await resp.json(), resp.headers


async def test_a_request_signed_by_the_gateway_reaches_the_handler(base_url):
    status, body, headers = await call(base_url, "GET", "/v1/demo/self", signed("GET", "/v1/demo/self"))
    assert (status, body) == (200, {"outcome": "success", "data": {"user_id": 5}, "status": 200})
    assert headers["X-Request-Id"]


async def test_a_request_without_the_gateway_signature_is_refused(base_url):
    status, body, _ = await call(base_url, "GET", "/v1/demo/self")
    assert status == 401
    assert body["data"]["code"] == PlatformError.PRINCIPAL_INVALID


async def test_a_signature_made_for_another_path_is_refused(base_url):
    status, body, _ = await call(base_url, "GET", "/v1/demo/self", signed("GET", "/v1/demo/other"))
    assert (status, body["data"]["code"]) == (401, PlatformError.PRINCIPAL_INVALID)


async def test_an_unexpected_error_is_a_500_envelope_that_leaks_nothing(base_url):
    headers = signed("GET", "/v1/demo/boom") | {"X-Request-Id": "req-boom-1"}
    status, body, resp_headers = await call(base_url, "GET", "/v1/demo/boom", headers)
    assert status == 500
    assert body["outcome"] == "error" and body["data"]["code"] == PlatformError.INTERNAL_ERROR
    assert "hunter2" not in str(body)
    assert resp_headers["X-Request-Id"] == "req-boom-1"


async def test_malformed_json_is_a_clear_400(base_url):
    headers = signed("POST", "/v1/demo/echo") | {"Content-Type": "application/json"}
    status, body, _ = await call(base_url, "POST", "/v1/demo/echo", headers, data=b"{nope")
    assert (status, body["data"]["code"]) == (400, PlatformError.MALFORMED_JSON)


async def test_an_unknown_path_is_a_404_envelope(base_url):
    status, body, _ = await call(base_url, "GET", "/v1/demo/nowhere", signed("GET", "/v1/demo/nowhere"))
    assert (status, body["data"]["code"]) == (404, PlatformError.ROUTE_NOT_FOUND)


async def test_a_documented_endpoint_not_built_yet_is_a_501_naming_it(base_url):
    path = "/v1/demo/organizations"
    status, body, _ = await call(base_url, "POST", path, signed("POST", path))
    assert (status, body["data"]["code"]) == (501, PlatformError.NOT_IMPLEMENTED)
    assert "POST /v1/{network}/organizations" in body["data"]["developer_message"]


async def test_health_is_open_and_metrics_count_requests_by_route_and_status_on_their_own_listener(base_url):
    status, body, _ = await call(base_url, "GET", "/healthz")
    assert (status, body["data"]) == (200, {"status": "ok"})
    await call(base_url, "GET", "/v1/demo/self", signed("GET", "/v1/demo/self"))
    async with serve(create_metrics_app()) as metrics_url, aiohttp.ClientSession() as session:
        async with session.get(metrics_url + "/metrics") as resp:
            text = await resp.text()
    assert 'route="/v1/{network}/self",service="identity",status="200"' in text
    status, body, _ = await call(base_url, "GET", "/metrics")
    assert status == 401  # not on the API's port, where only the gateway's calls are answered
