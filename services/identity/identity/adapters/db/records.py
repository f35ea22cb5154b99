"""A user's one-to-many records: addresses, bank accounts, one-time secrets, blocks, sign-ups."""

from datetime import date, datetime, timedelta
from typing import Any

import asyncpg

ADDRESS_FIELDS = ("building", "sub_building", "street_address", "city", "address_locality", "region",
                  "postal_code", "country")
BANK_ACCOUNT_FIELDS = ("bank_name", "bank_account_number", "bank_swift_code", "bank_routing_number",
                       "bank_address", "bank_currency", "bank_country")
_TABLES = {"user_addresses": ADDRESS_FIELDS, "user_bank_accounts": BANK_ACCOUNT_FIELDS}


async def list_records(conn: asyncpg.Connection, table: str, user_id: int) -> list[dict[str, Any]]:
    columns = ", ".join(("id", *_TABLES[table]))
    rows = await conn.fetch(f"SELECT {columns} FROM {table} WHERE user_id = $1 ORDER BY id", user_id)
    return [dict(row) for row in rows]


async def save_record(conn: asyncpg.Connection, table: str, user_id: int, record_id: int | None,
                      values: dict[str, Any]) -> bool:
    """Update the user's record ``record_id`` (False if it is not theirs), or add one."""
    fields = [name for name in _TABLES[table] if name in values]
    if record_id is None:
        names = ", ".join(("user_id", *fields))
        placeholders = ", ".join(f"${i}" for i in range(1, len(fields) + 2))
        await conn.execute(f"INSERT INTO {table} ({names}) VALUES ({placeholders})",
                           user_id, *(values[name] for name in fields))
        return True
    if not fields:
        return await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = $1 AND user_id = $2)",
                                   record_id, user_id)
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(fields, start=3))
    result = await conn.execute(f"UPDATE {table} SET {assignments} WHERE id = $1 AND user_id = $2",
                                record_id, user_id, *(values[name] for name in fields))
    return result != "UPDATE 0"


async def insert_secret(conn: asyncpg.Connection, user_id: int, purpose: str, email: str, secret_hash: str,
                        expires_at: datetime) -> None:
    """A secret for ``purpose``, bound to the address ``email`` it is mailed to."""
    await conn.execute(
        "INSERT INTO user_secrets (user_id, purpose, email, secret_hash, expires_at) VALUES ($1, $2, $3, $4, $5)",
        user_id, purpose, email, secret_hash, expires_at)


async def secrets_sent_within(conn: asyncpg.Connection, user_id: int, purpose: str, period: timedelta) -> int:
    """How many secrets for ``purpose`` the user got lately; call it after ``store.serialize_on``
    so simultaneous requests count one after another."""
    return await conn.fetchval("SELECT count(*) FROM user_secrets WHERE user_id = $1 AND purpose = $2 "
                               "AND created_at > now() - $3::interval", user_id, purpose, period)


async def take_secret(conn: asyncpg.Connection, user_id: int, purpose: str, email: str,
                      secret_hash: str) -> asyncpg.Record | None:
    """The unused secret with this hash for this user and purpose, mailed to ``email``, locked for
    the caller's transaction."""
    return await conn.fetchrow(
        "SELECT id, expires_at FROM user_secrets WHERE secret_hash = $1 AND user_id = $2 AND purpose = $3 "
        "AND lower(email) = lower($4) AND used_at IS NULL FOR UPDATE", secret_hash, user_id, purpose, email)


async def use_secret(conn: asyncpg.Connection, secret_id: int) -> None:
    await conn.execute("UPDATE user_secrets SET used_at = now() WHERE id = $1", secret_id)


async def spend_secrets(conn: asyncpg.Connection, user_id: int, *purposes: str) -> None:
    """Every outstanding secret of the user for these purposes is spent."""
    await conn.execute("UPDATE user_secrets SET used_at = now() WHERE user_id = $1 AND purpose = ANY($2) "
                       "AND used_at IS NULL", user_id, list(purposes))


async def insert_block(conn: asyncpg.Connection, network_id: int, user_id: int, user_message: str | None,
                       description: str | None, expiration_date: date | None) -> int:
    return await conn.fetchval(
        "INSERT INTO user_blocks (network_id, user_id, user_message, description, expiration_date) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
        network_id, user_id, user_message, description, expiration_date)


async def insert_newsletter_signup(conn: asyncpg.Connection, network_id: int, email: str) -> None:
    await conn.execute(
        "INSERT INTO newsletter_signups (network_id, email) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        network_id, email)
