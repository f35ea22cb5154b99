"""The Crowd Valley response envelope."""

from typing import Any

from aiohttp import web

from common.json import dumps

JSON_CONTENT_TYPE = "application/json"


def success(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    body = dumps({"outcome": "success", "data": data, "status": status})
    return web.Response(body=body, status=status, content_type=JSON_CONTENT_TYPE, headers=headers)


def page(items: list[Any], offset: int, limit: int, count: int) -> web.Response:
    return success({"offset": offset, "limit": limit, "count": count, "list": items})


def error_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        body=dumps(body), status=body["status"], content_type=JSON_CONTENT_TYPE, headers=headers
    )
