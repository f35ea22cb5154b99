"""The offerings service's composition root: its API and its background roles (common.roles)."""

from pathlib import Path

from aiohttp import web

from common.housekeeping import housekeeping_context
from common.http.app import add_not_implemented_routes, create_service_app
from common.http.idempotency import HTTP_MIGRATIONS
from common.identity_facts import identity_facts_context
from common.messaging import MESSAGING_MIGRATIONS
from common.messaging.consumer import consumer_context
from common.messaging.relay import outbox_relay_context
from common.roles import ALL, CONSUMER, HOUSEKEEPING, RELAY, Background, ServiceRoles
from offerings.entrypoints import applications, deal_rooms, documents, investments, offerings
from offerings.entrypoints.consumers import CONSUMES
from offerings.service.unit_of_work import OfferingsUnitOfWork
from offerings.settings import OfferingsSettings

SERVICE = "offerings"
MIGRATIONS = [MESSAGING_MIGRATIONS, HTTP_MIGRATIONS, (SERVICE, Path(__file__).parent / "adapters" / "db" / "migrations")]


def create_api(settings: OfferingsSettings) -> web.Application:
    app = create_service_app(SERVICE, settings)
    app.cleanup_ctx.append(identity_facts_context(settings.identity_url, settings.secret("internal_secret").encode()))
    offerings.add_routes(app)
    investments.add_routes(app)
    deal_rooms.add_routes(app)
    applications.add_routes(app)
    documents.add_routes(app)
    add_not_implemented_routes(app, SERVICE)
    return app


def background(settings: OfferingsSettings) -> Background:
    return {
        CONSUMER: [consumer_context(settings, SERVICE, CONSUMES, OfferingsUnitOfWork)],
        RELAY: [outbox_relay_context(settings)],
        HOUSEKEEPING: [housekeeping_context(settings)],
    }


ROLES = ServiceRoles(SERVICE, MIGRATIONS, create_api, background)


def create_app(settings: OfferingsSettings, role: str = ALL) -> web.Application:
    return ROLES.create_app(settings, role)
