"""The gateway's two questions to identity: what is this network, and who is this caller."""

from dataclasses import dataclass

import aiohttp
from yarl import URL

from common.http.errors import ApiError, PlatformError
from common.http.principal import PRINCIPAL_HEADER, Principal, request_target, sign_principal
from common.json import loads


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
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._secret = secret

    async def _call(self, method: str, network: str, path: str, json: dict | None = None) -> dict:
        target = request_target(path, {})  # the one spelling identity verifies, whatever the name holds
        headers = {PRINCIPAL_HEADER: sign_principal(Principal(network=network), self._secret, method, target)}
        url = URL(self._base_url + target, encoded=True)
        try:
            async with self._session.request(method, url, json=json, headers=headers) as resp:
                body = loads(await resp.read())
                retry_after = resp.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError, ValueError):
            raise PlatformError.UPSTREAM_UNAVAILABLE.error("The identity service could not be reached") from None
        if body.get("outcome") == "success":
            return body["data"]
        error = body.get("data", {})
        raise ApiError(error.get("code", PlatformError.BAD_GATEWAY), body.get("status", 502),
                       error.get("user_message", ""), error.get("developer_message", ""),
                       retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None)

    async def network(self, name: str) -> NetworkInfo:
        data = (await self._call("GET", name, f"/internal/networks/{name}"))["network"]
        return NetworkInfo(data["id"], data["name"], frozenset(data["cors_origins"]))

    async def authenticate(self, network: str, credential: dict) -> Verified:
        data = await self._call("POST", network, f"/internal/networks/{network}/authenticate", credential)
        return Verified(Principal(**data["principal"]), int(data["cache_seconds"]))
