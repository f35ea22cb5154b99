"""The real identity service on a port, its own fresh database, and two networks."""

import secrets
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field, replace

import aiohttp
import pytest
from yarl import URL

from common.db import pool_context
from common.http.principal import Principal
from common.testing import (
    NetworkCredentials,
    broker_objects,
    free_port,
    principal_headers,
    serve,
)
from common.testing.cvauth import created_now, encode_password, token_digest
from common.testing.mail import Mailbox
from identity.app import create_app
from identity.service import networks as networks
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings
from sandboxes.smtp_sink import start_sink
from sandboxes.social import create_app as create_social_sandbox
from sandboxes.social import provider_urls

INTERNAL_SECRET = secrets.token_urlsafe(32)
PASSWORD = "correct horse battery"
VERIFY_URL = "https://app.example/verify-email"


@dataclass
class IdentityService:
    url: str
    mailbox: Mailbox
    settings: IdentitySettings
    http: aiohttp.ClientSession
    pool: object
    demo: NetworkCredentials
    other: NetworkCredentials
    social_sandbox_url: str
    network_ids: dict[str, int] = field(default_factory=dict)

    def operator(self) -> IdentityUnitOfWork:
        """A unit of work as cvctl opens one: for no network until a use case names it."""
        return IdentityUnitOfWork(self.pool, None)

    async def call(self, method: str, path: str, principal: Principal | None, **kwargs) -> tuple[int, dict]:
        headers = kwargs.pop("headers", {})
        url = URL(self.url + path)
        if principal is not None and principal.network_id is None and path.startswith("/v1/"):
            principal = replace(principal, network_id=self.network_ids.get(principal.network))  # as the gateway signs it
        if principal is not None:  # signed over the path as it travels, percent-encoding included
            headers |= principal_headers(principal, INTERNAL_SECRET.encode(), method, url.raw_path_qs)
        async with self.http.request(method, url, headers=headers, **kwargs) as response:
            return response.status, await response.json()

    async def authenticate(self, network: str, credential: dict) -> tuple[int, dict]:
        return await self.call("POST", f"/internal/networks/{network}/authenticate",
                               Principal(network=network), json=credential)

    async def register(self, email: str, password: str = PASSWORD, network: str = "demo", **fields) -> tuple[int, dict]:
        body = {"email": email, "password": password, "url": VERIFY_URL} | fields
        return await self.call("POST", f"/v1/{network}/users", Principal(network=network), json=body)

    async def registered(self, **fields) -> tuple[int, str]:
        """A new user of demo: their id and email."""
        email = f"user-{secrets.token_hex(4)}@demo.example"
        status, body = await self.register(email, **fields)
        assert status == 200, body
        return body["data"]["user_id"], email

    async def digest_log_in(self, email: str, password: str, network: str = "demo") -> tuple[int, dict]:
        tenant = self.demo if network == "demo" else self.other
        nonce, created = secrets.token_hex(8), created_now()
        return await self.authenticate(network, {
            "kind": "digest", "api_key": tenant.api_key, "nonce": nonce, "created": created,
            "token_digest": token_digest(nonce, created, tenant.api_secret),
            "username": email, "password": encode_password(password, tenant.api_secret)})


async def _tenant(pool, name: str) -> NetworkCredentials:
    email, password = f"admin@{name}.example", "testtest-" + secrets.token_hex(4)
    async with IdentityUnitOfWork(pool, None) as uow:
        created = await networks.create_network(uow, name, email, password, ("https://app.example",),
                                                frontend_urls=("https://app.example",))
        await uow.commit()
    return NetworkCredentials(**created, admin_email=email, admin_password=password)


@pytest.fixture(scope="session")
async def identity(make_database, infra, broker_prefix, broker_cleanup, tmp_path_factory) -> AsyncIterator[IdentityService]:
    dsn = await make_database("identity")
    mail_dir, smtp_port = tmp_path_factory.mktemp("mail"), free_port()
    sink = start_sink(mail_dir, "127.0.0.1", smtp_port)
    broker_cleanup.extend(broker_objects(f"{broker_prefix}.identity", "identity"))
    social_stack = AsyncExitStack()
    social_url = await social_stack.enter_async_context(serve(create_social_sandbox()))
    settings = IdentitySettings(
        **provider_urls(social_url),
        identity_database=dsn.rsplit("/", 1)[1],
        database_url=dsn.rsplit("/", 1)[0],
        internal_secret=INTERNAL_SECRET,
        token_secret=secrets.token_urlsafe(32),
        auth_freshness_seconds=900,
        amqp_url=infra.amqp_url,
        broker_prefix=f"{broker_prefix}.identity",
        smtp_url=f"smtp://127.0.0.1:{smtp_port}",
    )
    async with serve(create_app(settings)) as url, pool_context(dsn) as pool, aiohttp.ClientSession() as http:
        service = IdentityService(url, Mailbox(mail_dir), settings, http, pool, await _tenant(pool, "demo"),
                                  await _tenant(pool, "other"), social_url)
        service.network_ids = {row["name"]: row["id"] for row in await pool.fetch("SELECT id, name FROM networks")}
        yield service
    sink.stop()
    await social_stack.aclose()
