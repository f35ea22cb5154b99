"""Helpers for the project's tests: serve an app on a real port, sign principals."""

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from aiohttp import web

from common.http.principal import PRINCIPAL_HEADER, Principal, sign_principal


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def serve(app: web.Application, port: int | None = None) -> AsyncIterator[str]:
    """Run ``app`` on 127.0.0.1 (startup and cleanup contexts included); yield its base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port or 0)
    await site.start()
    bound = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{bound}"
    finally:
        await runner.cleanup()


def principal_headers(principal: Principal, secret: bytes, method: str, path: str) -> dict[str, str]:
    return {PRINCIPAL_HEADER: sign_principal(principal, secret, method, path)}


async def wait_until(predicate: Callable[[], Awaitable[bool]], timeout: float = 10, interval: float = 0.05) -> None:
    """Poll an async predicate until it holds, failing the test at the deadline."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(interval)


@dataclass(frozen=True)
class NetworkCredentials:
    """What `cvctl network create` hands out, plus the admin's log-in, as tests use them."""

    network: str
    api_key: str
    api_secret: str
    admin_user_id: int
    admin_email: str
    admin_password: str

    def as_user(self, email: str, password: str) -> "NetworkCredentials":
        """The same network's keys with another user's log-in."""
        return replace(self, admin_email=email, admin_password=password)


def assert_error(status: int, body: dict, expected_status: int, code: int) -> None:
    """The answer is the error envelope with this HTTP status and error code."""
    assert (status, body["outcome"], body["status"], body["data"]["code"]) == (
        expected_status, "error", expected_status, code), body
    assert body["data"]["user_message"] and body["data"]["developer_message"]



def broker_objects(prefix: str, *consumers: str) -> list[tuple[str, str]]:
    """What services with this broker prefix declare: the events exchange and each consumer's
    queues (for the tests' broker cleanup)."""
    from common.messaging.consumer import DEFAULT_RETRY_DELAYS
    from common.messaging.topology import ConsumerQueues

    objects = [("exchange", f"{prefix}.events")]
    for consumer in consumers:
        objects += [("queue", name) for name in ConsumerQueues(prefix, consumer, DEFAULT_RETRY_DELAYS).all_names()]
    return objects


def statements_run(service: str, method: str, route: str) -> float:
    """How many SQL statements this process's requests to ``route`` have run so far (the
    ``cv_db_statements_per_request`` histogram's sum): read it before and after a request."""
    from prometheus_client import REGISTRY

    labels = {"service": service, "method": method, "route": route}
    return REGISTRY.get_sample_value("cv_db_statements_per_request_sum", labels) or 0.0
