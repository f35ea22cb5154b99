"""The payments service's composition root: its API and its background roles (common.roles)."""

from pathlib import Path

from aiohttp import web

from common.housekeeping import housekeeping_context
from common.http.app import add_not_implemented_routes, create_service_app
from common.http.idempotency import HTTP_MIGRATIONS
from common.messaging import MESSAGING_MIGRATIONS
from common.roles import ALL, HOUSEKEEPING, Background, ServiceRoles
from payments.settings import PaymentsSettings

SERVICE = "payments"
MIGRATIONS = [MESSAGING_MIGRATIONS, HTTP_MIGRATIONS, (SERVICE, Path(__file__).parent / "adapters" / "db" / "migrations")]


def create_api(settings: PaymentsSettings) -> web.Application:
    app = create_service_app(SERVICE, settings)
    add_not_implemented_routes(app, SERVICE)
    return app


def background(settings: PaymentsSettings) -> Background:
    return {HOUSEKEEPING: [housekeeping_context(settings)]}


ROLES = ServiceRoles(SERVICE, MIGRATIONS, create_api, background)


def create_app(settings: PaymentsSettings, role: str = ALL) -> web.Application:
    return ROLES.create_app(settings, role)
