"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106)."""

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has")  # keeps unknown users as slow as known ones

MIN_PASSWORD_LENGTH = 8
_COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])  # zxcvbn's 30,000 most common


def meets_policy(password: str) -> bool:
    """At least 8 characters, and not one of the commonly used passwords."""
    return len(password) >= MIN_PASSWORD_LENGTH and password.lower() not in _COMMON_PASSWORDS


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check off the event loop; a missing hash still costs one verification."""
    return await asyncio.to_thread(_verify, password_hash, password)


def wait_after_failures(failures: int, free: int, cap_seconds: int) -> int:
    """Seconds the next password check of an account waits after its latest wrong one: none within
    the first ``free`` wrong passwords, then 1, 2, 4, ... doubling with each, at most ``cap_seconds``."""
    if failures <= free:
        return 0
    return min(cap_seconds, 2 ** min(failures - free - 1, 30))
