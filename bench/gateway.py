"""Benchmark: our gateway against nginx in front of the same upstream, side by side in one run.

    make bench        (or: .venv/bin/python bench/gateway.py [--seconds 10] [--connections 64])

Scenarios:
  trivial   GET /v1/bench/public/stats   -> a static upstream (nginx answering fixed JSON)
  globals   GET /v1/bench/public/globals -> the real identity service (PostgreSQL behind it)
  self      GET /v1/bench/self            -> identity, as the admin with a session token: the
                                            gateway verifies it (cached briefly) on every request
For globals and self, nginx (and the plain proxy) send a principal header signed at start-up
for that path (valid for two minutes: those scenarios run first), so the identity service does
the same work behind every proxy. A third proxy, bench/plain_proxy.py
(aiohttp with ClientSession and nothing else), shows what forwarding alone costs in Python,
so the gap between it and the gateway is the gateway's own work. One worker process each
(nginx `worker_processes 1`, one gateway process). Prints figures; asserts nothing.
"""

import argparse
import asyncio
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from common.db import drop_database, ensure_database, migrate, pool_context
from common.http.principal import Principal, sign_principal
from common.settings import CommonSettings
from common.testing import free_port
from common.testing.cvauth import cv_auth_header
from cvops.stack import ProcessSpec, Stack
from identity.app import MIGRATIONS as IDENTITY_MIGRATIONS
from identity.service import networks as networks
from identity.service.unit_of_work import IdentityUnitOfWork

NETWORK = "bench"
ADMIN_EMAIL = "admin@bench.example"
PATHS = {"globals": f"/v1/{NETWORK}/public/globals", "self": f"/v1/{NETWORK}/self",
         "trivial": f"/v1/{NETWORK}/public/stats"}
WARM_UP = 2  # seconds of wrk before each measured run
PLAIN_PROXY = Path(__file__).with_name("plain_proxy.py")
STATIC_BODY = '{"outcome":"success","data":{"stats":"static"},"status":200}'


@dataclass(frozen=True)
class Admin:
    api_key: str
    api_secret: str
    password: str
    user_id: int
    network_id: int


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


