"""cvctl: the operator's command line.

    cvctl migrate
    cvctl network create NAME --admin-email E --admin-password P [--cors-origin URL ...] [--frontend-url URL ...]
    cvctl network list
    cvctl network settings NAME '{"uniform_account_answers": true, "auto_approve_investments": false}'
    cvctl network settings NAME '{"frontend_urls": ["https://www.acme.example"], "user_self_approval": false}'
    cvctl network provider NAME facebook|linkedin|twitter '{"client_id": "...", "client_secret": "..."}'
    cvctl user list NETWORK [--limit N] [--offset N]
    cvctl user approve|unblock NETWORK USER_ID
    cvctl user block NETWORK USER_ID [--message M] [--description D] [--until YYYY-MM-DD]
    cvctl user roles NETWORK USER_ID [--admin | --no-admin] [--vip | --no-vip]
    cvctl globals set NETWORK '{"key": "value"}'
    cvctl newsletter list NETWORK [--limit N] [--offset N]
    cvctl ledger check        (every payments balance recomputed from its transfers; exit 1 on a disagreement)

Settings come from the CV_* environment variables (docs/configuration.md). Results are
printed as JSON on stdout; errors go to stderr with exit code 1.
"""

import argparse
import asyncio
import sys
from datetime import date
from typing import Any

from common.db import pool_context
from common.http.errors import ApiError
from common.json import dumps_str, loads
from common.logging import configure_logging
from cvops.services import migrate_all
from identity.service import admin, networks
from identity.service.networks import OperatorError, named
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings
from payments.adapters.db.ledger import ledger_check
from payments.settings import PaymentsSettings


