"""Session tokens: HS256 JWTs naming the user, the network and the session."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import jwt

ALGORITHM = "HS256"


@dataclass(frozen=True)
class SessionClaims:
    user_id: int
    network: str
    network_id: int
    session_id: uuid.UUID
    issued_at: datetime
    expires_at: datetime


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def issue_token(claims: SessionClaims, secret: str) -> str:
    payload = {
        "sub": str(claims.user_id),
        "net": claims.network,
        "nid": claims.network_id,
        "sid": str(claims.session_id),
        "iat": int(claims.issued_at.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def read_token(token: str, secret: str) -> SessionClaims:
    try:
        payload = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp", "iat"]})
        return SessionClaims(
            user_id=int(payload["sub"]),
            network=str(payload["net"]),
            network_id=int(payload["nid"]),
            session_id=uuid.UUID(payload["sid"]),
            issued_at=datetime.fromtimestamp(payload["iat"], timezone.utc),
            expires_at=datetime.fromtimestamp(payload["exp"], timezone.utc),
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenExpired from exc
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError) as exc:
        raise TokenInvalid from exc


def session_window(now: datetime, ttl_seconds: int) -> tuple[datetime, datetime]:
    issued = now.replace(microsecond=0)
    return issued, issued + timedelta(seconds=ttl_seconds)
