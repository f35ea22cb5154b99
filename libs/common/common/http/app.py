"""The shape every service's aiohttp application shares.

``create_service_app`` installs the middlewares and the health routes; a service adds its
routes and its resources (as cleanup contexts) on top. ``create_health_app`` is the same
without any API: what a background role (common.roles) serves. ``run`` serves either, and
the process's metrics on ``CV_METRICS_PORT`` when that is set.

``/healthz`` (liveness) fails once a background task of the process has stopped;
``/readyz`` (readiness) asks each resource the process depends on (postgres, the broker).
"""

import asyncio
import itertools
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import asyncpg
import structlog
from aiohttp import web

from common.db import create_pool, load_migrations, migrate
from common.errors import PlatformError
from common.http.envelope import success
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
BACKGROUND_TASKS = web.AppKey("background_tasks", dict[str, asyncio.Task])
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
    add_health_routes(app)
    return app


def create_health_app() -> web.Application:
    """The app of a process without an API: its health and readiness, nothing else."""
    app = web.Application(middlewares=[request_context_middleware, error_middleware])
    add_health_routes(app)
    return app


def add_health_routes(app: web.Application) -> None:
    app[READINESS_CHECKS] = {}
    app[BACKGROUND_TASKS] = {}
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)


async def healthz(request: web.Request) -> web.Response:
    stopped = sorted(name for name, task in request.app[BACKGROUND_TASKS].items() if task.done())
    if stopped:
        raise PlatformError.UPSTREAM_UNAVAILABLE.error(f"stopped: {stopped}")
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


@asynccontextmanager
async def background_task(app: web.Application, name: str, work: Coroutine) -> AsyncIterator[asyncio.Task]:
    """Run ``work`` while the app serves, cancelled at cleanup. It is meant to run for ever: when
    it stops, the error is logged and ``/healthz`` fails, so that the process gets restarted."""
    task = asyncio.create_task(work, name=name)
    task.add_done_callback(_log_stopped)
    if BACKGROUND_TASKS in app:  # an app with health routes: its /healthz watches the task
        app[BACKGROUND_TASKS][name] = task
    try:
        yield task
    finally:
        task.remove_done_callback(_log_stopped)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def _log_stopped(task: asyncio.Task) -> None:
    if not task.cancelled():  # cancelled: the process is stopping
        log.error("background_task_stopped", task=task.get_name(), exc_info=task.exception())


def postgres_context(
    dsn: str, migrations: Sequence[tuple[str, Path]] = (), min_size: int = 1, max_size: int = 10,
    apply_migrations: bool = True,
) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context owning the service's pool. It applies the migrations given, or, when
    told not to, waits until someone else (the api role, ``cvctl migrate``) has applied them."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        pool = await create_pool(dsn, min_size, max_size)
        if migrations:
            async with pool.acquire() as conn:
                if apply_migrations:
                    await migrate(conn, migrations)
                else:
                    await wait_for_migrations(conn, migrations)
        app[PG] = pool

        async def check_database() -> None:
            async with pool.acquire() as conn:
                await conn.fetchval("SELECT 1")

        app[READINESS_CHECKS]["postgres"] = check_database
        yield
        await pool.close()

    return context


async def wait_for_migrations(conn: asyncpg.Connection, migrations: Sequence[tuple[str, Path]],
                              poll_seconds: float = 1.0) -> None:
    """Return once the database has every migration this code knows; a process that works on
    the tables without applying migrations itself never runs on an older schema."""
    expected = [migration.name for migration in load_migrations(migrations)]
    for attempt in itertools.count():
        applied = await _applied_migrations(conn)
        missing = [name for name in expected if name not in applied]
        if not missing:
            return
        if attempt % 30 == 0:
            log.warning("waiting_for_migrations", missing=len(missing), first=missing[0])
        await asyncio.sleep(poll_seconds)


async def _applied_migrations(conn: asyncpg.Connection) -> set[str]:
    try:
        return {row["name"] for row in await conn.fetch("SELECT name FROM schema_migrations")}
    except asyncpg.UndefinedTableError:  # nothing migrated yet
        return set()


def run(service: str, settings: S, create_app: Callable[[S], web.Application], host: str, port: int,
        role: str | None = None) -> None:
    """A process's entrypoint: check its secrets, configure logging, then serve the app (and its
    metrics on their own port) on uvloop until SIGINT/SIGTERM."""
    try:
        settings.require_secrets()
    except MissingSecret as exc:
        sys.exit(f"{service} refuses to start: {exc}")
    configure_logging(settings.log_level, settings.log_format, service=service)
    if role:
        structlog.contextvars.bind_contextvars(role=role)

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
