"""The gateway's two questions to identity: what is this network, and who is this caller."""

from dataclasses import dataclass

import aiohttp

from common.http.internal_client import InternalClient
from common.http.principal import Principal


@dataclass(frozen=True)
class NetworkInfo:
    id: int
    name: str
    cors_origins: frozenset[str]


@dataclass(frozen=True)
class Verified:
    principal: Principal
    cache_seconds: int


class IdentityClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, secret: bytes) -> None:
        self._identity = InternalClient(session, "identity", base_url, secret)

    async def network(self, name: str) -> NetworkInfo:
        data = (await self._identity.call("GET", name, f"/internal/networks/{name}"))["network"]
        return NetworkInfo(data["id"], data["name"], frozenset(data["cors_origins"]))

    async def authenticate(self, network: str, credential: dict) -> Verified:
        data = await self._identity.call("POST", network, f"/internal/networks/{network}/authenticate", credential)
        return Verified(Principal(**data["principal"]), int(data["cache_seconds"]))
