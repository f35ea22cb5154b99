"""The Crowd Valley response envelope."""

from typing import Any

from aiohttp import web

from common.errors import DomainError
from common.http.errors import error_body
from common.json import dumps

JSON_CONTENT_TYPE = "application/json"
NO_STORE = "no-store"


def success(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    body = dumps({"outcome": "success", "data": data, "status": status})
    return web.Response(body=body, status=status, content_type=JSON_CONTENT_TYPE, headers=headers)


def credential_answer(data: Any) -> web.Response:
    """A success that carries a credential (a session token): no cache and no Idempotency-Key
    store may keep it (``Cache-Control: no-store``, as RFC 6749 5.1 asks of token answers)."""
    return success(data, headers={"Cache-Control": NO_STORE, "Pragma": "no-cache"})


def carries_credential(response: web.StreamResponse) -> bool:
    return NO_STORE in response.headers.get("Cache-Control", "")


def page(items: list[Any], offset: int, limit: int, count: int) -> web.Response:
    return success({"offset": offset, "limit": limit, "count": count, "list": items})


def error_response(error: DomainError, headers: dict[str, str] | None = None) -> web.Response:
    """The error envelope; a refusal that may be retried later says when (``Retry-After``)."""
    headers = {**getattr(error, "headers", {}), **(headers or {})}
    if error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    return web.Response(body=dumps(error_body(error)), status=error.status, content_type=JSON_CONTENT_TYPE,
                        headers=headers)
