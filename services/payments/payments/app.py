"""The payments service's composition root: its API and its background roles (common.roles)."""

from pathlib import Path

from aiohttp import web

from common.housekeeping import housekeeping_context
from common.http.app import add_not_implemented_routes, create_service_app
from common.http.idempotency import HTTP_MIGRATIONS
from common.messaging import MESSAGING_MIGRATIONS
from common.messaging.consumer import consumer_context
from common.messaging.relay import outbox_relay_context
from common.roles import ALL, CONSUMER, HOUSEKEEPING, RELAY, WORKER, Background, ServiceRoles
from payments.entrypoints import payouts, wallets
from payments.entrypoints.consumers import CONSUMES
from payments.entrypoints.worker import worker_context
from payments.service.unit_of_work import PaymentsUnitOfWork
from payments.settings import PaymentsSettings

SERVICE = "payments"
MIGRATIONS = [MESSAGING_MIGRATIONS, HTTP_MIGRATIONS, (SERVICE, Path(__file__).parent / "adapters" / "db" / "migrations")]


def create_api(settings: PaymentsSettings) -> web.Application:
    app = create_service_app(SERVICE, settings)
    wallets.add_routes(app)
    payouts.add_routes(app, settings)
    add_not_implemented_routes(app, SERVICE)
    return app


def background(settings: PaymentsSettings) -> Background:
    return {
        CONSUMER: [consumer_context(settings, SERVICE, CONSUMES, PaymentsUnitOfWork)],
        RELAY: [outbox_relay_context(settings)],
        WORKER: [worker_context(settings)],
        HOUSEKEEPING: [housekeeping_context(settings)],
    }


ROLES = ServiceRoles(SERVICE, MIGRATIONS, create_api, background)


def create_app(settings: PaymentsSettings, role: str = ALL) -> web.Application:
    return ROLES.create_app(settings, role)
