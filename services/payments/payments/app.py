"""The payments service's composition root."""

from pathlib import Path

from aiohttp import web

from common.housekeeping import housekeeping_context
from common.http.app import add_not_implemented_routes, create_service_app, postgres_context
from common.http.idempotency import HTTP_MIGRATIONS
from common.messaging import MESSAGING_MIGRATIONS
from payments.settings import PaymentsSettings

SERVICE = "payments"
MIGRATIONS = [MESSAGING_MIGRATIONS, HTTP_MIGRATIONS, (SERVICE, Path(__file__).parent / "adapters" / "db" / "migrations")]


def create_app(settings: PaymentsSettings) -> web.Application:
    app = create_service_app(SERVICE, settings)
    app.cleanup_ctx.append(postgres_context(settings.dsn, MIGRATIONS, settings.db_pool_min, settings.db_pool_max))
    app.cleanup_ctx.append(housekeeping_context(settings))
    add_not_implemented_routes(app, SERVICE)
    return app
