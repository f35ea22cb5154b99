"""What the identity routes share: the settings key and the caller's network check."""

import asyncpg
from aiohttp import web

from common.http.errors import PlatformError
from common.http.middlewares import PRINCIPAL
from common.http.principal import Principal
from identity.adapters.db import store
from identity.settings import IdentitySettings

SETTINGS = web.AppKey("settings", IdentitySettings)


def path_network(request: web.Request) -> str:
    """The path's network, which must be the one the gateway signed the principal for."""
    network = request.match_info["network"]
    if request[PRINCIPAL].network != network:
        raise PlatformError.FORBIDDEN.error("The principal was signed for another network")
    return network


def caller(request: web.Request) -> Principal:
    path_network(request)
    return request[PRINCIPAL]


async def caller_network(conn: asyncpg.Connection, request: web.Request) -> store.Network:
    """The network the caller is in (the path's, as the gateway signed it)."""
    network = await store.network_by_name(conn, caller(request).network)
    if network is None:
        raise PlatformError.UNKNOWN_NETWORK.error()
    return network
