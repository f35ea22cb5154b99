"""Forwarding one request to its service over pooled keep-alive connections, streaming both ways."""

from collections.abc import AsyncIterator, Callable, Mapping

import aiohttp
import structlog
from aiohttp import web
from multidict import CIMultiDict
from yarl import URL

from common.errors import PlatformError
from common.http.credentials_changed import CREDENTIALS_CHANGED_HEADER

log = structlog.get_logger(__name__)

HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "trailers", "transfer-encoding", "upgrade", "host", "content-length",
    "expect",  # aiohttp answers "100 Continue" to the client itself; the service must not be asked again
})
CREDENTIAL_HEADERS = frozenset({"cv-auth", "jwt-auth", "authorization"})
INTERNAL_ANSWER_HEADERS = frozenset({CREDENTIALS_CHANGED_HEADER.lower()})  # for the gateway only, never the client
SMALL_BODY = 256 * 1024  # answers up to this size are buffered, larger ones streamed


def upstream_session(pool_size: int, connect_timeout: float, read_timeout: float) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=pool_size, keepalive_timeout=60,
                                     ttl_dns_cache=300, enable_cleanup_closed=True)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout, sock_read=read_timeout)
    # no cookie jar: a proxy must never carry one client's cookies into another's request
    return aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False,
                                 cookie_jar=aiohttp.DummyCookieJar(),
                                 skip_auto_headers=("User-Agent", "Accept-Encoding", "Content-Type"))


class _LimitedBody:
    """The client's body as it arrives, stopped once it passes the size limit."""

    def __init__(self, body: aiohttp.StreamReader, limit: int) -> None:
        self.body, self.limit, self.exceeded = body, limit, False

    async def chunks(self) -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in self.body.iter_chunked(64 * 1024):
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
    return _LimitedBody(request.content, limit)


def _response_headers(upstream: aiohttp.ClientResponse, extra: dict[str, str]) -> CIMultiDict[str]:
    headers = CIMultiDict((k, v) for k, v in upstream.headers.items()
                          if k.lower() not in HOP_BY_HOP and k.lower() not in INTERNAL_ANSWER_HEADERS)
    headers.update(extra)
    return headers


AnswerHook = Callable[[Mapping[str, str]], None]


async def forward(session: aiohttp.ClientSession, request: web.Request, url: URL, headers: dict[str, str],
                  extra_response_headers: dict[str, str], body_limit: int,
                  before_answer: AnswerHook | None = None) -> web.StreamResponse:
    """Send the request on; answer what the service answered, or a 502/503/504 envelope.
    ``before_answer`` sees the service's answer headers before any byte reaches the client."""
    body = _request_body(request, body_limit)
    try:
        async with session.request(request.method, url, headers=headers, data=body and body.chunks(),
                                   allow_redirects=False) as upstream:
            if before_answer is not None:
                before_answer(upstream.headers)
            response_headers = _response_headers(upstream, extra_response_headers)
            length = upstream.content_length
            if length is not None and length <= SMALL_BODY:
                return web.Response(status=upstream.status, body=await upstream.read(), headers=response_headers)
            return await _stream(request, upstream, response_headers)
    except aiohttp.ClientConnectorError:
        raise PlatformError.UPSTREAM_UNAVAILABLE.error() from None
    except (TimeoutError, aiohttp.ServerTimeoutError):
        raise PlatformError.UPSTREAM_TIMEOUT.error() from None
    except aiohttp.ClientError:
        if body is not None and body.exceeded:
            raise PlatformError.PAYLOAD_TOO_LARGE.error() from None
        raise PlatformError.BAD_GATEWAY.error() from None


async def _stream(request: web.Request, upstream: aiohttp.ClientResponse,
                  headers: CIMultiDict[str]) -> web.StreamResponse:
    """Relay a large answer chunk by chunk; if the service fails mid-way, cut the client off
    rather than end the body as if it were complete."""
    response = web.StreamResponse(status=upstream.status, headers=headers)
    if upstream.content_length is not None:
        response.content_length = upstream.content_length
    await response.prepare(request)
    try:
        async for chunk in upstream.content.iter_chunked(64 * 1024):
            await response.write(chunk)
    except (aiohttp.ClientError, TimeoutError):
        log.warning("upstream_answer_cut_short", path=request.path)
        if request.transport is not None:
            request.transport.close()
        return response
    await response.write_eof()
    return response


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
    if request.content_length is not None:
        headers["Content-Length"] = str(request.content_length)
    return headers
