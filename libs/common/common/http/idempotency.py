"""Idempotency-Key on POST: a retry gets the first answer (with `Idempotent-Replayed: true`),
the same key with another body a 422. Keys are scoped to network, user and endpoint and kept
24 hours.

The claim, the request's effect and the stored answer commit in one transaction: the request
runs on the connection that claimed the key (its units of work become savepoints of that
transaction), so a crash or an error anywhere before the commit leaves neither the key nor the
effect, and a retry runs afresh. A duplicate sent while the first is running waits for it and
then replays its answer, or answers 409 when the first takes longer than ``IN_PROGRESS_WAIT``.

An answer that carries a credential (``Cache-Control: no-store``) is never kept: a retry of it
is refused with its own code instead of being handed the credential again.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import asyncpg
from aiohttp import web

from common import failpoints
from common.errors import PlatformError
from common.http.envelope import carries_credential
from common.http.middlewares import PRINCIPAL, Handler

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
HTTP_MIGRATIONS = ("http", Path(__file__).parent / "migrations")
MAX_KEY_LENGTH = 255
KEPT = timedelta(hours=24)
IN_PROGRESS_WAIT = "10s"
REQUEST_CONNECTION = web.RequestKey("request_connection", asyncpg.Connection)


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
        async with request.app[pool_key].acquire() as conn:
            await conn.execute("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 "
                               "AND created_at < now() - $3::interval", scope, key, KEPT)
            try:
                async with conn.transaction():
                    if not await _claim(conn, scope, key, request_hash):
                        return await _replay(conn, scope, key, request_hash)
                    request[REQUEST_CONNECTION] = conn
                    response = await _first_answer(request, handler, conn, scope, key)
                    failpoints.reached("idempotency.before_commit")
            except _Unkept as unkept:
                return unkept.response
            finally:
                request.pop(REQUEST_CONNECTION, None)
        failpoints.reached("idempotency.after_commit")
        return response

    return middleware


class _Unkept(Exception):
    """The first answer is not kept (a 5xx or a streamed answer): its transaction rolls back."""

    def __init__(self, response: web.StreamResponse) -> None:
        self.response = response


async def _claim(conn: asyncpg.Connection, scope: str, key: str, request_hash: str) -> bool:
    """True when this request is the first with the key; waits for a concurrent first to finish."""
    await conn.execute(f"SET LOCAL lock_timeout = '{IN_PROGRESS_WAIT}'")
    try:
        claimed = await conn.fetchval(
            "INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) "
            "ON CONFLICT DO NOTHING RETURNING true", scope, key, request_hash)
    except asyncpg.LockNotAvailableError:
        raise PlatformError.IDEMPOTENCY_IN_PROGRESS.error() from None
    await conn.execute("SET LOCAL lock_timeout TO DEFAULT")  # the wait bounds the claim, not the request's own locks
    return bool(claimed)


async def _first_answer(request: web.Request, handler: Handler, conn: asyncpg.Connection, scope: str,
                        key: str) -> web.StreamResponse:
    """Run the request in the claiming transaction and keep its answer there; an error raised
    by the handler rolls back the claim with the effect."""
    response = await handler(request)
    if not isinstance(response, web.Response) or response.status >= 500:
        raise _Unkept(response)
    withheld = carries_credential(response)
    await conn.execute("UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5, withheld = $6 "
                       "WHERE scope = $1 AND key = $2", scope, key, response.status,
                       response.content_type, None if withheld else response.body, withheld)
    return response


async def _replay(conn: asyncpg.Connection, scope: str, key: str, request_hash: str) -> web.Response:
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
