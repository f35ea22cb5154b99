"""SQL of the identity database; rows come back as small dataclasses."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from common.json import dumps_str, loads


@dataclass(frozen=True)
class Network:
    id: int
    name: str
    api_key: str
    api_secret: str
    settings: dict[str, Any]
    globals: dict[str, Any]
    cors_origins: list[str]
    created_at: datetime
    provider_credentials: dict[str, Any]

    @property
    def answers_uniformly(self) -> bool:
        """The network's setting under which answers never tell whether an email is registered."""
        return bool(self.settings.get("uniform_account_answers", False))

    @property
    def frontend_origins(self) -> list[str]:
        """The origins of the network's front-ends: the only places a mailed link may point."""
        return list(self.settings.get("frontend_urls", []))

    @property
    def allows_self_approval(self) -> bool:
        return bool(self.settings.get("user_self_approval", True))


@dataclass(frozen=True)
class User:
    id: int
    network_id: int
    email: str
    password_hash: str | None
    given_name: str
    family_name: str
    is_admin: bool
    is_vip: bool
    status: str
    email_verified: bool
    profile: dict[str, Any]
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime
    term_service_accepted: bool
    registration_complete: bool
    has_been_approved: bool
    visibility: int
    custom: dict[str, Any]
    blocked_until: date | None
    block_message: str | None
    deleted_at: datetime | None
    verified_email: str | None  # the address a mailed link last verified

    @property
    def is_blocked(self) -> bool:
        """Blocked, unless the block's expiration date has come (it lifts by itself)."""
        return self.status == "blocked" and (self.blocked_until is None or self.blocked_until > date.today())


_NETWORK_COLUMNS = "id, name, api_key, api_secret, settings, globals, cors_origins, created_at, provider_credentials"
_USER_COLUMNS = ", ".join(User.__dataclass_fields__)


def _network(row: asyncpg.Record | None) -> Network | None:
    if row is None:
        return None
    values = dict(row)
    for name in ("settings", "globals", "provider_credentials"):
        values[name] = loads(row[name])
    return Network(**values)


def _user(row: asyncpg.Record | None) -> User | None:
    if row is None:
        return None
    return User(**(dict(row) | {"profile": loads(row["profile"]), "custom": loads(row["custom"])}))


async def network_by_name(conn: asyncpg.Connection, name: str) -> Network | None:
    return _network(await conn.fetchrow(f"SELECT {_NETWORK_COLUMNS} FROM networks WHERE name = $1", name))


async def network_by_api_key(conn: asyncpg.Connection, api_key: str) -> Network | None:
    return _network(await conn.fetchrow(f"SELECT {_NETWORK_COLUMNS} FROM networks WHERE api_key = $1", api_key))


async def list_networks(conn: asyncpg.Connection) -> list[Network]:
    rows = await conn.fetch(f"SELECT {_NETWORK_COLUMNS} FROM networks ORDER BY id")
    return [_network(row) for row in rows]


async def insert_network(conn: asyncpg.Connection, name: str, api_key: str, api_secret: str,
                         cors_origins: list[str], settings: dict[str, Any]) -> Network:
    row = await conn.fetchrow(
        f"INSERT INTO networks (name, api_key, api_secret, cors_origins, settings) VALUES ($1, $2, $3, $4, $5) "
        f"RETURNING {_NETWORK_COLUMNS}",
        name, api_key, api_secret, cors_origins, dumps_str(settings),
    )
    return _network(row)


async def user_by_id(conn: asyncpg.Connection, network_id: int, user_id: int) -> User | None:
    row = await conn.fetchrow(
        f"SELECT {_USER_COLUMNS} FROM users WHERE network_id = $1 AND id = $2", network_id, user_id)
    return _user(row)


async def users_by_ids(conn: asyncpg.Connection, network_id: int, ids: list[int]) -> list[User]:
    """The users with these ids, in the order given."""
    rows = await conn.fetch(f"SELECT {_USER_COLUMNS} FROM users WHERE network_id = $1 AND id = ANY($2)", network_id, ids)
    by_id = {row["id"]: _user(row) for row in rows}
    return [by_id[user_id] for user_id in ids if user_id in by_id]


