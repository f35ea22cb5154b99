"""Client side of the cv-auth AuthToken header, as the official SDKs build it (tests, bench, docs)."""

import base64
import hashlib
import secrets
from datetime import datetime, timezone
from itertools import cycle


def encode_password(password: str, api_secret: str) -> str:
    """base64 of the UTF-8 password XORed byte by byte with the secret, repeated as needed."""
    xored = bytes(p ^ s for p, s in zip(password.encode(), cycle(api_secret.encode())))
    return base64.b64encode(xored).decode()


def token_digest(nonce: str, created: str, api_secret: str) -> str:
    return base64.b64encode(hashlib.sha1((nonce + created + api_secret).encode()).digest()).decode()


def created_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def cv_auth_header(
    api_key: str,
    api_secret: str,
    username: str | None = None,
    password: str | None = None,
    *,
    nonce: str | None = None,
    created: str | None = None,
) -> str:
    nonce = nonce or secrets.token_hex(16)
    created = created or created_now()
    parts = [
        f'ApiKey="{api_key}"',
        f'TokenDigest="{token_digest(nonce, created, api_secret)}"',
        f'Nonce="{nonce}"',
        f'Created="{created}"',
    ]
    if username is not None and password is not None:
        parts += [f'Username="{username}"', f'Password="{encode_password(password, api_secret)}"']
    return "AuthToken " + ", ".join(parts)
