"""The real payments service on a port with its own database, beside the real identity service it
asks about memberships; offerings' events fed through the service's own handlers (as its
consumer does)."""

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal

import aiohttp
import pytest
from yarl import URL

from common.db import pool_context
from common.events.offerings import InvestmentSettledV1, OfferingCreatedV1
from common.http.principal import Principal
from common.roles import API
from common.testing import principal_headers, serve
from common.uow import Tenant
from identity.app import create_app as create_identity
from identity.service import networks
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings
from payments.app import ROLES
from payments.entrypoints.consumers import CONSUMES
from payments.service.unit_of_work import PaymentsUnitOfWork
from payments.settings import PaymentsSettings

SECRET = secrets.token_urlsafe(32)
NETWORK, NETWORK_ID = "demo", 1
ADMIN = 1


def person(user_id: int | None, admin: bool = False, network: str = NETWORK, network_id: int = NETWORK_ID) -> Principal:
    return Principal(network=network, network_id=network_id, user_id=user_id, is_admin=admin)


@dataclass
class PaymentsService:
    url: str
    http: aiohttp.ClientSession
    pool: object
    database: str
    identity_url: str
    admin = person(ADMIN, admin=True)

    async def call(self, method: str, path: str, principal: Principal, base: str | None = None,
                   **kwargs) -> tuple[int, dict]:
        url = URL((base or self.url) + path)
        signed = principal_headers(principal, SECRET.encode(), method, url.raw_path_qs)
        async with self.http.request(method, url, headers=signed, **kwargs) as response:
            return response.status, await response.json()

    async def feed(self, *events, network: str = NETWORK, network_id: int = NETWORK_ID) -> None:
        async with PaymentsUnitOfWork(self.pool, Tenant(network, network_id)) as uow:
            for event in events:
                await CONSUMES[type(event)](uow, event)
            await uow.commit()

    async def member_of_new_organization(self) -> tuple[int, int]:
        """A user registered with identity and the organization they create there (its member)."""
        status, body = await self.call("POST", "/v1/demo/users", person(None), base=self.identity_url,
                                       json={"email": f"u-{secrets.token_hex(4)}@pay.example",
                                             "password": "correct horse battery", "url": "https://app.example/v"})
        assert status == 200, body
        user_id = body["data"]["user_id"]
        status, body = await self.call("POST", "/v1/demo/organizations", person(user_id), base=self.identity_url,
                                       json={"display_name": "Borrower Ltd"})
        assert status == 200, body
        return user_id, body["data"]["organization_id"]

    async def settled(self, offering_id: int, organization_id: int, *holdings: tuple[int, int, str]) -> None:
        """An offering and its settled investments: (investment_id, user_id, amount) each."""
        await self.feed(OfferingCreatedV1(offering_id=offering_id, organization_id=organization_id,
                                          life_cycle_stage=0, fields=[]),
                        *[InvestmentSettledV1(investment_id=i, offering_id=offering_id, user_id=u,
                                              investment_amount=Decimal(a), life_cycle_stage=4)
                          for i, u, a in holdings])

    async def wallet(self, user_id: int, currency: str = "EUR", funded: str | None = None) -> int:
        status, body = await self.call("POST", "/v1/demo/self/wallets", person(user_id), json={"currency": currency})
        assert status == 200, body
        wallet_id = body["data"]["wallet_id"]
        if funded:
            status, body = await self.call("POST", f"/v1/demo/wallets/{wallet_id}/transactions", self.admin,
                                           json={"transaction_amount": funded, "payment_status": 1})
            assert status == 200, body
        return wallet_id

    async def balances(self, wallet_id: int) -> tuple[str, str, str]:
        status, body = await self.call("GET", f"/v1/demo/wallets/{wallet_id}", self.admin)
        assert status == 200, body
        wallet = body["data"]["wallet"]
        return wallet["balance"], wallet["committed_balance"], wallet["free_balance"]


async def _network(pool, name: str) -> int:
    async with IdentityUnitOfWork(pool, None) as uow:
        await networks.create_network(uow, name, f"admin@{name}.example", "testtest-" + secrets.token_hex(4),
                                      ("https://app.example",), frontend_urls=("https://app.example",))
        await uow.commit()
    return await pool.fetchval("SELECT id FROM networks WHERE name = $1", name)


@pytest.fixture(scope="session")
async def payments_service(make_database, infra) -> AsyncIterator[PaymentsService]:
    identity_dsn, dsn = await make_database("payidentity"), await make_database("payments")
    identity_settings = IdentitySettings(identity_database=identity_dsn.rsplit("/", 1)[1],
                                         database_url=infra.database_url, internal_secret=SECRET,
                                         token_secret=secrets.token_urlsafe(32), amqp_url=infra.amqp_url)
    async with serve(create_identity(identity_settings, API)) as identity_url, pool_context(identity_dsn) as ipool:
        assert (await _network(ipool, NETWORK), await _network(ipool, "other")) == (NETWORK_ID, 2)
        settings = PaymentsSettings(payments_database=dsn.rsplit("/", 1)[1], database_url=infra.database_url,
                                    amqp_url=infra.amqp_url, internal_secret=SECRET, db_pool_max=30,
                                    identity_url=identity_url)
        async with serve(ROLES.create_app(settings, API)) as url, pool_context(dsn) as pool, \
                aiohttp.ClientSession() as http:
            yield PaymentsService(url, http, pool, settings.payments_database, identity_url)

