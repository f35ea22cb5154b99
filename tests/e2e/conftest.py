"""The whole stack as `make up` runs it (every process, real ports), on this run's databases.

Two networks are created with `cvctl`, so the tests can show that neither network's
credentials open the other.
"""

import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from actors import Cast, make_cast, make_world, settle

from common.json import dumps_str, loads
from common.testing import NetworkCredentials, broker_objects, free_port
from cvops.stack import METRICS_PORTS, SERVICE_PORTS, Stack, StackPorts, stack_processes
from cvops.up import stack_env
from sandboxes.social import DEMO_CREDENTIALS

CVCTL = str(Path(sys.executable).with_name("cvctl"))


@dataclass(frozen=True)
class RunningStack:
    url: str
    service_urls: dict[str, str]
    metrics_urls: dict[str, str]
    env: dict[str, str]
    demo: NetworkCredentials
    other: NetworkCredentials
    log_path: Path

    def cvctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return cvctl(self.env, *args)


def cvctl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CVCTL, *args], check=False, env=env, capture_output=True, text=True, timeout=60)


FRONT_END = "https://app.example"  # every link the tests have mailed points at it


def create_network(env: dict[str, str], name: str) -> NetworkCredentials:
    email, password = f"admin@{name}.example", secrets.token_urlsafe(12)
    result = cvctl(env, "network", "create", name, "--admin-email", email, f"--admin-password={password}",  # it may start with -
                   "--frontend-url", FRONT_END)
    assert result.returncode == 0, result.stderr
    return NetworkCredentials(**loads(result.stdout), admin_email=email, admin_password=password)


@pytest.fixture(scope="session")
async def stack(infra, make_database, broker_prefix, broker_cleanup, tmp_path_factory) -> AsyncIterator[RunningStack]:
    ports = StackPorts(gateway=free_port(), services={name: free_port() for name in SERVICE_PORTS}, smtp=free_port(),
                       social=free_port(), metrics={name: free_port() for name in METRICS_PORTS})
    prefix = f"{broker_prefix}.e2e"
    broker_cleanup.extend(broker_objects(prefix, "identity", "offerings", "registry"))
    var = tmp_path_factory.mktemp("stack")
    env = {
        **stack_env(ports, var),  # as `make up` runs it, secrets included
        "CV_DATABASE_URL": infra.database_url,
        "CV_AMQP_URL": infra.amqp_url,
        "CV_BROKER_PREFIX": prefix,
        "CV_MAIL_DIR": str(var / "mail"),
        "CV_LOG_LEVEL": "DEBUG",  # test_secrets greps every line for the secrets the run used
    }
    for service in SERVICE_PORTS:
        dsn = await make_database(f"e2e_{service}")
        env[f"CV_{service.upper()}_DATABASE"] = dsn.rsplit("/", 1)[1]
    full_env = {**os.environ, **env}
    migrated = cvctl(full_env, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    demo, other = create_network(full_env, "demo"), create_network(full_env, "other")
    for provider, app in DEMO_CREDENTIALS.items():
        assert cvctl(full_env, "network", "provider", "demo", provider, dumps_str(app)).returncode == 0
    running = Stack(stack_processes(ports), env, str(var / "stack.log"))
    try:
        await running.start(timeout=60)
    except RuntimeError:
        await running.stop()
        print((var / "stack.log").read_text()[-5000:])
        raise
    service_urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.services.items()}
    metrics_urls = {name: f"http://127.0.0.1:{port}/metrics" for name, port in ports.metrics.items()}
    yield RunningStack(f"http://127.0.0.1:{ports.gateway}", service_urls, metrics_urls, full_env, demo, other,
                       var / "stack.log")
    await running.stop()


@pytest.fixture(scope="session")
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture(scope="module")
async def cast(stack, http) -> Cast:
    return await make_cast(stack, http)


@pytest.fixture(scope="module")
async def world(stack, http, cast) -> dict[str, int]:
    return await make_world(stack, http, cast)


@pytest.fixture(scope="module")
async def settled(stack, world) -> dict[str, str]:
    """The databases once the world's events have all been consumed."""
    return await settle(stack)
