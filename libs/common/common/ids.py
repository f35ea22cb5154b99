"""Small helpers for identifiers and time."""

import secrets
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)
