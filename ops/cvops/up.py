"""`make up`: migrate, seed the demo network, run the whole stack until Ctrl-C or SIGTERM."""

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from common.db import pool_context
from common.ids import random_token
from common.json import dumps_str, loads
from common.settings import CommonSettings
from cvops.local_secrets import local_secrets
from cvops.services import migrate_all
from cvops.stack import Stack, StackPorts, stack_processes
from identity.service import networks as networks
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings
from sandboxes.social import DEMO_CREDENTIALS

DEMO_NETWORK = "demo"
DEMO_ADMIN_EMAIL = "admin@demo.example"
DEMO_FRONTEND_URLS = ("http://localhost:3000", "http://127.0.0.1:3000")  # a front-end run on this machine
VAR = Path(os.environ.get("CV_VAR_DIR", "var"))

HOW_TO_START = {
    "PostgreSQL": [
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
        "or: docker compose -f deploy/compose.yaml up -d postgres",
    ],
    "RabbitMQ": [
        "rabbitmq-server -detached",
        "or: docker compose -f deploy/compose.yaml up -d rabbitmq",
    ],
}


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), 2):
            return True
    except OSError:
        return False


def check_servers(settings: CommonSettings) -> list[str]:
    """The lines telling how to start each server that is not reachable."""
    missing = []
    for name, url, port, variable in (
        ("PostgreSQL", settings.database_url, 5432, "CV_DATABASE_URL"),
        ("RabbitMQ", settings.amqp_url, 5672, "CV_AMQP_URL"),
    ):
        if not _reachable(url, port):
            parts = urlsplit(url)
            missing.append(f"{name} is not reachable at {parts.hostname}:{parts.port or port} ({variable}). Start it with:")
            missing.extend(f"    {line}" for line in HOW_TO_START[name])
    return missing


async def seed_demo() -> dict[str, str]:
    """The demo network's credentials: created on first run, kept in var/demo.json after."""
    saved = VAR / "demo.json"
    async with pool_context(IdentitySettings().dsn, 1, 1) as pool, IdentityUnitOfWork(pool, None) as uow:
        known = {n["name"] for n in await networks.list_networks(uow)}
        if DEMO_NETWORK in known and saved.exists():
            credentials = loads(saved.read_bytes())
        else:
            credentials = await _create_or_reset(uow, DEMO_NETWORK in known)
        for provider, app in DEMO_CREDENTIALS.items():  # social login through the sandbox
            await networks.set_provider_credentials(uow, DEMO_NETWORK, provider, app)
        frontend_urls = await register_demo_front_ends(uow)
        await uow.commit()
    return credentials | {"frontend_urls": frontend_urls}


async def register_demo_front_ends(uow: IdentityUnitOfWork) -> list[str]:
    """The demo network's front-end origins (mailed links point only there): the local ones,
    added to any the operator registered."""
    network = await networks.named(uow, DEMO_NETWORK)
    origins = list(dict.fromkeys([*network.frontend_origins, *DEMO_FRONTEND_URLS]))
    return (await networks.set_settings(uow, DEMO_NETWORK, {"frontend_urls": origins}))["frontend_urls"]


async def _create_or_reset(uow: IdentityUnitOfWork, exists: bool) -> dict[str, str]:
    """A new demo network, or (var/ was cleaned) a new password for its admin; saved in var/."""
    password = random_token(12)
    if exists:
        credentials = await networks.reset_admin_password(uow, DEMO_NETWORK, DEMO_ADMIN_EMAIL, password)
    else:
        credentials = await networks.create_network(uow, DEMO_NETWORK, DEMO_ADMIN_EMAIL, password)
    credentials = {**credentials, "admin_email": DEMO_ADMIN_EMAIL, "admin_password": password}
    saved = VAR / "demo.json"
    VAR.mkdir(exist_ok=True)
    saved.write_text(dumps_str(credentials))
    saved.chmod(0o600)
    return credentials


def stack_env(ports: StackPorts, var: Path) -> dict[str, str]:
    """What every process of the local stack is given: its ports, the sandboxes, and the
    secrets generated once and kept in ``var``."""
    return ports.env() | local_secrets(var / "secrets.env")


def banner(url: str, credentials: dict[str, str], log_path: Path) -> str:
    return "\n".join([
        "",
        f"Back office running: {url}/v1/{DEMO_NETWORK}/public/globals",
        f"  admin email     {credentials['admin_email']}",
        f"  admin password  {credentials['admin_password']}",
        f"  API key         {credentials['api_key']}",
        f"  API secret      {credentials['api_secret']}",
        f"  front-ends      {', '.join(credentials['frontend_urls'])} (mailed links point only there; set the list",
        f"                  with: cvctl network settings {DEMO_NETWORK} '{{\"frontend_urls\": [...]}}')",
        f"  mail            {os.environ.get('CV_MAIL_DIR', 'var/mail')}/*.eml",
        f"  logs            {log_path}",
        f"  secrets         {VAR / 'secrets.env'} (CV_INTERNAL_SECRET, CV_TOKEN_SECRET; made once, reused)",
        "Ctrl-C stops everything.",
        "",
    ])


async def run_stack() -> int:
    missing = check_servers(CommonSettings())
    if missing:
        print("\n".join(missing), file=sys.stderr)
        return 1
    await migrate_all()
    credentials = await seed_demo()
    ports = StackPorts(gateway=int(os.environ.get("CV_HTTP_PORT", "8080")))
    log_path = VAR / "log" / "stack.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    stack = Stack(stack_processes(ports), stack_env(ports, VAR), str(log_path))
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        await stack.start()
        print(banner(f"http://127.0.0.1:{ports.gateway}", credentials, log_path), flush=True)
        while not stopping.is_set() and not stack.exited():
            try:
                await asyncio.wait_for(stopping.wait(), timeout=1)
            except TimeoutError:
                pass
        if stack.exited():
            print(f"stopped: a process exited {stack.exited()}; see {log_path}", file=sys.stderr)
            return 1
        return 0
    except RuntimeError as exc:  # a process did not become ready
        print(f"the stack did not start: {exc}; see {log_path}", file=sys.stderr)
        return 1
    finally:
        await stack.stop()


def main() -> None:
    sys.exit(asyncio.run(run_stack()))
