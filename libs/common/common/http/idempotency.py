"""Idempotency-Key on POST: a retry gets the first answer (with `Idempotent-Replayed: true`),
the same key with another body a 422, a key whose first request is still running a 409.
Keys are scoped to network, user and endpoint and kept 24 hours. An answer that carries a
credential (``Cache-Control: no-store``) is never kept: a retry of it is refused with its own
code instead of being handed the credential again.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from aiohttp import web

from common.http.envelope import carries_credential
from common.http.errors import PlatformError
from common.http.middlewares import PRINCIPAL, Handler

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
HTTP_MIGRATIONS = ("http", Path(__file__).parent / "migrations")
MAX_KEY_LENGTH = 255
KEPT = timedelta(hours=24)


def idempotency_middleware(pool_key: web.AppKey) -> Callable:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if request.method != "POST" or not key or PRINCIPAL not in request:
            return await handler(request)
        if len(key) > MAX_KEY_LENGTH:
            raise PlatformError.VALIDATION_FAILED.error(fields={IDEMPOTENCY_HEADER: "At most 255 characters"})
        principal = request[PRINCIPAL]
        scope = f"{principal.network}|{principal.user_id}|{request.method} {request.path}"
        request_hash = hashlib.sha256(await request.read()).hexdigest()
        pool = request.app[pool_key]
        async with pool.acquire() as conn:
            await conn.execute("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 "
                               "AND created_at < now() - $3::interval", scope, key, KEPT)
            claimed = await conn.fetchval(
                "INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) "
                "ON CONFLICT DO NOTHING RETURNING true", scope, key, request_hash)
            if not claimed:
                return await _replay(conn, scope, key, request_hash)
        return await _first_answer(request, handler, pool, scope, key)

    return middleware


async def _replay(conn, scope: str, key: str, request_hash: str) -> web.Response:
    row = await conn.fetchrow("SELECT request_hash, status, content_type, body, withheld FROM idempotency_keys "
                              "WHERE scope = $1 AND key = $2", scope, key)
    if row is None or row["status"] is None:
        raise PlatformError.IDEMPOTENCY_IN_PROGRESS.error()
    if row["request_hash"] != request_hash:
        raise PlatformError.IDEMPOTENCY_CONFLICT.error()
    if row["withheld"]:
        raise PlatformError.IDEMPOTENCY_ANSWER_WITHHELD.error()
    return web.Response(status=row["status"], body=row["body"], content_type=row["content_type"],
                        headers={REPLAYED_HEADER: "true"})


async def _first_answer(request: web.Request, handler: Handler, pool, scope: str, key: str) -> web.StreamResponse:
    """Run the request; keep a successful answer for replays (only that it succeeded, when it
    carries a credential)."""
    try:
        response = await handler(request)
    except BaseException:  # an error envelope or a crash: nothing was created, a retry runs again
        await _forget(pool, scope, key)
        raise
    if isinstance(response, web.Response) and response.status < 500:
        withheld = carries_credential(response)
        async with pool.acquire() as conn:
            await conn.execute("UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5, withheld = $6 "
                               "WHERE scope = $1 AND key = $2", scope, key, response.status,
                               response.content_type, None if withheld else response.body, withheld)
    else:
        await _forget(pool, scope, key)
    return response


async def _forget(pool, scope: str, key: str) -> None:
    async with pool.acquire() as conn:
        await conn.execute("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2", scope, key)
