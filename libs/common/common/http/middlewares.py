"""Middlewares every service installs: request context, error envelope, principal, metrics."""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

import structlog
from aiohttp import web

from common.db import count_statements
from common.errors import DomainError, PlatformError
from common.http.envelope import error_response
from common.http.errors import ApiError
from common.http.metrics import observe_request
from common.http.principal import (
    PRINCIPAL_HEADER,
    REQUEST_ID_HEADER,
    InvalidPrincipal,
    Principal,
    request_target,
    verify_principal,
)

log = structlog.get_logger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

PRINCIPAL = web.RequestKey("principal", Principal)
OPEN_PATHS = frozenset({"/healthz", "/readyz"})

_HTTP_STATUS_ERRORS = {
    404: PlatformError.ROUTE_NOT_FOUND,
    405: PlatformError.METHOD_NOT_ALLOWED,
    413: PlatformError.PAYLOAD_TOO_LARGE,
}


@web.middleware
async def request_context_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    request_id = request.headers.get(REQUEST_ID_HEADER) or uuid.uuid4().hex
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id)
    response = await handler(request)
    response.headers[REQUEST_ID_HEADER] = request_id
    return response


def _http_exception_error(exc: web.HTTPException) -> ApiError:
    catalog = _HTTP_STATUS_ERRORS.get(exc.status)
    if catalog is not None:
        return catalog.error()
    return ApiError(PlatformError.VALIDATION_FAILED, exc.status, exc.reason, exc.text or exc.reason)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except DomainError as exc:
        return error_response(exc)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return error_response(_http_exception_error(exc))
    except Exception:
        log.exception("unhandled_error", method=request.method, path=request.path)
        return error_response(PlatformError.INTERNAL_ERROR.error())


def principal_middleware(secret: bytes) -> Callable:
    """Refuse any request not signed by the gateway; bind who is calling to the logs."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in OPEN_PATHS:
            return await handler(request)
        try:
            target = request_target(request.path, request.query)
            principal = verify_principal(request.headers.get(PRINCIPAL_HEADER), secret, request.method, target)
        except (InvalidPrincipal, ValueError, TypeError) as exc:
            raise PlatformError.PRINCIPAL_INVALID.error(f"Refused: {exc}") from None
        request[PRINCIPAL] = principal
        structlog.contextvars.bind_contextvars(network=principal.network, user_id=principal.user_id)
        return await handler(request)

    return middleware


def metrics_middleware(service: str) -> Callable:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        status = 500
        statements = count_statements()
        try:
            response = await handler(request)
            status = response.status
            return response
        finally:
            await asyncio.sleep(0)  # the statements' counting callbacks run on the next loop turn
            resource = request.match_info.route.resource
            route = resource.canonical if resource is not None else "unmatched"
            observe_request(service, request.method, route, status, time.perf_counter() - started, statements[0])

    return middleware
