"""cvctl: the operator's command line (migrations and networks).

    cvctl migrate
    cvctl network create NAME --admin-email E --admin-password P [--cors-origin URL ...]
    cvctl network list

Settings come from the CV_* environment variables (docs/configuration.md). Results are
printed as JSON on stdout; errors go to stderr with exit code 1.
"""

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from common.db import pool_context
from common.json import dumps_str
from common.logging import configure_logging
from cvops.services import migrate_all


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cvctl", description="Operate the back office.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create and migrate every service's database")
    network = commands.add_parser("network", help="manage networks (tenants)")
    network_commands = network.add_subparsers(dest="network_command", required=True)
    create = network_commands.add_parser("create", help="create a network and its first admin")
    create.add_argument("name")
    create.add_argument("--admin-email", required=True)
    create.add_argument("--admin-password", required=True)
    create.add_argument("--cors-origin", action="append", default=[], dest="cors_origins")
    network_commands.add_parser("list", help="list the networks")
    return parser


async def _with_identity(action: Callable[[Any], Awaitable[Any]]) -> Any:
    from identity.settings import IdentitySettings

    async with pool_context(IdentitySettings().dsn, 1, 1) as pool, pool.acquire() as conn:
        return await action(conn)


async def _run(args: argparse.Namespace) -> Any:
    from identity.service import networks

    if args.command == "migrate":
        return {"applied": await migrate_all()}
    if args.network_command == "create":
        return await _with_identity(lambda conn: networks.create_network(
            conn, args.name, args.admin_email, args.admin_password, tuple(args.cors_origins)))
    return await _with_identity(networks.list_networks)


def main(argv: list[str] | None = None) -> int:
    from identity.service.networks import OperatorError

    args = _parser().parse_args(argv)
    configure_logging("WARNING", "console", stream=sys.stderr)  # stdout carries only the JSON result
    try:
        result = asyncio.run(_run(args))
    except OperatorError as exc:
        print(f"cvctl: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cvctl: cannot reach the database: {exc}", file=sys.stderr)
        return 1
    print(dumps_str(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
