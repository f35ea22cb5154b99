"""``cv_db_statements_per_request`` counts what a request runs: a handler running N statements
through the pool shows exactly N more than one running none (taking and giving back the
connection costs the same whatever N)."""

import secrets
import uuid

import aiohttp
import pytest
from aiohttp import web

from common.http.app import PG, create_service_app, postgres_context
from common.http.envelope import success
from common.http.principal import Principal
from common.settings import CommonSettings
from common.testing import principal_headers, serve, statements_run

SETTINGS = CommonSettings(internal_secret=secrets.token_urlsafe(32))
CALLER = Principal(network="demo", network_id=1, user_id=5)
SERVICE = "statements-probe"
ROUTE = "/v1/{network}/statements/{count}"


async def run_statements(request: web.Request) -> web.Response:
    count = int(request.match_info["count"])
    async with request.app[PG].acquire() as conn:
        for n in range(count):
            await conn.fetchval("SELECT $1::int", n)
    return success({"ran": count})


@pytest.fixture(scope="module")
async def base_url(make_database):
    app = create_service_app(SERVICE, SETTINGS)
    app.cleanup_ctx.append(postgres_context(await make_database(f"stmts_{uuid.uuid4().hex[:6]}"), max_size=2))
    app.router.add_get(ROUTE, run_statements)
    async with serve(app) as url:
        yield url


async def statements_of(base_url: str, count: int) -> float:
    path = f"/v1/demo/statements/{count}"
    before = statements_run(SERVICE, "GET", ROUTE)
    headers = principal_headers(CALLER, SETTINGS.secret("internal_secret").encode(), "GET", path)
    async with aiohttp.ClientSession() as session, session.get(base_url + path, headers=headers) as resp:
        assert resp.status == 200
    return statements_run(SERVICE, "GET", ROUTE) - before


async def test_a_request_counts_exactly_the_statements_its_handler_ran(base_url):
    overhead = await statements_of(base_url, 0)
    assert [await statements_of(base_url, count) - overhead for count in (1, 5, 1)] == [1, 5, 1]
