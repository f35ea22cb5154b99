"""Users as lists and views show them: pages of users, their addresses, bank accounts and names."""

from typing import Any

import asyncpg

from common.http.listing import ListQuery, ListSpec
from common.sql import page_of_ids
from common.vocabulary import Visibility
from identity.adapters.db.users import UserRepository
from identity.domain.profile import ADDRESS_FIELDS, BANK_ACCOUNT_FIELDS, PUBLIC_ADDRESS_FIELDS
from identity.domain.users import User, full_name


def flag(text: str) -> bool:
    if text.lower() in ("1", "true"):
        return True
    if text.lower() in ("0", "false"):
        return False
    raise ValueError(text)


# GET /users and /public/users
USER_LIST = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "given_name": "given_name", "family_name": "family_name"},
    filter_columns={"is_vip": "is_vip", "has_been_approved": "has_been_approved",
                    "additional_type": "profile->>'additional_type'", "visibility": "visibility"},
    filter_parsers={"is_vip": flag, "has_been_approved": flag, "visibility": int},
)
# GET /admin/users
ADMIN_USER_LIST = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "email": "lower(email)", "family_name": "family_name"},
    filter_columns={"status": "status", "is_admin": "is_admin", "is_vip": "is_vip",
                    "email_verified": "email_verified", "has_been_approved": "has_been_approved",
                    "visibility": "visibility"},
    filter_parsers={"is_admin": flag, "is_vip": flag, "email_verified": flag, "has_been_approved": flag,
                    "visibility": int},
)


class DirectoryQueries:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._users = UserRepository(conn)

    async def page(self, network_id: int, query: ListQuery, open_only: bool) -> tuple[int, list[User]]:
        """A page of the directory: the network's users who have not left (only the Open ones
        with ``open_only``), and how many there are."""
        scope, arguments = "network_id = $1 AND deleted_at IS NULL", [network_id]
        if open_only:
            scope, arguments = f"{scope} AND visibility = $2", [network_id, Visibility.OPEN]
        return await self._page(network_id, scope, arguments, query)

    async def every_user(self, network_id: int, query: ListQuery) -> tuple[int, list[User]]:
        """A page of all the network's users, those who left included (the admins' list)."""
        return await self._page(network_id, "network_id = $1", [network_id], query)

    async def _page(self, network_id: int, scope: str, arguments: list[Any], query: ListQuery) -> tuple[int, list[User]]:
        count, ids = await page_of_ids(self._conn, "users", scope, arguments, query)
        return count, await self._users.by_ids(network_id, ids)

    async def public_addresses(self, user_ids: list[int]) -> dict[int, dict[str, Any]]:
        """The public part of each user's first address, for those who have one."""
        rows = await self._conn.fetch(
            f"SELECT DISTINCT ON (user_id) user_id, {', '.join(PUBLIC_ADDRESS_FIELDS)} FROM user_addresses "
            "WHERE user_id = ANY($1) ORDER BY user_id, id", user_ids)
        return {row["user_id"]: dict(row) for row in rows}

    async def addresses(self, user_id: int) -> list[dict[str, Any]]:
        return await self._records("user_addresses", ADDRESS_FIELDS, user_id)

    async def bank_accounts(self, user_id: int) -> list[dict[str, Any]]:
        return await self._records("user_bank_accounts", BANK_ACCOUNT_FIELDS, user_id)

    async def _records(self, table: str, names: tuple[str, ...], user_id: int) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(f"SELECT id, {', '.join(names)} FROM {table} WHERE user_id = $1 ORDER BY id",
                                      user_id)
        return [dict(row) for row in rows]

    async def full_names(self, network_id: int, user_ids: list[int]) -> dict[int, str]:
        rows = await self._conn.fetch("SELECT id, given_name, family_name FROM users WHERE network_id = $1 "
                                      "AND id = ANY($2)", network_id, user_ids)
        return {row["id"]: full_name(row["given_name"], row["family_name"]) for row in rows}

    async def for_operator(self, network_id: int, limit: int, offset: int) -> list[dict[str, Any]]:
        """The users as ``cvctl user list`` prints them."""
        rows = await self._conn.fetch(
            "SELECT id, email, given_name, family_name, is_admin, is_vip, status, email_verified, has_been_approved, "
            "created_at FROM users WHERE network_id = $1 ORDER BY id LIMIT $2 OFFSET $3", network_id, limit, offset)
        return [dict(row) for row in rows]
