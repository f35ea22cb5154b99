"""The gateway in front of the real identity service and the real placeholder services.

Payments' address points at a stand-in upstream that reports what it received (the
principal it verified, the headers, the body's hash), so the tests can observe forwarding.
"""

import asyncio
import hashlib
import secrets
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp import web

from common.db import pool_context
from common.http.app import create_service_app
from common.http.envelope import success
from common.http.middlewares import PRINCIPAL
from common.settings import CommonSettings
from common.testing import NetworkCredentials, broker_objects, free_port, serve
from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from identity.app import create_app as create_identity
from identity.service import networks as networks
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings
from offerings.app import create_app as create_offerings
from offerings.settings import OfferingsSettings
from payments.app import create_app as create_payments
from payments.settings import PaymentsSettings

SECRET = secrets.token_urlsafe(32)
BODY_LIMIT = 1024 * 1024  # 1 MiB in these tests


@dataclass
class Rig:
    url: str
    http: aiohttp.ClientSession
    identity_pool: object
    settings: GatewaySettings
    demo: NetworkCredentials
    other: NetworkCredentials

    async def call(self, method: str, path: str, **kwargs) -> tuple[int, dict, dict]:
        async with self.http.request(method, self.url + path, **kwargs) as response:
            body = await response.json(content_type=None) if response.status != 204 else {}
            return response.status, body, response.headers.copy()


def stand_in_upstream() -> web.Application:
    app = create_service_app("stand-in", CommonSettings(internal_secret=SECRET))

    async def echo(request: web.Request) -> web.Response:
        digest, length = hashlib.sha256(), 0
        async for chunk in request.content.iter_chunked(65536):
            digest.update(chunk)
            length += len(chunk)
        return success({"principal": request[PRINCIPAL].__dict__, "headers": dict(request.headers),
                        "sha256": digest.hexdigest(), "length": length, "path_qs": request.path_qs})

    async def download(request: web.Request) -> web.StreamResponse:
        if "sleep" in request.query:
            await asyncio.sleep(float(request.query["sleep"]))
        size = int(request.query.get("size", "10"))
        response = web.StreamResponse()
        if "cut" in request.query:  # promise twice the bytes, send half, hang up
            response.content_length = 2 * size
            await response.prepare(request)
            await response.write(b"x" * size)
            request.transport.close()
            return response
        await response.prepare(request)
        for _ in range(size // 65536):
            await response.write(b"x" * 65536)
        await response.write(b"x" * (size % 65536))
        return response

    async def cookie_setter(request: web.Request) -> web.Response:
        response = success({"cookie_received": request.headers.get("Cookie")})
        response.set_cookie("upstream_session", "for-the-first-caller-only")
        return response

    app.router.add_post("/v1/{network}/self/wallets", echo)
    app.router.add_get("/v1/{network}/self/payouts", cookie_setter)
    app.router.add_get("/v1/{network}/self/wallets", download)
    return app


async def garbage_server() -> tuple[asyncio.AbstractServer, int]:
    """Speaks something that is not HTTP."""

    async def answer(reader, writer):
        await reader.read(1024)
        writer.write(b"NOT HTTP AT ALL\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def _tenant(pool, name: str) -> NetworkCredentials:
    email, password = f"admin@{name}.example", "pw-" + secrets.token_hex(6)
    async with IdentityUnitOfWork(pool, None) as uow:
        created = await networks.create_network(uow, name, email, password, ("https://app.example",),
                                                frontend_urls=("https://app.example",))
        await uow.commit()
    return NetworkCredentials(**created, admin_email=email, admin_password=password)


@pytest.fixture(scope="session")
async def rig(make_database, infra, broker_prefix, broker_cleanup) -> AsyncIterator[Rig]:
    prefix = f"{broker_prefix}.gw"
    broker_cleanup.extend(broker_objects(prefix, "identity", "offerings"))
    common = {"internal_secret": SECRET, "database_url": infra.database_url, "amqp_url": infra.amqp_url,
              "broker_prefix": prefix}
    identity_db = (await make_database("gw_identity")).rsplit("/", 1)[1]
    offerings_db = (await make_database("gw_offerings")).rsplit("/", 1)[1]
    identity_settings = IdentitySettings(identity_database=identity_db, token_secret=secrets.token_urlsafe(32),
                                         **common)
    garbage, garbage_port = await garbage_server()
    async with AsyncExitStack() as stack:
        identity_url = await stack.enter_async_context(serve(create_identity(identity_settings)))
        offerings_url = await stack.enter_async_context(
            serve(create_offerings(OfferingsSettings(offerings_database=offerings_db, **common))))
        payments_url = await stack.enter_async_context(serve(stand_in_upstream()))
        settings = GatewaySettings(
            identity_url=identity_url, offerings_url=offerings_url, payments_url=payments_url,
            registry_url=f"http://127.0.0.1:{garbage_port}",
            gateway_body_limit_bytes=BODY_LIMIT, gateway_upstream_timeout_seconds=1.0,
            gateway_auth_cache_seconds=300, gateway_auth_rate_per_minute=1000, gateway_auth_rate_burst=1000,
            **common,
        )
        url = await stack.enter_async_context(serve(create_gateway(settings)))
        pool = await stack.enter_async_context(pool_context(identity_settings.dsn))
        http = await stack.enter_async_context(aiohttp.ClientSession())
        yield Rig(url, http, pool, settings, await _tenant(pool, "demo"), await _tenant(pool, "other"))
    garbage.close()


@pytest.fixture
def closed_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
async def payments_url(make_database, infra) -> AsyncIterator[str]:
    """The payments service as it stands (its endpoints answer 501 until its issue)."""
    database = (await make_database("gw_payments")).rsplit("/", 1)[1]
    settings = PaymentsSettings(payments_database=database, database_url=infra.database_url, internal_secret=SECRET)
    async with serve(create_payments(settings, "api")) as url:
        yield url
