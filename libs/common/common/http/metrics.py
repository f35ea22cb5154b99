"""Prometheus metrics: request counts and latency by route and status, served on a port of their
own (``CV_METRICS_PORT``), never beside the API."""

from functools import cache

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

REQUESTS = Counter(
    "cv_http_requests_total", "HTTP requests served", ["service", "method", "route", "status"]
)
LATENCY = Histogram(
    "cv_http_request_duration_seconds", "HTTP request latency", ["service", "method", "route"]
)

STATEMENTS = Histogram(
    "cv_db_statements_per_request", "SQL statements one HTTP request ran", ["service", "method", "route"],
    buckets=(1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144),
)


@cache
def _series(service: str, method: str, route: str, status: int) -> tuple[Counter, Histogram, Histogram]:
    """The labelled children, looked up once per label set (labels() is costly per request)."""
    return (REQUESTS.labels(service, method, route, str(status)), LATENCY.labels(service, method, route),
            STATEMENTS.labels(service, method, route))


def observe_request(service: str, method: str, route: str, status: int, seconds: float,
                    statements: int | None = None) -> None:
    """Count the request and its latency; and the SQL statements it ran, for a service with a database."""
    count, latency, statements_run = _series(service, method, route, status)
    count.inc()
    latency.observe(seconds)
    if statements is not None:
        statements_run.observe(statements)


async def metrics_handler(request: web.Request) -> web.Response:
    body = generate_latest()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def create_metrics_app() -> web.Application:
    """The process's metrics listener: ``GET /metrics`` and nothing else."""
    app = web.Application()
    app.router.add_get("/metrics", metrics_handler)
    return app
