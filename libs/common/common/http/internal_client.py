"""Calls from one service to another's internal routes, signed with the internal secret as the
gateway signs its calls; an error answer is raised as it came, an unreachable service as 503."""

import aiohttp
from yarl import URL

from common.errors import PlatformError
from common.http.errors import ApiError
from common.http.principal import PRINCIPAL_HEADER, Principal, request_target, sign_principal
from common.json import loads


class InternalClient:
    def __init__(self, session: aiohttp.ClientSession, service: str, base_url: str, secret: bytes) -> None:
        self._session = session
        self._service = service
        self._base_url = base_url.rstrip("/")
        self._secret = secret

    async def call(self, method: str, network: str, path: str, json: dict | None = None,
                   query: dict[str, str] | None = None) -> dict:
        """The ``data`` of the service's answer to ``method path`` for ``network``."""
        target = request_target(path, query or {})  # the one spelling the service verifies
        headers = {PRINCIPAL_HEADER: sign_principal(Principal(network=network), self._secret, method, target)}
        url = URL(self._base_url + target, encoded=True)
        try:
            async with self._session.request(method, url, json=json, headers=headers) as resp:
                body = loads(await resp.read())
                retry_after = resp.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError, ValueError):
            raise PlatformError.UPSTREAM_UNAVAILABLE.error(f"The {self._service} service could not be reached") from None
        if body.get("outcome") == "success":
            return body["data"]
        error = body.get("data", {})
        raise ApiError(error.get("code", PlatformError.BAD_GATEWAY), body.get("status", 502),
                       error.get("user_message", ""), error.get("developer_message", ""),
                       retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None)
