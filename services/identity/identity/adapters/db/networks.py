"""The networks (tenants): their keys, settings, global constants and social provider apps."""

from typing import Any

import asyncpg

from common.json import dumps_str, loads
from identity.domain.networks import Network

_COLUMNS = "id, name, api_key, api_secret, settings, globals, cors_origins, created_at, provider_credentials"
_JSON = ("settings", "globals", "provider_credentials")


def _network(row: asyncpg.Record | None) -> Network | None:
    if row is None:
        return None
    return Network(**(dict(row) | {name: loads(row[name]) for name in _JSON}))


class NetworkRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def by_name(self, name: str) -> Network | None:
        return _network(await self._conn.fetchrow(f"SELECT {_COLUMNS} FROM networks WHERE name = $1", name))

    async def by_id(self, network_id: int) -> Network | None:
        return _network(await self._conn.fetchrow(f"SELECT {_COLUMNS} FROM networks WHERE id = $1", network_id))

    async def by_api_key(self, api_key: str) -> Network | None:
        return _network(await self._conn.fetchrow(f"SELECT {_COLUMNS} FROM networks WHERE api_key = $1", api_key))

    async def all(self) -> list[Network]:
        return [_network(row) for row in await self._conn.fetch(f"SELECT {_COLUMNS} FROM networks ORDER BY id")]

    async def add(self, name: str, api_key: str, api_secret: str, cors_origins: list[str],
                  settings: dict[str, Any]) -> Network:
        return _network(await self._conn.fetchrow(
            f"INSERT INTO networks (name, api_key, api_secret, cors_origins, settings) VALUES ($1, $2, $3, $4, $5) "
            f"RETURNING {_COLUMNS}", name, api_key, api_secret, cors_origins, dumps_str(settings)))

    async def merge_settings(self, name: str, settings: dict[str, Any]) -> Network | None:
        """The network with ``settings`` merged into its own; None when there is no such network."""
        return _network(await self._conn.fetchrow(
            f"UPDATE networks SET settings = settings || $2::jsonb WHERE name = $1 RETURNING {_COLUMNS}",
            name, dumps_str(settings)))

    async def merge_provider_credentials(self, name: str, provider: str, credentials: dict[str, Any]) -> bool:
        """Set the network's app credentials for ``provider``; False when there is no such network."""
        result = await self._conn.execute(
            "UPDATE networks SET provider_credentials = provider_credentials || jsonb_build_object($2::text, $3::jsonb) "
            "WHERE name = $1", name, provider, dumps_str(credentials))
        return result != "UPDATE 0"

    async def replace_globals(self, network_id: int, constants: dict[str, Any]) -> None:
        await self._conn.execute("UPDATE networks SET globals = $2::jsonb WHERE id = $1", network_id, dumps_str(constants))
