"""`GET /healthz`: ready only when every service says it is ready."""

import asyncio

import aiohttp
from aiohttp import web

from common.errors import PlatformError
from common.http.envelope import error_response, success

READY_TIMEOUT = aiohttp.ClientTimeout(total=3)


async def _is_ready(session: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with session.get(f"{url}/readyz", timeout=READY_TIMEOUT) as response:
            return response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


async def services_health(session: aiohttp.ClientSession, service_urls: dict[str, str]) -> web.Response:
    names = list(service_urls)
    results = await asyncio.gather(*(_is_ready(session, service_urls[name]) for name in names))
    not_ready = [name for name, ready in zip(names, results, strict=True) if not ready]
    if not_ready:
        return error_response(PlatformError.UPSTREAM_UNAVAILABLE.error(f"Not ready: {', '.join(not_ready)}"))
    return success({"status": "ready", "services": names})
