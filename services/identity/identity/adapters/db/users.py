"""Users: the account, its profile, its addresses and bank accounts, and the record of its blocks."""

from dataclasses import fields
from datetime import date, datetime
from typing import Any

import asyncpg

from common.json import dumps_str, loads
from common.sql import set_list
from common.vocabulary import Visibility
from identity.adapters.db.rows import in_order
from identity.domain.profile import ADDRESS_FIELDS, BANK_ACCOUNT_FIELDS
from identity.domain.users import User, UserStatus

COLUMNS = ", ".join(field.name for field in fields(User))
_SETTABLE = frozenset({
    "email", "given_name", "family_name", "email_verified", "term_service_accepted", "registration_complete",
    "has_been_approved", "visibility", "is_vip", "is_admin", "status", "blocked_until", "block_message",
    "deleted_at", "verified_email",
})
_RECORDS = {"user_addresses": ADDRESS_FIELDS, "user_bank_accounts": BANK_ACCOUNT_FIELDS}


def user_of(row: asyncpg.Record | None) -> User | None:
    if row is None:
        return None
    return User(**(dict(row) | {"profile": loads(row["profile"]), "custom": loads(row["custom"]),
                                "status": UserStatus(row["status"]), "visibility": Visibility(row["visibility"])}))


class UserRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def get(self, network_id: int, user_id: int) -> User | None:
        return user_of(await self._conn.fetchrow(
            f"SELECT {COLUMNS} FROM users WHERE network_id = $1 AND id = $2", network_id, user_id))

    async def by_ids(self, network_id: int, ids: list[int]) -> list[User]:
        """The users with these ids, in the order given."""
        rows = await self._conn.fetch(f"SELECT {COLUMNS} FROM users WHERE network_id = $1 AND id = ANY($2)",
                                      network_id, ids)
        return in_order(ids, rows, user_of)

    async def by_email(self, network_id: int, email: str) -> User | None:
        return user_of(await self._conn.fetchrow(
            f"SELECT {COLUMNS} FROM users WHERE network_id = $1 AND lower(email) = lower($2)", network_id, email))

    async def add(self, network_id: int, email: str, password_hash: str | None, *, is_admin: bool = False,
                  given_name: str = "", family_name: str = "", email_verified: bool = False) -> User:
        return user_of(await self._conn.fetchrow(
            f"INSERT INTO users (network_id, email, password_hash, is_admin, given_name, family_name, email_verified) "
            f"VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}",
            network_id, email, password_hash, is_admin, given_name, family_name, email_verified))

    async def save(self, user_id: int, values: dict[str, Any]) -> None:
        """Set columns of the user (names from a fixed list, never from the request)."""
        assignments, arguments = set_list(values, _SETTABLE, first_param=2)
        await self._conn.execute(f"UPDATE users SET updated_at = now(){assignments} WHERE id = $1",
                                 user_id, *arguments)

    async def merge_profile(self, user_id: int, profile: dict[str, Any], custom: dict[str, Any]) -> None:
        await self._conn.execute(
            "UPDATE users SET profile = profile || $2::jsonb, custom = custom || $3::jsonb, updated_at = now() "
            "WHERE id = $1", user_id, dumps_str(profile), dumps_str(custom))

    async def set_password_hash(self, user_id: int, password_hash: str) -> None:
        await self._conn.execute("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1",
                                 user_id, password_hash)

    async def logged_in(self, user_id: int, at: datetime) -> None:
        await self._conn.execute("UPDATE users SET last_login_at = $2 WHERE id = $1", user_id, at)

    async def active_admin_emails(self, network_id: int) -> list[str]:
        rows = await self._conn.fetch("SELECT email FROM users WHERE network_id = $1 AND is_admin AND status = $2 "
                                      "ORDER BY id", network_id, UserStatus.ACTIVE)
        return [row["email"] for row in rows]

    async def save_address(self, user_id: int, address_id: int | None, values: dict[str, Any]) -> bool:
        """Change the user's address ``address_id`` (False if it is not theirs), or add one."""
        return await self._save_record("user_addresses", user_id, address_id, values)

    async def save_bank_account(self, user_id: int, account_id: int | None, values: dict[str, Any]) -> bool:
        """Change the user's bank account ``account_id`` (False if it is not theirs), or add one."""
        return await self._save_record("user_bank_accounts", user_id, account_id, values)

    async def _save_record(self, table: str, user_id: int, record_id: int | None, values: dict[str, Any]) -> bool:
        names = [name for name in _RECORDS[table] if name in values]
        if record_id is None:
            placeholders = ", ".join(f"${i}" for i in range(1, len(names) + 2))
            await self._conn.execute(f"INSERT INTO {table} ({', '.join(('user_id', *names))}) VALUES ({placeholders})",
                                     user_id, *(values[name] for name in names))
            return True
        if not names:
            return await self._conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = $1 AND user_id = $2)",
                                             record_id, user_id)
        assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(names, start=3))
        result = await self._conn.execute(f"UPDATE {table} SET {assignments} WHERE id = $1 AND user_id = $2",
                                          record_id, user_id, *(values[name] for name in names))
        return result != "UPDATE 0"

    async def record_block(self, network_id: int, user_id: int, user_message: str | None, description: str | None,
                           expiration_date: date | None) -> int:
        """The block's entry in the audit record (the document's user_access_denied_log)."""
        return await self._conn.fetchval(
            "INSERT INTO user_blocks (network_id, user_id, user_message, description, expiration_date) "
            "VALUES ($1, $2, $3, $4, $5) RETURNING id", network_id, user_id, user_message, description, expiration_date)
