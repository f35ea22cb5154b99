"""The gateway's composition root: one catch-all route in front of the services."""

from collections.abc import AsyncIterator

from aiohttp import web

from gateway.caches import CredentialCache, NetworkDirectory
from gateway.health import services_health
from gateway.identity_client import IdentityClient
from gateway.proxy import Gateway
from gateway.ratelimit import RateLimiter
from gateway.revocations import listen_for_revocations
from gateway.routes import default_route_table
from gateway.settings import GatewaySettings
from gateway.upstream import upstream_session

GATEWAY = web.AppKey("gateway", Gateway)


def _build(settings: GatewaySettings) -> Gateway:
    session = upstream_session(settings.gateway_pool_size, settings.gateway_connect_timeout_seconds,
                               settings.gateway_upstream_timeout_seconds)
    identity = IdentityClient(session, settings.identity_url, settings.secret("internal_secret").encode())
    credentials = CredentialCache(settings.gateway_auth_cache_seconds)
    return Gateway(
        settings=settings,
        routes=default_route_table(),
        session=session,
        identity=identity,
        networks=NetworkDirectory(identity, settings.gateway_network_cache_seconds),
        credentials=credentials,
        rate_limiter=RateLimiter(settings.gateway_auth_rate_per_minute, settings.gateway_auth_rate_burst),
    )


def create_app(settings: GatewaySettings) -> web.Application:
    settings.require_secrets()
    app = web.Application(client_max_size=settings.gateway_body_limit_bytes)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        gateway = app[GATEWAY] = _build(settings)
        async for _ in listen_for_revocations(settings.amqp_url, settings.events_exchange, gateway.credentials):
            yield
        await gateway.session.close()

    async def healthz(request: web.Request) -> web.Response:
        return await services_health(app[GATEWAY].session, settings.service_urls())

    async def proxy(request: web.Request) -> web.StreamResponse:
        return await app[GATEWAY].handle(request)

    app.cleanup_ctx.append(resources)
    app.router.add_get("/healthz", healthz)
    app.router.add_route("*", "/{tail:.*}", proxy)
    return app
