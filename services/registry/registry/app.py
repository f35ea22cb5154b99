"""The registry service's composition root: its API and its background roles (common.roles)."""

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
from aiohttp import web

from common.housekeeping import housekeeping_context
from common.http.app import add_not_implemented_routes, create_service_app
from common.http.idempotency import HTTP_MIGRATIONS
from common.identity_facts import IdentityFacts
from common.messaging import MESSAGING_MIGRATIONS
from common.messaging.consumer import consumer_context
from common.messaging.relay import outbox_relay_context
from common.roles import ALL, CONSUMER, HOUSEKEEPING, RELAY, Background, ServiceRoles
from registry.entrypoints import capitalizations
from registry.entrypoints.capitalizations import IDENTITY
from registry.entrypoints.consumers import CONSUMES
from registry.service.unit_of_work import RegistryUnitOfWork
from registry.settings import RegistrySettings

SERVICE = "registry"
MIGRATIONS = [MESSAGING_MIGRATIONS, HTTP_MIGRATIONS, (SERVICE, Path(__file__).parent / "adapters" / "db" / "migrations")]


def identity_context(settings: RegistrySettings):
    """The identity facts client, on one pooled session for the life of the app."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            app[IDENTITY] = IdentityFacts(session, settings.identity_url, settings.secret("internal_secret").encode())
            yield

    return context


def create_api(settings: RegistrySettings) -> web.Application:
    app = create_service_app(SERVICE, settings)
    app.cleanup_ctx.append(identity_context(settings))
    capitalizations.add_routes(app)
    add_not_implemented_routes(app, SERVICE)
    return app


def background(settings: RegistrySettings) -> Background:
    return {
        CONSUMER: [consumer_context(settings, SERVICE, CONSUMES, RegistryUnitOfWork)],
        RELAY: [outbox_relay_context(settings)],
        HOUSEKEEPING: [housekeeping_context(settings)],
    }


ROLES = ServiceRoles(SERVICE, MIGRATIONS, create_api, background)


def create_app(settings: RegistrySettings, role: str = ALL) -> web.Application:
    return ROLES.create_app(settings, role)
