"""The identity service's composition root."""

from pathlib import Path

from aiohttp import web

from common.housekeeping import housekeeping_context
from common.http.app import add_not_implemented_routes, create_service_app, postgres_context
from common.http.idempotency import HTTP_MIGRATIONS
from common.messaging import MESSAGING_MIGRATIONS
from common.messaging.consumer import consumer_context
from common.messaging.relay import outbox_relay_context
from identity.adapters.mail.outbox import mail_sender_context
from identity.entrypoints import (
    admin,
    directory,
    internal,
    invitations,
    onboarding,
    organizations,
    public,
    social,
    users,
)
from identity.entrypoints.consumers import CONSUMES
from identity.entrypoints.keys import SETTINGS
from identity.entrypoints.revocation import credentials_changed_middleware
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings

SERVICE = "identity"
MIGRATIONS = [MESSAGING_MIGRATIONS, HTTP_MIGRATIONS, (SERVICE, Path(__file__).parent / "adapters" / "db" / "migrations")]


def create_app(settings: IdentitySettings) -> web.Application:
    app = create_service_app(SERVICE, settings)
    app[SETTINGS] = settings
    app.middlewares.append(credentials_changed_middleware)
    app.cleanup_ctx.append(postgres_context(settings.dsn, MIGRATIONS, settings.db_pool_min, settings.db_pool_max))
    app.cleanup_ctx.append(housekeeping_context(settings))
    app.cleanup_ctx.append(outbox_relay_context(settings))
    app.cleanup_ctx.append(mail_sender_context(settings.smtp_url, settings.mail_from))
    app.cleanup_ctx.append(consumer_context(settings, SERVICE, CONSUMES, IdentityUnitOfWork))
    internal.add_routes(app)
    public.add_routes(app)
    users.add_routes(app)
    onboarding.add_routes(app)
    directory.add_routes(app)
    organizations.add_routes(app)
    invitations.add_routes(app)
    admin.add_routes(app)
    social.add_routes(app)
    add_not_implemented_routes(app, SERVICE)
    return app
