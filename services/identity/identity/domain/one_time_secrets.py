"""Secrets mailed to users (email verification, password reset): random, kept only as a hash."""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

SECRET_LIFETIME = timedelta(hours=24)


def new_secret() -> tuple[str, str]:
    """A fresh secret and the hash to store; the secret itself is only ever mailed."""
    secret = secrets.token_urlsafe(24)
    return secret, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link_with(url: str, user_id: int, secret: str) -> str:
    """The front-end page with user_id and secret as query parameters."""
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode({"user_id": user_id, "secret": secret})]))
    return urlunsplit(parts._replace(query=query))
