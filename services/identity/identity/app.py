"""The identity service's composition root: its API and its background roles (common.roles)."""

from pathlib import Path

from aiohttp import web

from common.housekeeping import housekeeping_context
from common.http.app import add_not_implemented_routes, create_service_app
from common.http.idempotency import HTTP_MIGRATIONS
from common.messaging import MESSAGING_MIGRATIONS
from common.messaging.consumer import consumer_context
from common.messaging.relay import outbox_relay_context
from common.roles import ALL, CONSUMER, HOUSEKEEPING, RELAY, WORKER, Background, ServiceRoles
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


def create_api(settings: IdentitySettings) -> web.Application:
    app = create_service_app(SERVICE, settings)
    app[SETTINGS] = settings
    app.middlewares.append(credentials_changed_middleware)
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


def background(settings: IdentitySettings) -> Background:
    return {
        CONSUMER: [consumer_context(settings, SERVICE, CONSUMES, IdentityUnitOfWork)],
        RELAY: [outbox_relay_context(settings)],
        WORKER: [mail_sender_context(settings.smtp_url, settings.mail_from)],
        HOUSEKEEPING: [housekeeping_context(settings)],
    }


ROLES = ServiceRoles(SERVICE, MIGRATIONS, create_api, background)


def create_app(settings: IdentitySettings, role: str = ALL) -> web.Application:
    return ROLES.create_app(settings, role)
