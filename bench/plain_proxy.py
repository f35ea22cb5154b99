"""A plain aiohttp proxy (ClientSession, no authentication or routing): the benchmark's
reference for what the gateway's own work costs on top of forwarding.

    python bench/plain_proxy.py LISTEN_PORT UPSTREAM_URL [HEADER=VALUE ...]
"""

import sys

import aiohttp
import uvloop
from aiohttp import web


def main() -> None:
    port, upstream = int(sys.argv[1]), sys.argv[2].rstrip("/")
    extra_headers = dict(arg.split("=", 1) for arg in sys.argv[3:])

    async def session_context(app: web.Application):
        app["session"] = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit_per_host=100))
        yield
        await app["session"].close()

    async def proxy(request: web.Request) -> web.Response:
        async with request.app["session"].get(upstream + request.raw_path, headers=extra_headers) as response:
            return web.Response(body=await response.read(), status=response.status,
                                content_type=response.content_type)

    app = web.Application()
    app.cleanup_ctx.append(session_context)
    app.router.add_route("GET", "/{tail:.*}", proxy)
    uvloop.install()
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


if __name__ == "__main__":
    main()
