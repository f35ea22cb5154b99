"""The real offerings service on a port with its own database; identity's read models fed
through the service's own event handlers (as its consumer does)."""

import secrets
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from yarl import URL

from common.db import migrate, pool_context
from common.events.identity import MemberAddedV1, OrganizationCreatedV1, UserRegisteredV1
from common.http.principal import Principal
from common.testing import broker_objects, principal_headers, serve
from common.uow import Tenant
from offerings.app import MIGRATIONS, create_app
from offerings.entrypoints.consumers import CONSUMES
from offerings.service.unit_of_work import OfferingsUnitOfWork
from offerings.settings import OfferingsSettings

SECRET = secrets.token_urlsafe(32)
NETWORK, NETWORK_ID = "demo", 1
DEMO = Tenant(NETWORK, NETWORK_ID)
ADMIN, AUTHOR, ORGANIZATION = 1, 100, 10


@pytest.fixture
def migrate_before(tmp_path: Path) -> Callable[[asyncpg.Connection, str], Awaitable[str]]:
    """Apply the offerings migrations that come before a given one; it answers the name that
    migration is recorded under once applied."""

    async def apply(conn: asyncpg.Connection, first_unapplied: str) -> str:
        *shared, (label, folder) = MIGRATIONS
        scratch = tmp_path / "before"
        shutil.copytree(folder, scratch, ignore=lambda _, names: [n for n in names if n >= first_unapplied])
        await migrate(conn, [*shared, (label, scratch)])
        return f"{label}/{first_unapplied}"

    return apply


def person(user_id: int | None, admin: bool = False, vip: bool = False) -> Principal:
    return Principal(network=NETWORK, network_id=NETWORK_ID, user_id=user_id, is_admin=admin, is_vip=vip)


@dataclass
class OfferingsService:
    url: str
    http: aiohttp.ClientSession
    pool: object
    admin = person(ADMIN, admin=True)
    author = person(AUTHOR)
    visitor = person(None)  # anonymous

    @staticmethod
    def investor(user_id: int, vip: bool = False) -> Principal:
        return person(user_id, vip=vip)

    async def call(self, method: str, path: str, principal: Principal, **kwargs) -> tuple[int, dict]:
        status, body, _ = await self.exchange(method, path, principal, **kwargs)
        return status, body

    async def exchange(self, method: str, path: str, principal: Principal, headers: dict | None = None,
                       **kwargs) -> tuple[int, dict, dict]:
        """Status, body and response headers of a request signed for ``principal``."""
        url = URL(self.url + path)
        signed = principal_headers(principal, SECRET.encode(), method, url.raw_path_qs) | (headers or {})
        async with self.http.request(method, url, headers=signed, **kwargs) as response:
            return response.status, await response.json(), dict(response.headers)

    async def feed(self, *events, tenant: Tenant = DEMO) -> None:
        """Identity's events (of the demo network unless ``tenant`` says), handled as the consumer handles them."""
        async with OfferingsUnitOfWork(self.pool, tenant) as uow:
            for event in events:
                await CONSUMES[type(event)](uow, event)
            await uow.commit()

    async def published_offering(self, **fields) -> int:
        status, body = await self.call("POST", f"/v1/demo/organizations/{ORGANIZATION}/offerings", person(AUTHOR),
                                       json={"funding_goal": "10000.00", "name": "Round"} | fields)
        assert status == 200, body
        offering_id = body["data"]["offering_id"]
        await self.call("PATCH", f"/v1/demo/offerings/{offering_id}", person(AUTHOR), json={"life_cycle_stage": 1})
        for stage in (3, 5):
            status, body = await self.call("PATCH", f"/v1/demo/offerings/{offering_id}", person(ADMIN, admin=True),
                                           json={"life_cycle_stage": stage})
            assert status == 200, body
        return offering_id


@pytest.fixture(scope="session")
async def offerings_service(make_database, infra, broker_prefix, broker_cleanup) -> AsyncIterator[OfferingsService]:
    dsn = await make_database("offerings")
    prefix = f"{broker_prefix}.offerings"
    broker_cleanup.extend(broker_objects(prefix, "offerings"))
    settings = OfferingsSettings(offerings_database=dsn.rsplit("/", 1)[1], database_url=infra.database_url,
                                 amqp_url=infra.amqp_url, broker_prefix=prefix, internal_secret=SECRET, db_pool_max=20)
    async with serve(create_app(settings)) as url, pool_context(dsn) as pool, aiohttp.ClientSession() as http:
        service = OfferingsService(url, http, pool)
        await service.feed(OrganizationCreatedV1(organization_id=ORGANIZATION, contact_point=AUTHOR, display_name="Acme"),
                           MemberAddedV1(organization_id=ORGANIZATION, user_id=AUTHOR, member_type="author"),
                           UserRegisteredV1(user_id=AUTHOR, email="author@demo.example", given_name="Ann"))
        yield service