async def network_create(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    return await networks.create_network(uow, args.name, args.admin_email, args.admin_password,
                                         tuple(args.cors_origins), tuple(args.frontend_urls))


async def network_list(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    return await networks.list_networks(uow)


async def network_provider(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    credentials = loads(args.credentials)
    if not isinstance(credentials, dict):
        raise OperatorError("the credentials must be one JSON object")
    return await networks.set_provider_credentials(uow, args.name, args.provider, credentials)


async def network_settings(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    settings = loads(args.settings)
    if not isinstance(settings, dict):
        raise OperatorError("the settings must be one JSON object")
    return await networks.set_settings(uow, args.name, settings)


async def user_list(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    return await admin.users(uow, await named(uow, args.network), args.limit, args.offset)


async def user_approve(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    await admin.approve(uow, await named(uow, args.network), args.user_id)
    return {"user_id": args.user_id, "has_been_approved": True}


async def user_block(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    network = await named(uow, args.network)
    log_id = await admin.block(uow, network, args.user_id, args.message, args.description, args.until)
    return {"user_id": args.user_id, "user_access_denied_log_id": log_id}


async def user_unblock(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    await admin.unblock(uow, await named(uow, args.network), args.user_id)
    return {"user_id": args.user_id, "status": "active"}


async def user_roles(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    await admin.set_roles(uow, await named(uow, args.network), args.user_id, args.admin, args.vip)
    return {"user_id": args.user_id, "is_admin": args.admin, "is_vip": args.vip}


async def globals_set(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    constants = loads(args.constants)
    if not isinstance(constants, dict):
        raise OperatorError("the constants must be one JSON object")
    await admin.set_globals(uow, await named(uow, args.network), constants)
    return constants


async def newsletter_list(uow: IdentityUnitOfWork, args: argparse.Namespace) -> Any:
    count, items = await admin.newsletter_signups(uow, await named(uow, args.network), args.limit, args.offset)
    return {"count": count, "list": items}


def _paged(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("network")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--offset", type=int, default=0)


def _on_user(commands: Any, name: str, action: Any, help_text: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text)
    parser.add_argument("network")
    parser.add_argument("user_id", type=int)
    parser.set_defaults(action=action)
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cvctl", description="Operate the back office.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create and migrate every service's database").set_defaults(action=None)

    network = commands.add_parser("network", help="networks (tenants)").add_subparsers(required=True)
    create = network.add_parser("create", help="create a network and its first admin")
    create.add_argument("name")
    create.add_argument("--admin-email", required=True)
    create.add_argument("--admin-password", required=True)
    create.add_argument("--cors-origin", action="append", default=[], dest="cors_origins")
    create.add_argument("--frontend-url", action="append", default=[], dest="frontend_urls",
                        help="an origin of the network's front-end (repeatable); mailed links point only there")
    create.set_defaults(action=network_create)
    network.add_parser("list", help="list the networks").set_defaults(action=network_list)
    provider = network.add_parser("provider", help="set a network's app credentials for a social provider")
    provider.add_argument("name")
    provider.add_argument("provider", choices=sorted(networks.PROVIDERS))
    provider.add_argument("credentials", help='e.g. \'{"client_id": "...", "client_secret": "..."}\'')
    provider.set_defaults(action=network_provider)
    settings = network.add_parser("settings", help="merge settings into a network's (JSON object)")
    settings.add_argument("name")
    settings.add_argument("settings", help='e.g. \'{"investment_requirements": ["email_verified"]}\'')
    settings.set_defaults(action=network_settings)

    user = commands.add_parser("user", help="a network's users").add_subparsers(required=True)
    listing = user.add_parser("list", help="list the users")
    _paged(listing)
    listing.set_defaults(action=user_list)
    _on_user(user, "approve", user_approve, "mark a user approved")
    _on_user(user, "unblock", user_unblock, "lift a user's block")
    block = _on_user(user, "block", user_block, "block a user, revoking their sessions")
    block.add_argument("--message", help="shown to the user while blocked")
    block.add_argument("--description", help="the reason, for the audit log")
    block.add_argument("--until", type=date.fromisoformat, help="the day the block lifts (YYYY-MM-DD)")
    roles = _on_user(user, "roles", user_roles, "set is_admin and is_vip")
    roles.add_argument("--admin", action=argparse.BooleanOptionalAction, default=None)
    roles.add_argument("--vip", action=argparse.BooleanOptionalAction, default=None)

    constants = commands.add_parser("globals", help="a network's global constants").add_subparsers(required=True)
    set_constants = constants.add_parser("set", help="replace the constants with a JSON object")
    set_constants.add_argument("network")
    set_constants.add_argument("constants")
    set_constants.set_defaults(action=globals_set)

    newsletter = commands.add_parser("newsletter", help="newsletter sign-ups").add_subparsers(required=True)
    signups = newsletter.add_parser("list", help="list the sign-ups")
    _paged(signups)
    signups.set_defaults(action=newsletter_list)

    ledger = commands.add_parser("ledger", help="the payments ledger").add_subparsers(required=True)
    ledger.add_parser("check", help="recompute every balance from the transfers").set_defaults(action=check_ledger)
    return parser


class LedgerDisagrees(Exception):
    pass


async def check_ledger() -> Any:
    async with pool_context(PaymentsSettings().dsn, 1, 1) as pool, pool.acquire() as conn:
        problems = await ledger_check(conn)
    if problems:
        raise LedgerDisagrees("; ".join(problems))
    return {"ledger": "balanced"}


async def _run(args: argparse.Namespace) -> Any:
    if args.action is None:
        return {"applied": await migrate_all()}
    if args.action is check_ledger:
        return await check_ledger()
    async with pool_context(IdentitySettings().dsn, 1, 1) as pool, IdentityUnitOfWork(pool, None) as uow:
        result = await args.action(uow, args)
        await uow.commit()
        return result


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure_logging("WARNING", "console", stream=sys.stderr)  # stdout carries only the JSON result
    try:
        result = asyncio.run(_run(args))
    except (OperatorError, LedgerDisagrees) as exc:
        print(f"cvctl: {exc}", file=sys.stderr)
        return 1
    except ApiError as exc:
        print(f"cvctl: {exc.developer_message}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"cvctl: {exc}", file=sys.stderr)
        return 1
    print(dumps_str(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
