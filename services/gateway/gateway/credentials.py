"""Reading the caller's credential from the request headers (never from the body).

``cv-auth: AuthToken ApiKey="..", TokenDigest="..", Nonce="..", Created=".."[, Username="..",
Password=".."]`` is the SDKs' digest form; any other ``cv-auth`` value, ``jwt-auth``, or
``Authorization: Bearer`` carries a session token.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from common.errors import AuthError

_DIGEST_PREFIX = "AuthToken "
_PAIR = re.compile(r'\s*([A-Za-z]+)\s*=\s*"([^"]*)"\s*(?:,|$)')
_REQUIRED = {"ApiKey": "api_key", "TokenDigest": "token_digest", "Nonce": "nonce", "Created": "created"}
_OPTIONAL = {"Username": "username", "Password": "password"}


@dataclass(frozen=True)
class Credential:
    """The body identity's authenticate endpoint takes; ``key`` identifies it in the cache."""

    body: dict[str, str | None]
    key: str


def _digest(value: str) -> Credential:
    text = value[len(_DIGEST_PREFIX):].strip()
    pairs: dict[str, str] = {}
    position = 0
    while position < len(text):
        found = _PAIR.match(text, position)
        if found is None:
            raise AuthError.AUTH_HEADER_MALFORMED.error()
        pairs[found.group(1)] = found.group(2)
        position = found.end()
    if not _REQUIRED.keys() <= pairs.keys():
        raise AuthError.AUTH_HEADER_MALFORMED.error()
    body: dict[str, str | None] = {"kind": "digest"}
    body |= {field: pairs[name] for name, field in _REQUIRED.items()}
    body |= {field: pairs.get(name) for name, field in _OPTIONAL.items()}
    return Credential(body, value)


def _token(token: str) -> Credential:
    token = token.strip()
    if not token:
        raise AuthError.AUTH_HEADER_MALFORMED.error("Empty session token")
    return Credential({"kind": "token", "token": token}, token)


def read_credential(headers: Mapping[str, str]) -> Credential | None:
    cv_auth = headers.get("cv-auth")
    if cv_auth:
        return _digest(cv_auth) if cv_auth.startswith(_DIGEST_PREFIX) else _token(cv_auth)
    jwt_auth = headers.get("jwt-auth")
    if jwt_auth:
        return _token(jwt_auth)
    authorization = headers.get("Authorization", "")
    if authorization[:7].lower() == "bearer ":
        return _token(authorization[7:])
    return None
