"""Process roles: a service's work split into processes that each scale alone.

    python -m <service> [api|consumer|relay|worker|housekeeping|all]     (default: all)

- ``api``: the HTTP app on the service's port; it applies the migrations as it starts.
- ``consumer``: handles the events the service consumes (``<service>/entrypoints/consumers.py``).
- ``relay``: publishes the service's outbox to the broker.
- ``worker``: the service's other background work (identity: the mail sender).
- ``housekeeping``: prunes the bookkeeping rows (common.housekeeping).
- ``all``: every role of the service in one process, as ``make up`` runs it.

A role the service does not have is refused (exit code 2). A process without the API answers
only ``/healthz`` and ``/readyz``, on ``CV_HEALTH_PORT`` (by default the service's own port), and
never migrates: it starts its work once the database has every migration its code knows.
"""

import argparse
import sys
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import web

from common.http.app import create_health_app, postgres_context, run

API, CONSUMER, RELAY, WORKER, HOUSEKEEPING, ALL = "api", "consumer", "relay", "worker", "housekeeping", "all"

CleanupContext = Callable[[web.Application], AsyncIterator[None]]
Background = Mapping[str, Sequence[CleanupContext]]  # a background role: the cleanup contexts it runs


@dataclass(frozen=True)
class ServiceRoles:
    """What one service runs, role by role. Its settings are the service's own (with its ``dsn``)."""

    name: str
    migrations: Sequence[tuple[str, Path]]
    api: Callable[[Any], web.Application]  # middlewares and routes; the role adds the database
    background: Callable[[Any], Background]  # the roles that work without HTTP

    def roles(self, settings: Any) -> list[str]:
        return [API, *self.background(settings), ALL]

    def create_app(self, settings: Any, role: str = ALL) -> web.Application:
        """The application of a process playing ``role``."""
        background = self.background(settings)
        if role not in (API, *background, ALL):
            raise ValueError(f"{self.name} has no {role!r} role")
        serves_api = role in (API, ALL)
        app = self.api(settings) if serves_api else create_health_app()
        database = postgres_context(settings.dsn, self.migrations, settings.db_pool_min, settings.db_pool_max,
                                    apply_migrations=serves_api)
        app.cleanup_ctx.insert(0, database)  # before anything that uses the pool
        for name, contexts in background.items():
            if role in (name, ALL):
                app.cleanup_ctx.extend(contexts)
        return app

    def main(self, settings: Any, host: str, port: int, argv: Sequence[str] | None = None) -> None:
        """``python -m <service> [role]``: serve the role named on the command line until SIGTERM."""
        role = choose_role(self.name, self.roles(settings), sys.argv[1:] if argv is None else argv)
        if role not in (API, ALL):
            port = settings.health_port or port
        run(self.name, settings, partial(self.create_app, role=role), host, port, role)


def choose_role(service: str, roles: Sequence[str], argv: Sequence[str]) -> str:
    """The role named in ``argv`` (``all`` when none); exit 2 naming the roles there are otherwise."""
    parser = argparse.ArgumentParser(prog=f"python -m {service}", description=f"Run {service}, or one of its roles.")
    parser.add_argument("role", nargs="?", default=ALL, help=f"{' | '.join(roles)} (default: {ALL})")
    role = parser.parse_args(argv).role
    if role not in roles:
        parser.error(f"{service} has no {role!r} role; its roles: {', '.join(roles)}")
    return role
