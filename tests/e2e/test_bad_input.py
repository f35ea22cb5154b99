"""Bad input changes nothing: every write endpoint of the services built so far answers a
malformed or non-object JSON body with a 400 error envelope, even the endpoints that take no
body, and no row of either service's database changes."""

import asyncpg
import pytest
from actors import call

from common.endpoints import all_endpoints
from common.testing import assert_error, wait_until

WRITES = [e for e in all_endpoints() if e.service in ("identity", "offerings") and e.method in ("POST", "PATCH", "PUT")]
BAD_BODIES = (b"{", b"[1]", b'"text"', b"null")
BOOKKEEPING = ("outbox", "inbox", "mail_outbox")  # delivery state the background workers move on


async def fingerprint(stack) -> dict[str, str]:
    """Each table's contents, hashed, in both services' databases."""
    prints = {}
    for service in ("identity", "offerings"):
        dsn = f"{stack.env['CV_DATABASE_URL'].rstrip('/')}/{stack.env[f'CV_{service.upper()}_DATABASE']}"
        conn = await asyncpg.connect(dsn)
        try:
            tables = [row["tablename"] for row in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
            for table in tables:
                if table not in BOOKKEEPING:
                    prints[f"{service}.{table}"] = await conn.fetchval(
                        f'SELECT md5(coalesce(string_agg(t::text, \',\' ORDER BY t::text), \'\')) FROM "{table}" t')
        finally:
            await conn.close()
    return prints


@pytest.fixture(scope="module")
async def settled(stack, world) -> dict[str, str]:
    """The databases once the world's events have all been consumed."""
    seen: list[dict[str, str]] = [await fingerprint(stack)]

    async def still() -> bool:
        seen.append(await fingerprint(stack))
        return seen[-1] == seen[-2]

    await wait_until(still, timeout=15, interval=0.5)
    return seen[-1]


@pytest.mark.parametrize("endpoint", WRITES, ids=lambda e: f"{e.method} {e.path}")
async def test_a_malformed_body_is_refused_and_changes_nothing(stack, http, cast, world, settled, endpoint):
    path = endpoint.path.format(**world)
    for body in BAD_BODIES:
        status, answer = await call(http, endpoint.method, f"{stack.url}/v1/demo{path}", data=body,
                                    headers=cast.admin.headers | {"Content-Type": "application/json"})
        assert_error(status, answer, 400, 10101)
    assert await fingerprint(stack) == settled
