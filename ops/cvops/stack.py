"""Start, watch and stop the processes of a local stack (used by `make up` and the e2e tests)."""

import asyncio
import os
import signal
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

import aiohttp

from common.roles import ALL
from sandboxes.social import provider_urls

SERVICE_PORTS = {"identity": 8101, "offerings": 8102, "registry": 8103, "payments": 8104}
METRICS_PORTS = {"gateway": 9180, "identity": 9181, "offerings": 9182, "registry": 9183, "payments": 9184}


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    argv: list[str]
    ready_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)  # this process's own variables


@dataclass
class StackPorts:
    gateway: int = 8080
    services: dict[str, int] = field(default_factory=lambda: dict(SERVICE_PORTS))
    smtp: int = 1025
    social: int = 8201
    metrics: dict[str, int] = field(default_factory=lambda: dict(METRICS_PORTS))  # each process's /metrics

    def env(self) -> dict[str, str]:
        """The CV_* variables that point every process at these ports (and at the sandboxes)."""
        env = {"CV_HTTP_PORT": str(self.gateway), "CV_SMTP_SINK_PORT": str(self.smtp),
               "CV_SMTP_URL": f"smtp://127.0.0.1:{self.smtp}", "CV_SOCIAL_SANDBOX_PORT": str(self.social)}
        env |= {f"CV_{name.upper()}": url for name, url in provider_urls(f"http://127.0.0.1:{self.social}").items()}
        for name, port in self.services.items():
            env[f"CV_{name.upper()}_PORT"] = str(port)
            env[f"CV_{name.upper()}_URL"] = f"http://127.0.0.1:{port}"
        return env


def stack_processes(ports: StackPorts, python: str = sys.executable) -> list[ProcessSpec]:
    """The sandboxes, one process per service running all its roles (deploy/ runs each role
    apart), and the gateway."""
    specs = [ProcessSpec("smtp-sink", [python, "-m", "sandboxes.smtp_sink"]),
             ProcessSpec("social-sandbox", [python, "-m", "sandboxes.social"], f"http://127.0.0.1:{ports.social}/healthz")]
    for name, port in ports.services.items():
        specs.append(ProcessSpec(name, [python, "-m", name, ALL], f"http://127.0.0.1:{port}/readyz",
                                 _metrics_env(ports, name)))
    specs.append(ProcessSpec("gateway", [python, "-m", "gateway"], f"http://127.0.0.1:{ports.gateway}/healthz",
                             _metrics_env(ports, "gateway")))
    return specs


def _metrics_env(ports: StackPorts, name: str) -> dict[str, str]:
    return {"CV_METRICS_PORT": str(ports.metrics[name])} if name in ports.metrics else {}


class Stack:
    """A set of child processes sharing one environment; stopped together."""

    def __init__(self, specs: list[ProcessSpec], env: Mapping[str, str], log_path: str | None = None) -> None:
        self.specs = specs
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.processes: dict[str, asyncio.subprocess.Process] = {}
        self._log: BinaryIO | None = None

    async def start(self, timeout: float = 60) -> None:
        self._log = self._open_log()
        for spec in self.specs:
            self.processes[spec.name] = await asyncio.create_subprocess_exec(
                *spec.argv, env=self.env | spec.env, stdout=self._log, stderr=self._log, start_new_session=True
            )
        await self.wait_ready(timeout)

    def _open_log(self) -> BinaryIO | None:
        return open(self.log_path, "ab") if self.log_path else None

    async def wait_ready(self, timeout: float) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        async with aiohttp.ClientSession() as session:
            for spec in self.specs:
                if spec.ready_url:
                    await self._wait_url(session, spec, deadline)

    async def _wait_url(self, session: aiohttp.ClientSession, spec: ProcessSpec, deadline: float) -> None:
        while True:
            process = self.processes[spec.name]
            if process.returncode is not None:
                raise RuntimeError(f"{spec.name} exited with code {process.returncode}")
            try:
                async with session.get(spec.ready_url, timeout=aiohttp.ClientTimeout(total=2)) as resp:
                    if resp.status == 200:
                        return
            except (TimeoutError, aiohttp.ClientError):
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"{spec.name} not ready at {spec.ready_url}")
            await asyncio.sleep(0.2)

    def exited(self) -> dict[str, int]:
        return {n: p.returncode for n, p in self.processes.items() if p.returncode is not None}

    async def stop(self, timeout: float = 10) -> None:
        for process in self.processes.values():
            if process.returncode is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                await asyncio.wait_for(process.wait(), timeout)
            except TimeoutError:
                os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
        if self._log:
            self._log.close()
