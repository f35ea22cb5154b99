"""The verified caller, passed from the gateway to a service in a signed header.

The gateway authenticates and signs; a service verifies the signature, the freshness
and that the header was made for this very method and request target, and trusts nothing else.
The target is bound in one spelling (``request_target``), so every valid encoding of a URL
signs and verifies as the same decoded path and query.
"""

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass

import orjson
from multidict import MultiMapping
from yarl import URL

PRINCIPAL_HEADER = "X-CV-Principal"
REQUEST_ID_HEADER = "X-Request-Id"
MAX_AGE_SECONDS = 60


@dataclass(frozen=True)
class Principal:
    network: str
    network_id: int | None = None
    user_id: int | None = None
    is_admin: bool = False
    is_vip: bool = False
    via_api_key: bool = False  # the caller proved the network's API key (cv-auth digest)
    request_id: str = ""

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None


class InvalidPrincipal(Exception):
    pass


def request_target(path: str, query: MultiMapping[str]) -> str:
    """The decoded path and query encoded again the one way yarl encodes them: ``%2d`` and ``-``,
    ``+`` and ``%20``, ``%41`` and ``A`` all come out alike, and decoding the result gives back
    exactly ``path`` and ``query``."""
    return URL.build(path=path, query=query).raw_path_qs


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, payload: str, method: str, path: str) -> str:
    message = f"{payload}\n{method.upper()}\n{path}".encode()
    return _b64(hmac.digest(secret, message, hashlib.sha256))


def sign_principal(principal: Principal, secret: bytes, method: str, path: str, now: float | None = None,
                   request_id: str | None = None) -> str:
    claims = dict(principal.__dict__, issued_at=int(now if now is not None else time.time()))
    if request_id is not None:
        claims["request_id"] = request_id
    payload = _b64(orjson.dumps(claims))
    return f"{payload}.{_mac(secret, payload, method, path)}"


def verify_principal(header: str | None, secret: bytes, method: str, path: str, now: float | None = None) -> Principal:
    if not header or "." not in header:
        raise InvalidPrincipal("missing principal header")
    payload, mac = header.rsplit(".", 1)
    if not hmac.compare_digest(mac, _mac(secret, payload, method, path)):
        raise InvalidPrincipal("bad principal signature")
    claims = orjson.loads(_unb64(payload))
    issued_at = claims.pop("issued_at", 0)
    if abs((now if now is not None else time.time()) - issued_at) > MAX_AGE_SECONDS:
        raise InvalidPrincipal("stale principal")
    return Principal(**claims)