async def serialize_on(conn: asyncpg.Connection, *key: object) -> None:
    """Hold, until the transaction ends, a lock named by ``key``: simultaneous requests about
    the same email (or provider account) then decide one after another."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", repr(key).lower())


async def user_by_email(conn: asyncpg.Connection, network_id: int, email: str) -> User | None:
    row = await conn.fetchrow(
        f"SELECT {_USER_COLUMNS} FROM users WHERE network_id = $1 AND lower(email) = lower($2)",
        network_id, email)
    return _user(row)


async def insert_user(conn: asyncpg.Connection, network_id: int, email: str, password_hash: str | None,
                      *, is_admin: bool = False, given_name: str = "", family_name: str = "") -> User:
    row = await conn.fetchrow(
        f"INSERT INTO users (network_id, email, password_hash, is_admin, given_name, family_name) "
        f"VALUES ($1, $2, $3, $4, $5, $6) RETURNING {_USER_COLUMNS}",
        network_id, email, password_hash, is_admin, given_name, family_name,
    )
    return _user(row)


_UPDATABLE = frozenset({
    "email", "given_name", "family_name", "email_verified", "term_service_accepted", "registration_complete",
    "has_been_approved", "visibility", "is_vip", "is_admin", "status", "blocked_until", "block_message",
    "deleted_at", "verified_email",
})


async def update_user(conn: asyncpg.Connection, user_id: int, values: dict[str, Any]) -> None:
    """Set columns of the user (names from a fixed list, never from the request)."""
    columns = [name for name in values if name in _UPDATABLE]
    if len(columns) != len(values):
        raise ValueError(f"not updatable: {set(values) - _UPDATABLE}")
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(columns, start=2))
    await conn.execute(f"UPDATE users SET {assignments}, updated_at = now() WHERE id = $1",
                       user_id, *(values[name] for name in columns))


async def merge_profile(conn: asyncpg.Connection, user_id: int, profile: dict[str, Any],
                        custom: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE users SET profile = profile || $2::jsonb, custom = custom || $3::jsonb, updated_at = now() "
        "WHERE id = $1", user_id, dumps_str(profile), dumps_str(custom))


async def admins_of(conn: asyncpg.Connection, network_id: int) -> list[str]:
    rows = await conn.fetch(
        "SELECT email FROM users WHERE network_id = $1 AND is_admin AND status = 'active' ORDER BY id", network_id)
    return [row["email"] for row in rows]


async def set_user_status(conn: asyncpg.Connection, user_id: int, status: str) -> None:
    await conn.execute("UPDATE users SET status = $2, updated_at = now() WHERE id = $1", user_id, status)


async def set_password_hash(conn: asyncpg.Connection, user_id: int, password_hash: str) -> None:
    await conn.execute(
        "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1", user_id, password_hash)


async def remember_nonce(conn: asyncpg.Connection, network_id: int, nonce: str, created: str) -> str:
    """Record the nonce with its Created; return the Created it was first seen with."""
    return await conn.fetchval(
        "INSERT INTO auth_nonces (network_id, nonce, created) VALUES ($1, $2, $3) "
        "ON CONFLICT (network_id, nonce) DO UPDATE SET nonce = EXCLUDED.nonce RETURNING created",
        network_id, nonce, created,
    )


async def forget_nonces_before(conn: asyncpg.Connection, before: datetime) -> None:
    await conn.execute("DELETE FROM auth_nonces WHERE seen_at < $1", before)


async def insert_session(conn: asyncpg.Connection, session_id: uuid.UUID, network_id: int, user_id: int,
                         created_at: datetime, expires_at: datetime) -> None:
    await conn.execute(
        "INSERT INTO sessions (id, network_id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        session_id, network_id, user_id, created_at, expires_at,
    )
    await conn.execute("UPDATE users SET last_login_at = $2 WHERE id = $1", user_id, created_at)


async def unrevoked_session_end(conn: asyncpg.Connection, session_id: uuid.UUID, user_id: int) -> datetime | None:
    """When the user's session ends (``expires_at``), or None when it does not exist or was revoked."""
    return await conn.fetchval(
        "SELECT expires_at FROM sessions WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        session_id, user_id,
    )


async def revoke_sessions(conn: asyncpg.Connection, user_id: int) -> int:
    result = await conn.execute(
        "UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL", user_id)
    return int(result.split()[-1])


