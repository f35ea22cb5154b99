"""The offerings service's composition root."""

from pathlib import Path

from aiohttp import web

from common.housekeeping import housekeeping_context
from common.http.app import add_not_implemented_routes, create_service_app, postgres_context
from common.http.idempotency import HTTP_MIGRATIONS
from common.messaging import MESSAGING_MIGRATIONS
from common.messaging.consumer import consumer_context
from common.messaging.relay import outbox_relay_context
from offerings.entrypoints import applications, deal_rooms, documents, investments, offerings
from offerings.entrypoints.consumers import CONSUMES
from offerings.service.unit_of_work import OfferingsUnitOfWork
from offerings.settings import OfferingsSettings

SERVICE = "offerings"
MIGRATIONS = [MESSAGING_MIGRATIONS, HTTP_MIGRATIONS, (SERVICE, Path(__file__).parent / "adapters" / "db" / "migrations")]


def create_app(settings: OfferingsSettings) -> web.Application:
    app = create_service_app(SERVICE, settings)
    app.cleanup_ctx.append(postgres_context(settings.dsn, MIGRATIONS, settings.db_pool_min, settings.db_pool_max))
    app.cleanup_ctx.append(housekeeping_context(settings))
    app.cleanup_ctx.append(outbox_relay_context(settings))
    app.cleanup_ctx.append(consumer_context(settings, SERVICE, CONSUMES, OfferingsUnitOfWork))
    offerings.add_routes(app)
    investments.add_routes(app)
    deal_rooms.add_routes(app)
    applications.add_routes(app)
    documents.add_routes(app)
    add_not_implemented_routes(app, SERVICE)
    return app
