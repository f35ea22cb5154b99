"""Forwarding one request to its service and relaying the answer, streaming both ways."""

from collections.abc import AsyncIterator

from aiohttp import web
from multidict import CIMultiDict

from common.http.errors import PlatformError
from gateway.http_client import (
    Response,
    UpstreamBroken,
    UpstreamPool,
    UpstreamTimeout,
    UpstreamUnavailable,
)

HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "trailers", "transfer-encoding", "upgrade", "host", "content-length",
})
CREDENTIAL_HEADERS = frozenset({"cv-auth", "jwt-auth", "authorization"})
SMALL_BODY = 256 * 1024  # answers up to this size are relayed in one piece, larger ones streamed


class _LimitedBody:
    """The client's body as it arrives, stopped once it passes the size limit."""

    def __init__(self, request: web.Request, limit: int) -> None:
        self.request, self.limit, self.exceeded = request, limit, False

    async def chunks(self) -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in self.request.content.iter_chunked(64 * 1024):
            seen += len(chunk)
            if seen > self.limit:
                self.exceeded = True
                raise PlatformError.PAYLOAD_TOO_LARGE.error()
            yield chunk


def _request_body(request: web.Request, limit: int) -> _LimitedBody | None:
    if request.content_length == 0 or (request.content_length is None and not request.body_exists):
        return None
    if request.content_length is not None and request.content_length > limit:
        raise PlatformError.PAYLOAD_TOO_LARGE.error()
    return _LimitedBody(request, limit)


def forwarded_headers(request: web.Request, service: str) -> dict[str, str]:
    """The client's headers minus hop-by-hop ones (and credentials, for all but identity)."""
    headers = {}
    for name, value in request.headers.items():
        lower = name.lower()
        if lower in HOP_BY_HOP or lower == "x-cv-principal":
            continue
        if lower in CREDENTIAL_HEADERS and service != "identity":
            continue
        headers[name] = value
    return headers


async def forward(pool: UpstreamPool, request: web.Request, headers: dict[str, str],
                  extra_response_headers: dict[str, str], body_limit: int, timeout: float) -> web.StreamResponse:
    """Send the request on; answer what the service answered, or a 502/503/504 envelope."""
    body = _request_body(request, body_limit)
    try:
        upstream = await pool.request(request.method, request.raw_path, headers.items(),
                                      body and body.chunks(), request.content_length if body else None, timeout)
    except UpstreamUnavailable:
        raise PlatformError.UPSTREAM_UNAVAILABLE.error() from None
    except UpstreamTimeout:
        raise PlatformError.UPSTREAM_TIMEOUT.error() from None
    except UpstreamBroken:
        if body is not None and body.exceeded:
            raise PlatformError.PAYLOAD_TOO_LARGE.error() from None
        raise PlatformError.BAD_GATEWAY.error() from None
    try:
        return await _relay(request, upstream, extra_response_headers)
    finally:
        upstream.close()


async def _relay(request: web.Request, upstream: Response, extra: dict[str, str]) -> web.StreamResponse:
    headers = CIMultiDict((k, v) for k, v in upstream.headers if k.lower() not in HOP_BY_HOP)
    headers.update(extra)
    try:
        if upstream.content_length is not None and upstream.content_length <= SMALL_BODY:
            return web.Response(status=upstream.status, body=await upstream.read(), headers=headers)
    except UpstreamTimeout:
        raise PlatformError.UPSTREAM_TIMEOUT.error() from None
    except UpstreamBroken:
        raise PlatformError.BAD_GATEWAY.error() from None
    response = web.StreamResponse(status=upstream.status, headers=headers)
    if upstream.content_length is not None:
        response.content_length = upstream.content_length
    await response.prepare(request)
    async for chunk in upstream.chunks():  # a failure now can only cut the answer short
        await response.write(chunk)
    await response.write_eof()
    return response