def ensure_tools() -> None:
    missing = [pkg for tool, pkg in (("nginx", "nginx-light"), ("wrk", "wrk")) if not shutil.which(tool)
               and not Path(f"/usr/sbin/{tool}").exists()]
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        print(f"installing {' '.join(missing)} from Debian's packages", flush=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-q", *missing], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, stdout=subprocess.DEVNULL)


def nginx_config(folder: Path, static_port: int, proxy_port: int, identity_port: int,
                 principals: dict[str, str]) -> Path:
    config = folder / "nginx.conf"
    identity_locations = "".join(
        # a location's own proxy_set_header drops the server's, so Connection is set again (keep-alive)
        f'        location = {path} {{ proxy_set_header X-CV-Principal "{principal}"; '
        f'proxy_set_header Connection ""; proxy_pass http://identity_upstream; }}\n'
        for path, principal in principals.items())
    config.write_text(f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    upstream static_upstream {{ server 127.0.0.1:{static_port}; keepalive 128; }}
    upstream identity_upstream {{ server 127.0.0.1:{identity_port}; keepalive 128; }}
    server {{
        listen 127.0.0.1:{static_port};
        location / {{ default_type application/json; return 200 '{STATIC_BODY}'; }}
    }}
    server {{
        listen 127.0.0.1:{proxy_port};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
{identity_locations}
        location / {{ proxy_pass http://static_upstream; }}
    }}
}}
""")
    return config


def run_wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> Result:
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *header_args, url],
                            check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        print(f"  warning: {non_2xx.group(1)} non-2xx answers from {url}", flush=True)
    return Result(rps, _latency(output, "50%"), _latency(output, "99%"))


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


async def prepare_identity(settings: CommonSettings, database: str) -> Admin:
    await drop_database(settings.database_url, database)
    await ensure_database(settings.database_url, database)
    password = secrets.token_urlsafe(12)
    async with pool_context(settings.database_dsn(database), 1, 1) as pool, pool.acquire() as conn:
        await migrate(conn, IDENTITY_MIGRATIONS)
        async with IdentityUnitOfWork(pool, None, conn) as uow:
            created = await networks.create_network(uow, NETWORK, ADMIN_EMAIL, password)
            await uow.commit()
        network_id = await conn.fetchval("SELECT id FROM networks WHERE name = $1", NETWORK)
    return Admin(created["api_key"], created["api_secret"], password, created["admin_user_id"], network_id)


async def session_token(gateway_url: str, admin: Admin) -> str:
    """Logs the admin in through the gateway, as a client would."""
    header = cv_auth_header(admin.api_key, admin.api_secret, ADMIN_EMAIL, admin.password)
    async with aiohttp.ClientSession() as http, http.get(f"{gateway_url}/v1/{NETWORK}/authenticate",
                                                         headers={"cv-auth": header}) as response:
        return (await response.json())["data"]["token"]


async def main(seconds: int, connections: int) -> None:
    ensure_tools()
    settings = CommonSettings()
    database = "cv_bench_identity"
    admin = await prepare_identity(settings, database)
    ports = {name: free_port() for name in ("static", "nginx", "identity", "gateway", "plain", "plain-globals",
                                            "plain-self")}
    secret = secrets.token_urlsafe(32)
    env = {
        "CV_INTERNAL_SECRET": secret, "CV_TOKEN_SECRET": secrets.token_urlsafe(32), "CV_LOG_LEVEL": "WARNING", "CV_BROKER_PREFIX": f"bench{os.getpid()}",
        "CV_IDENTITY_DATABASE": database, "CV_IDENTITY_PORT": str(ports["identity"]),
        "CV_HTTP_PORT": str(ports["gateway"]), "CV_IDENTITY_URL": f"http://127.0.0.1:{ports['identity']}",
        "CV_OFFERINGS_URL": f"http://127.0.0.1:{ports['static']}",
    }
    python = sys.executable
    stack = Stack([
        ProcessSpec("identity", [python, "-m", "identity"], f"http://127.0.0.1:{ports['identity']}/readyz"),
        ProcessSpec("gateway", [python, "-m", "gateway"]),
    ], env)
    folder = Path(tempfile.mkdtemp(prefix="cv-bench-"))
    nginx = plain = None
    try:
        await stack.start()
        principals = signed_principals(admin, secret.encode(), seconds)
        config = nginx_config(folder, ports["static"], ports["nginx"], ports["identity"], principals)
        nginx = subprocess.Popen(["nginx", "-c", str(config), "-g", "daemon off;"])
        identity_url = f"http://127.0.0.1:{ports['identity']}"
        plain = Stack([
            ProcessSpec("plain", [python, str(PLAIN_PROXY), str(ports["plain"]), f"http://127.0.0.1:{ports['static']}"]),
            *(ProcessSpec(f"plain-{name}", [python, str(PLAIN_PROXY), str(ports[f"plain-{name}"]), identity_url,
                                            f"X-CV-Principal={principals[PATHS[name]]}"]) for name in ("globals", "self")),
        ], env)
        await plain.start()
        token = await session_token(f"http://127.0.0.1:{ports['gateway']}", admin)
        await asyncio.sleep(1)
        report(seconds, connections, ports, {"jwt-auth": token})
    finally:
        if plain:
            await plain.stop()
        if nginx:
            nginx.terminate()
            nginx.wait()
        await stack.stop()
        await drop_database(settings.database_url, database)
        shutil.rmtree(folder, ignore_errors=True)


def signed_principals(admin: Admin, secret: bytes, seconds: int) -> dict[str, str]:
    """The principal nginx and the plain proxies send for globals (anonymous) and self (the
    admin), issued mid-way through the runs that use them, so one signature covers them all."""
    midway = time.time() + 3 * (seconds + WARM_UP)
    callers = {"globals": Principal(network=NETWORK, network_id=admin.network_id),
               "self": Principal(network=NETWORK, network_id=admin.network_id, user_id=admin.user_id, is_admin=True)}
    return {PATHS[name]: sign_principal(caller, secret, "GET", PATHS[name], now=midway)
            for name, caller in callers.items()}


def report(seconds: int, connections: int, ports: dict[str, int], session: dict[str, str]) -> None:
    print(f"wrk -t2 -c{connections} -d{seconds}s, one worker process each, "
          f"{os.cpu_count()} cores shared with wrk and the upstreams\n", flush=True)
    print(f"{'scenario':<10}{'proxy':<10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}", flush=True)
    for scenario in ("globals", "self", "trivial"):  # the signed principals' scenarios first
        url_path, headers = PATHS[scenario], session if scenario == "self" else {}
        proxies = {"nginx": "nginx", "plain": "plain" if scenario == "trivial" else f"plain-{scenario}",
                   "gateway": "gateway"}
        results = {}
        for label, proxy in proxies.items():
            run_wrk(f"http://127.0.0.1:{ports[proxy]}{url_path}", WARM_UP, connections, headers)
            results[label] = result = run_wrk(f"http://127.0.0.1:{ports[proxy]}{url_path}", seconds, connections,
                                              headers)
            print(f"{scenario:<10}{label:<10}{result.requests_per_second:>10.0f}{result.p50_ms:>10.2f}"
                  f"{result.p99_ms:>10.2f}", flush=True)
        for label in ("plain", "gateway"):
            ratio = results[label].requests_per_second / results["nginx"].requests_per_second
            print(f"{scenario:<10}{label + '/nginx':<16}{ratio:>4.2f}", flush=True)
        print(flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per run; at most 18 (see signed_principals)")
    parser.add_argument("--connections", type=int, default=64)
    arguments = parser.parse_args()
    arguments.seconds = min(arguments.seconds, 18)
    asyncio.run(main(arguments.seconds, arguments.connections))
