"""The real identity service on a port, its own fresh database, and two networks."""

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from common.db import pool_context
from common.http.principal import Principal
from common.testing import NetworkCredentials, principal_headers, serve
from identity.app import create_app
from identity.service import networks as networks
from identity.settings import IdentitySettings

INTERNAL_SECRET = secrets.token_urlsafe(32)


@dataclass
class IdentityService:
    url: str
    settings: IdentitySettings
    http: aiohttp.ClientSession
    pool: object
    demo: NetworkCredentials
    other: NetworkCredentials

    async def call(self, method: str, path: str, principal: Principal | None, **kwargs) -> tuple[int, dict]:
        headers = kwargs.pop("headers", {})
        if principal is not None:
            headers |= principal_headers(principal, INTERNAL_SECRET.encode(), method, path)
        async with self.http.request(method, self.url + path, headers=headers, **kwargs) as response:
            return response.status, await response.json()

    async def authenticate(self, network: str, credential: dict) -> tuple[int, dict]:
        return await self.call("POST", f"/internal/networks/{network}/authenticate",
                               Principal(network=network), json=credential)


async def _tenant(pool, name: str) -> NetworkCredentials:
    email, password = f"admin@{name}.example", "testtest-" + secrets.token_hex(4)
    async with pool.acquire() as conn:
        created = await networks.create_network(conn, name, email, password, ("https://app.example",))
    return NetworkCredentials(**created, admin_email=email, admin_password=password)


@pytest.fixture(scope="session")
async def identity(make_database, infra, broker_prefix, broker_cleanup) -> AsyncIterator[IdentityService]:
    dsn = await make_database("identity")
    broker_cleanup.append(("exchange", f"{broker_prefix}.identity.events"))
    settings = IdentitySettings(
        identity_database=dsn.rsplit("/", 1)[1],
        database_url=dsn.rsplit("/", 1)[0],
        internal_secret=INTERNAL_SECRET,
        auth_freshness_seconds=900,
        amqp_url=infra.amqp_url,
        broker_prefix=f"{broker_prefix}.identity",
    )
    async with serve(create_app(settings)) as url, pool_context(dsn) as pool, aiohttp.ClientSession() as http:
        yield IdentityService(url, settings, http, pool, await _tenant(pool, "demo"), await _tenant(pool, "other"))
