"""Every service that owns a database: its settings and its migrations, for cvctl and `make up`."""

from dataclasses import dataclass
from pathlib import Path

from common.db import ensure_database, migrate, pool_context
from common.settings import CommonSettings


@dataclass(frozen=True)
class ServiceDatabase:
    service: str
    dsn: str
    database: str
    migrations: list[tuple[str, Path]]


def service_databases() -> list[ServiceDatabase]:
    from identity.app import MIGRATIONS as identity_migrations
    from identity.settings import IdentitySettings
    from offerings.app import MIGRATIONS as offerings_migrations
    from offerings.settings import OfferingsSettings
    from payments.app import MIGRATIONS as payments_migrations
    from payments.settings import PaymentsSettings
    from registry.app import MIGRATIONS as registry_migrations
    from registry.settings import RegistrySettings

    identity, offerings = IdentitySettings(), OfferingsSettings()
    registry, payments = RegistrySettings(), PaymentsSettings()
    return [
        ServiceDatabase("identity", identity.dsn, identity.identity_database, identity_migrations),
        ServiceDatabase("offerings", offerings.dsn, offerings.offerings_database, offerings_migrations),
        ServiceDatabase("registry", registry.dsn, registry.registry_database, registry_migrations),
        ServiceDatabase("payments", payments.dsn, payments.payments_database, payments_migrations),
    ]


async def migrate_all() -> dict[str, list[str]]:
    """Create each service's database if absent and apply its pending migrations."""
    server_url = CommonSettings().database_url
    applied = {}
    for db in service_databases():
        await ensure_database(server_url, db.database)
        async with pool_context(db.dsn, 1, 1) as pool, pool.acquire() as conn:
            applied[db.service] = await migrate(conn, db.migrations)
    return applied

