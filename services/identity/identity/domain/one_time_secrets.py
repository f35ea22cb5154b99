"""Secrets mailed to users (email verification, password reset): random, kept only as a hash."""

import hashlib
import secrets
from datetime import timedelta

SECRET_LIFETIME = timedelta(hours=24)


def new_secret() -> tuple[str, str]:
    """A fresh secret and the hash to store; the secret itself is only ever mailed."""
    secret = secrets.token_urlsafe(24)
    return secret, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()

