"""The real registry service on a port with its own database, beside the real identity service it
asks for membership (its facts endpoint); names fed through the registry's own event handlers."""

import itertools
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal

import aiohttp
import pytest
from yarl import URL

from common.db import pool_context
from common.events.identity import OrganizationCreatedV1, UserRegisteredV1
from common.http.principal import Principal
from common.testing import broker_objects, principal_headers, serve
from common.uow import Tenant
from identity.app import create_app as create_identity
from identity.service import networks
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings
from registry.app import create_app
from registry.domain.capitalizations import CapitalizationType, Stage
from registry.entrypoints.consumers import CONSUMES
from registry.service import capitalizations
from registry.service.unit_of_work import RegistryUnitOfWork
from registry.settings import RegistrySettings

SECRET = secrets.token_urlsafe(32)
ORGANIZATIONS = itertools.count(900_000)  # organizations only the registry knows of


@dataclass
class RegistryService:
    url: str
    identity_url: str
    http: aiohttp.ClientSession
    pool: object
    network: str
    network_id: int
    other_network_id: int

    def person(self, user_id: int | None, admin: bool = False, network: str | None = None) -> Principal:
        network = network or self.network
        network_id = self.network_id if network == self.network else self.other_network_id
        return Principal(network=network, network_id=network_id, user_id=user_id, is_admin=admin)

    async def _signed(self, base: str, method: str, path: str, principal: Principal, **kwargs) -> tuple[int, dict]:
        url = URL(base + path)
        headers = principal_headers(principal, SECRET.encode(), method, url.raw_path_qs)
        async with self.http.request(method, url, headers=headers, **kwargs) as response:
            return response.status, await response.json()

    async def call(self, method: str, path: str, principal: Principal, **kwargs) -> tuple[int, dict]:
        return await self._signed(self.url, method, path, principal, **kwargs)

    async def user(self, name: str = "Ann Investor") -> int:
        """A new user of the network (registered with identity), named in the registry's directory."""
        status, body = await self._signed(self.identity_url, "POST", f"/v1/{self.network}/users",
                                          Principal(network=self.network, network_id=self.network_id),
                                          json={"email": f"u-{secrets.token_hex(4)}@reg.example", "password": "correct horse battery",
                                                "url": "https://app.example/verify"})
        assert status == 200, body
        user_id = body["data"]["user_id"]
        given, _, family = name.partition(" ")
        await self.feed(UserRegisteredV1(user_id=user_id, email="x@reg.example", given_name=given, family_name=family))
        return user_id

    async def organization(self, member: int, name: str = "Acme") -> int:
        """A new organization of identity's, ``member`` its member."""
        status, body = await self._signed(self.identity_url, "POST", f"/v1/{self.network}/organizations",
                                          self.person(member), json={"display_name": name})
        assert status == 200, body
        organization_id = body["data"]["organization_id"]
        await self.feed(OrganizationCreatedV1(organization_id=organization_id, contact_point=member, display_name=name))
        return organization_id

    async def seed(self, owner: int | None, shares: int, price: str = "1.00", stage: Stage = Stage.ISSUED,
                   organization_id: int | None = None, kind: CapitalizationType = CapitalizationType.EQUITY) -> int:
        """A capitalization written by the use case itself (no membership to ask), committed as a route commits it."""
        async with self.unit_of_work() as uow:
            capitalization_id = await capitalizations.create(uow, owner, organization_id or next(ORGANIZATIONS), {
                "number_of_shares": shares, "price_per_share": Decimal(price), "owner_id": owner,
                "life_cycle_stage": stage, "capitalization_type": kind})
            await uow.commit()
        return capitalization_id

    def unit_of_work(self) -> RegistryUnitOfWork:
        return RegistryUnitOfWork(self.pool, Tenant(self.network, self.network_id))

    async def feed(self, *events) -> None:
        """Events handled as the consumer handles them (one unit of work, committed)."""
        async with self.unit_of_work() as uow:
            for event in events:
                await CONSUMES[type(event)](uow, event)
            await uow.commit()


async def _network(pool, name: str) -> int:
    async with IdentityUnitOfWork(pool, None) as uow:
        await networks.create_network(uow, name, f"admin@{name}.example", "testtest-" + secrets.token_hex(4),
                                      ("https://app.example",), frontend_urls=("https://app.example",))
        await uow.commit()
    return await pool.fetchval("SELECT id FROM networks WHERE name = $1", name)


@pytest.fixture(scope="session")
async def registry_service(make_database, infra, broker_prefix, broker_cleanup) -> AsyncIterator[RegistryService]:
    identity_dsn, dsn = await make_database("regidentity"), await make_database("registry")
    prefix = f"{broker_prefix}.registry"
    broker_cleanup.extend(broker_objects(prefix, "registry"))
    identity_settings = IdentitySettings(identity_database=identity_dsn.rsplit("/", 1)[1],
                                         database_url=identity_dsn.rsplit("/", 1)[0], internal_secret=SECRET,
                                         token_secret=secrets.token_urlsafe(32), amqp_url=infra.amqp_url,
                                         broker_prefix=f"{prefix}.identity")
    async with serve(create_identity(identity_settings, "api")) as identity_url, pool_context(identity_dsn) as ipool:
        demo, other = await _network(ipool, "regdemo"), await _network(ipool, "regother")
        settings = RegistrySettings(registry_database=dsn.rsplit("/", 1)[1], database_url=infra.database_url,
                                    amqp_url=infra.amqp_url, broker_prefix=prefix, internal_secret=SECRET,
                                    identity_url=identity_url, db_pool_max=10)
        async with serve(create_app(settings, "api")) as url, pool_context(dsn) as pool, aiohttp.ClientSession() as http:
            yield RegistryService(url, identity_url, http, pool, "regdemo", demo, other)
