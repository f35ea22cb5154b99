"""The cv-auth AuthToken digest form, checked as the official SDKs build it."""

import base64
import binascii
import hashlib
import hmac
from datetime import datetime, timezone
from itertools import cycle


def parse_created(created: str) -> datetime | None:
    """``Created`` as a UTC datetime (``+00:00``, ``+0000`` and ``Z`` accepted), or None."""
    text = created.strip().replace("Z", "+00:00")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        try:
            value = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")
        except ValueError:
            return None
    if value.tzinfo is None:
        return None
    return value.astimezone(timezone.utc)


def is_fresh(created: datetime, now: datetime, window_seconds: int) -> bool:
    return abs((now - created).total_seconds()) <= window_seconds


def digest_matches(token_digest: str, nonce: str, created: str, api_secret: str) -> bool:
    """TokenDigest == base64(SHA-1(Nonce + Created + api_secret)), in constant time."""
    expected = base64.b64encode(hashlib.sha1((nonce + created + api_secret).encode()).digest())
    return hmac.compare_digest(expected, token_digest.encode())


def decode_password(encoded: str, api_secret: str) -> str | None:
    """Undo the SDKs' XOR of the UTF-8 password with the repeated secret; None if garbled."""
    try:
        xored = base64.b64decode(encoded, validate=True)
        return bytes(b ^ s for b, s in zip(xored, cycle(api_secret.encode()))).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
