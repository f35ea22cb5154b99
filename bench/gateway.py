"""Benchmark: our gateway against nginx in front of the same upstream, side by side in one run.

    make bench        (or: .venv/bin/python bench/gateway.py [--seconds 10] [--connections 64])

Scenarios:
  trivial   GET /v1/bench/public/stats   -> a static upstream (nginx answering fixed JSON)
  globals   GET /v1/bench/public/globals -> the real identity service (PostgreSQL behind it)
For the globals scenario nginx (and the plain proxy) send a principal header signed at
start-up and valid for 90 seconds (the scenario runs first), so the identity service does
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

from common.db import drop_database, ensure_database, migrate, pool_context
from common.http.principal import Principal, sign_principal
from common.settings import CommonSettings
from common.testing import free_port
from cvops.stack import ProcessSpec, Stack
from identity.app import MIGRATIONS as IDENTITY_MIGRATIONS
from identity.service import networks as networks

NETWORK = "bench"
PLAIN_PROXY = Path(__file__).with_name("plain_proxy.py")
STATIC_BODY = '{"outcome":"success","data":{"stats":"static"},"status":200}'


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


def nginx_config(folder: Path, static_port: int, proxy_port: int, identity_port: int, principal: str) -> Path:
    config = folder / "nginx.conf"
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
        location /v1/{NETWORK}/public/globals {{
            proxy_set_header X-CV-Principal "{principal}";
            proxy_pass http://identity_upstream;
        }}
        location / {{ proxy_pass http://static_upstream; }}
    }}
}}
""")
    return config


def run_wrk(url: str, seconds: int, connections: int) -> Result:
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                            check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        print(f"  warning: {non_2xx.group(1)} non-2xx answers from {url}", flush=True)
    return Result(rps, _latency(output, "50%"), _latency(output, "99%"))


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


async def prepare_identity(settings: CommonSettings, database: str) -> None:
    await drop_database(settings.database_url, database)
    await ensure_database(settings.database_url, database)
    async with pool_context(settings.database_dsn(database), 1, 1) as pool, pool.acquire() as conn:
        await migrate(conn, IDENTITY_MIGRATIONS)
        await networks.create_network(conn, NETWORK, "admin@bench.example", secrets.token_urlsafe(12))


async def main(seconds: int, connections: int) -> None:
    ensure_tools()
    settings = CommonSettings()
    database = "cv_bench_identity"
    await prepare_identity(settings, database)
    ports = {name: free_port() for name in ("static", "nginx", "identity", "gateway", "plain", "plain-globals")}
    secret = secrets.token_urlsafe(32)
    env = {
        "CV_INTERNAL_SECRET": secret, "CV_LOG_LEVEL": "WARNING", "CV_BROKER_PREFIX": f"bench{os.getpid()}",
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
        principal = sign_principal(Principal(network=NETWORK, network_id=1), secret.encode(), "GET",
                                   f"/v1/{NETWORK}/public/globals", now=time.time() + 30)
        config = nginx_config(folder, ports["static"], ports["nginx"], ports["identity"], principal)
        nginx = subprocess.Popen(["nginx", "-c", str(config), "-g", "daemon off;"])
        plain = Stack([
            ProcessSpec("plain", [python, str(PLAIN_PROXY), str(ports["plain"]), f"http://127.0.0.1:{ports['static']}"]),
            ProcessSpec("plain-globals", [python, str(PLAIN_PROXY), str(ports["plain-globals"]),
                                          f"http://127.0.0.1:{ports['identity']}", f"X-CV-Principal={principal}"]),
        ], env)
        await plain.start()
        await asyncio.sleep(1)
        report(seconds, connections, ports)
    finally:
        if plain:
            await plain.stop()
        if nginx:
            nginx.terminate()
            nginx.wait()
        await stack.stop()
        await drop_database(settings.database_url, database)
        shutil.rmtree(folder, ignore_errors=True)


def report(seconds: int, connections: int, ports: dict[str, int]) -> None:
    print(f"wrk -t2 -c{connections} -d{seconds}s, one worker process each, "
          f"{os.cpu_count()} cores shared with wrk and the upstreams\n", flush=True)
    print(f"{'scenario':<10}{'proxy':<10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}", flush=True)
    # globals first: the principal nginx and the plain proxy send is valid for 90 seconds only
    for scenario, path in (("globals", f"/v1/{NETWORK}/public/globals"), ("trivial", f"/v1/{NETWORK}/public/stats")):
        results = {}
        proxies = {"nginx": "nginx", "plain": "plain" if scenario == "trivial" else "plain-globals",
                   "gateway": "gateway"}
        for label, proxy in proxies.items():
            run_wrk(f"http://127.0.0.1:{ports[proxy]}{path}", 2, connections)  # warm-up
            results[label] = result = run_wrk(f"http://127.0.0.1:{ports[proxy]}{path}", seconds, connections)
            print(f"{scenario:<10}{label:<10}{result.requests_per_second:>10.0f}{result.p50_ms:>10.2f}"
                  f"{result.p99_ms:>10.2f}", flush=True)
        for label in ("plain", "gateway"):
            ratio = results[label].requests_per_second / results["nginx"].requests_per_second
            print(f"{scenario:<10}{label + '/nginx':<16}{ratio:>4.2f}", flush=True)
        print(flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per run; at most 25 (see globals)")
    parser.add_argument("--connections", type=int, default=64)
    arguments = parser.parse_args()
    arguments.seconds = min(arguments.seconds, 25)
    asyncio.run(main(arguments.seconds, arguments.connections))
