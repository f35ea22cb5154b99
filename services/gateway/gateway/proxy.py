"""The gateway's one handler: match, resolve the network, authenticate, check access, forward."""

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import aiohttp
import structlog
from aiohttp import web
from yarl import URL

from common.endpoints import NETWORK_NAME, Endpoint
from common.errors import AuthError, DomainError, PlatformError
from common.http.credentials_changed import CREDENTIALS_CHANGED_HEADER, parse_user_ids
from common.http.envelope import error_response
from common.http.errors import ApiError
from common.http.metrics import observe_request
from common.http.principal import (
    PRINCIPAL_HEADER,
    REQUEST_ID_HEADER,
    Principal,
    request_target,
    sign_principal,
)
from gateway.caches import CredentialCache, NetworkDirectory
from gateway.credentials import read_credential
from gateway.identity_client import IdentityClient, NetworkInfo
from gateway.ratelimit import RateLimiter
from gateway.routes import RouteTable, served_path
from gateway.settings import GatewaySettings
from gateway.upstream import forward, forwarded_headers

log = structlog.get_logger(__name__)

CORS_ALLOW_HEADERS = "cv-auth, jwt-auth, network, authorization, content-type, idempotency-key, x-request-id"


@dataclass
class Gateway:
    settings: GatewaySettings
    routes: RouteTable
    session: aiohttp.ClientSession
    identity: IdentityClient
    networks: NetworkDirectory
    credentials: CredentialCache
    rate_limiter: RateLimiter

    def __post_init__(self) -> None:
        self.secret = self.settings.secret("internal_secret").encode()
        self.service_urls = self.settings.service_urls()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        request_id = _request_id(request)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        extra = {REQUEST_ID_HEADER: request_id}
        route = "unmatched"
        try:
            match = self.routes.match(request.path)
            route = next(iter(match.methods.values())).full_path if match.methods else route
            response = await self._dispatch(request, match.methods, match.params, extra)
        except DomainError as exc:
            response = error_response(exc, extra)
        except Exception:
            log.exception("gateway_error", method=request.method, path=request.path)
            response = error_response(PlatformError.INTERNAL_ERROR.error(), extra)
        observe_request("gateway", request.method, route, response.status, time.perf_counter() - started)
        return response

    async def _dispatch(self, request: web.Request, methods: dict[str, Endpoint], params: dict[str, str],
                        extra: dict[str, str]) -> web.StreamResponse:
        if not methods:
            raise PlatformError.ROUTE_NOT_FOUND.error(f"No endpoint matches {request.method} {request.path}")
        if not NETWORK_NAME.fullmatch(params["network"]):  # no need to ask identity
            raise PlatformError.UNKNOWN_NETWORK.error()
        network = await self.networks.get(params["network"])
        extra |= _cors_headers(request, network)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            return _preflight(request, methods, extra)
        endpoint = methods.get(request.method)
        if endpoint is None:
            raise ApiError.with_headers(PlatformError.METHOD_NOT_ALLOWED.error(), {"Allow": ", ".join(sorted(methods))})
        principal = await self._principal(request, network, endpoint)
        if _is_rate_limited(endpoint) and principal.is_anonymous and not principal.via_api_key:
            # the network's front-end (its API key, or the sessions it obtained for its users) speaks for
            # many users from one address; identity limits its password checks per account and network
            self.rate_limiter.check(f"{network.name}|{client_address(request, self.settings.gateway_trusted_proxies)}")
        structlog.contextvars.bind_contextvars(network=network.name, user_id=principal.user_id)
        return await self._forward(request, endpoint, principal, extra)

    async def _principal(self, request: web.Request, network: NetworkInfo, endpoint: Endpoint) -> Principal:
        credential = read_credential(request.headers)
        if credential is None:
            if endpoint.access != "public":
                raise AuthError.AUTH_REQUIRED.error()
            return Principal(network=network.name, network_id=network.id)
        cache_key = f"{network.name}|{credential.key}"
        principal = self.credentials.get(cache_key)
        if principal is None:
            evictions_before = self.credentials.evictions
            verified = await self.identity.authenticate(network.name, credential.body)
            principal = verified.principal
            self.credentials.put(cache_key, principal, verified.cache_seconds, evictions_before)
        if endpoint.access == "user" and principal.user_id is None:
            raise AuthError.USER_REQUIRED.error()
        return principal

    async def _forward(self, request: web.Request, endpoint: Endpoint, principal: Principal,
                       extra: dict[str, str]) -> web.StreamResponse:
        request_id = extra[REQUEST_ID_HEADER]
        # one spelling of the decoded URL is signed and sent, byte for byte, so any valid encoding works
        target = request_target(served_path(endpoint, request.path), request.query)
        headers = forwarded_headers(request, endpoint.service)
        headers[PRINCIPAL_HEADER] = sign_principal(principal, self.secret, request.method, target,
                                                   request_id=request_id)
        headers[REQUEST_ID_HEADER] = request_id
        forwarded = request.headers.get("X-Forwarded-For") if self.settings.gateway_trusted_proxies else None
        headers["X-Forwarded-For"] = f"{forwarded}, {request.remote}" if forwarded else (request.remote or "")
        url = URL(self.service_urls[endpoint.service] + target, encoded=True)
        before_answer = partial(self._drop_changed_credentials, principal.network) if endpoint.service == "identity" else None
        return await forward(self.session, request, url, headers, extra, self.settings.gateway_body_limit_bytes,
                             before_answer)

    def _drop_changed_credentials(self, network: str, answer_headers: Mapping[str, str]) -> None:
        """Before the client reads identity's answer, drop the cached credentials of the users it names,
        so that the very next request through this gateway sees a block, a new password or new roles."""
        for user_id in parse_user_ids(answer_headers.get(CREDENTIALS_CHANGED_HEADER, "")):
            self.credentials.evict_user(network, user_id)


def client_address(request: web.Request, trusted_proxies: int) -> str:
    """The client's address: the peer's, or, behind ``trusted_proxies`` proxies that append to
    X-Forwarded-For, the entry the outermost trusted proxy added (earlier ones can be forged)."""
    if trusted_proxies <= 0:
        return request.remote or ""
    hops = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    return hops[-trusted_proxies] if len(hops) >= trusted_proxies else request.remote or ""


def _request_id(request: web.Request) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if 8 <= len(incoming) <= 64 and incoming.replace("-", "").isalnum():
        return incoming
    return secrets.token_hex(16)


def _is_rate_limited(endpoint: Endpoint) -> bool:
    """Log-in style endpoints: credential checks, and the public POSTs (registration, passwords)."""
    return endpoint.access == "credentials" or (endpoint.access == "public" and endpoint.method == "POST")


def _cors_headers(request: web.Request, network: NetworkInfo) -> dict[str, str]:
    origin = request.headers.get("Origin")
    if origin is None or origin not in network.cors_origins:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
            "Access-Control-Expose-Headers": REQUEST_ID_HEADER}


def _preflight(request: web.Request, methods: dict[str, Endpoint], extra: dict[str, str]) -> web.Response:
    if "Access-Control-Allow-Origin" not in extra:
        raise PlatformError.FORBIDDEN.error("This origin is not allowed for the network")
    headers = extra | {
        "Access-Control-Allow-Methods": ", ".join(sorted(methods)),
        "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
        "Access-Control-Max-Age": "600",
    }
    return web.Response(status=204, headers=headers)
