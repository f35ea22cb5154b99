"""The real payments service on a port with its own database; offerings' events fed through
the service's own handlers (as its consumer does)."""

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
    admin = person(ADMIN, admin=True)

    async def call(self, method: str, path: str, principal: Principal, **kwargs) -> tuple[int, dict]:
        url = URL(self.url + path)
        signed = principal_headers(principal, SECRET.encode(), method, url.raw_path_qs)
        async with self.http.request(method, url, headers=signed, **kwargs) as response:
            return response.status, await response.json()

    async def feed(self, *events, network: str = NETWORK, network_id: int = NETWORK_ID) -> None:
        async with PaymentsUnitOfWork(self.pool, Tenant(network, network_id)) as uow:
            for event in events:
                await CONSUMES[type(event)](uow, event)
            await uow.commit()

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


@pytest.fixture(scope="session")
async def payments_service(make_database, infra) -> AsyncIterator[PaymentsService]:
    dsn = await make_database("payments")
    settings = PaymentsSettings(payments_database=dsn.rsplit("/", 1)[1], database_url=infra.database_url,
                                amqp_url=infra.amqp_url, internal_secret=SECRET, db_pool_max=30,
                                identity_url="http://127.0.0.1:9")  # no identity: members' decisions answer 503
    async with serve(ROLES.create_app(settings, API)) as url, pool_context(dsn) as pool, \
            aiohttp.ClientSession() as http:
        yield PaymentsService(url, http, pool, settings.payments_database)

