"""The shape every service's aiohttp application shares.

``create_service_app`` installs the middlewares and the health routes; a service adds its
routes and its resources (as cleanup contexts) on top. ``run`` serves it, and the process's
metrics on ``CV_METRICS_PORT`` when that is set.
"""

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

import asyncpg
import structlog
from aiohttp import web

from common.db import create_pool, migrate
from common.http.envelope import success
from common.http.errors import PlatformError
from common.http.idempotency import idempotency_middleware
from common.http.middlewares import (
    error_middleware,
    metrics_middleware,
    principal_middleware,
    request_context_middleware,
)
from common.http.requests import json_body_middleware, query_middleware
from common.http.server import run_serving
from common.logging import configure_logging
from common.settings import CommonSettings, MissingSecret

S = TypeVar("S", bound=CommonSettings)

log = structlog.get_logger(__name__)

ReadinessCheck = Callable[[], Awaitable[object]]
READINESS_CHECKS = web.AppKey("readiness_checks", dict[str, ReadinessCheck])
PG = web.AppKey("pg", asyncpg.Pool)

DEFAULT_BODY_LIMIT = 1024 * 1024


def create_service_app(service: str, settings: CommonSettings) -> web.Application:
    settings.require_secrets()
    app = web.Application(
        middlewares=[
            request_context_middleware,
            metrics_middleware(service),
            error_middleware,
            principal_middleware(settings.secret("internal_secret").encode()),
            query_middleware,
            json_body_middleware,
            idempotency_middleware(PG),
        ],
        client_max_size=DEFAULT_BODY_LIMIT,
    )
    app[READINESS_CHECKS] = {}
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app


async def healthz(request: web.Request) -> web.Response:
    return success({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    failed = {}
    for name, check in request.app[READINESS_CHECKS].items():
        try:
            await asyncio.wait_for(check(), timeout=2)
        except Exception as exc:  # any failure means not ready
            failed[name] = type(exc).__name__
    if failed:
        raise PlatformError.UPSTREAM_UNAVAILABLE.error(f"not ready: {failed}")
    return success({"status": "ready", "checks": sorted(request.app[READINESS_CHECKS])})


def postgres_context(
    dsn: str, migrations: Sequence[tuple[str, Path]] = (), min_size: int = 1, max_size: int = 10
) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context owning the service's pool; applies migrations when given."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        pool = await create_pool(dsn, min_size, max_size)
        if migrations:
            async with pool.acquire() as conn:
                await migrate(conn, migrations)
        app[PG] = pool

        async def check_database() -> None:
            async with pool.acquire() as conn:
                await conn.fetchval("SELECT 1")

        app[READINESS_CHECKS]["postgres"] = check_database
        yield
        await pool.close()

    return context


def run(service: str, settings: S, create_app: Callable[[S], web.Application], host: str, port: int) -> None:
    """A process's entrypoint: check its secrets, configure logging, then serve the app (and its
    metrics on their own port) on uvloop until SIGINT/SIGTERM."""
    try:
        settings.require_secrets()
    except MissingSecret as exc:
        sys.exit(f"{service} refuses to start: {exc}")
    configure_logging(settings.log_level, settings.log_format, service=service)

    async def factory() -> web.Application:
        return create_app(settings)

    run_serving(factory, host, port, settings.metrics_port)


def add_not_implemented_routes(app: web.Application, service: str) -> None:
    """Answer 501, naming the endpoint, for each of the service's documented endpoints it lacks."""
    from common.endpoints import endpoints_of

    taken = {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None
    }
    for endpoint in endpoints_of(service):
        if (endpoint.method, endpoint.full_path) in taken:
            continue
        name = f"{endpoint.method} {endpoint.full_path} ({endpoint.title})"

        async def not_implemented(request: web.Request, name: str = name) -> web.Response:
            raise PlatformError.NOT_IMPLEMENTED.error(f"Endpoint not implemented yet: {name}")

        app.router.add_route(endpoint.method, endpoint.full_path, not_implemented)
