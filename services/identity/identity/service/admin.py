"""What a network's admins (through /admin, or an operator through cvctl) do with users and constants."""

from datetime import date
from typing import Any

import asyncpg

from common.json import dumps_str
from identity.adapters.db import store
from identity.domain.errors import IdentityError
from identity.service import networks, profile
from identity.service.revocation import credentials_changed


async def user_of(conn: asyncpg.Connection, network: store.Network, user_id: int) -> store.User:
    user = await store.user_by_id(conn, network.id, user_id)
    if user is None:
        raise IdentityError.USER_NOT_FOUND.error()
    return user


async def _set(conn: asyncpg.Connection, network: store.Network, user_id: int, values: dict[str, Any]) -> None:
    async with conn.transaction():
        await store.update_user(conn, user_id, values)
        await profile.publish_updated(conn, network, user_id, list(values))


async def approve(conn: asyncpg.Connection, network: store.Network, user_id: int) -> None:
    await user_of(conn, network, user_id)
    await _set(conn, network, user_id, {"has_been_approved": True})


async def block(conn: asyncpg.Connection, network: store.Network, user_id: int, user_message: str | None,
                description: str | None, expiration_date: date | None) -> int:
    user = await user_of(conn, network, user_id)
    return await profile.block(conn, network, user, user_message, description, expiration_date)


async def unblock(conn: asyncpg.Connection, network: store.Network, user_id: int) -> None:
    await user_of(conn, network, user_id)
    await _set(conn, network, user_id, {"status": "active", "blocked_until": None, "block_message": None})


async def set_roles(conn: asyncpg.Connection, network: store.Network, user_id: int, is_admin: bool | None,
                    is_vip: bool | None) -> None:
    await user_of(conn, network, user_id)
    roles = {name: value for name, value in (("is_admin", is_admin), ("is_vip", is_vip)) if value is not None}
    if roles:
        await _set(conn, network, user_id, roles)
        credentials_changed(user_id)  # the cached principal carries the roles


async def set_globals(conn: asyncpg.Connection, network: store.Network, constants: dict[str, Any]) -> None:
    await conn.execute("UPDATE networks SET globals = $2::jsonb WHERE id = $1", network.id, dumps_str(constants))


def settings_of(network: store.Network) -> dict[str, Any]:
    """The network's settings, with the defaults of those its admins may change."""
    return networks.FrontEndSettings().model_dump() | network.settings


async def change_settings(conn: asyncpg.Connection, network: store.Network, changes: dict[str, Any]) -> store.Network:
    await networks.set_settings(conn, network.name, changes)
    return await store.network_by_name(conn, network.name)


async def newsletter_signups(conn: asyncpg.Connection, network: store.Network, limit: int,
                             offset: int) -> tuple[int, list[dict[str, Any]]]:
    count = await conn.fetchval("SELECT count(*) FROM newsletter_signups WHERE network_id = $1", network.id)
    rows = await conn.fetch("SELECT id, email, created_at FROM newsletter_signups WHERE network_id = $1 "
                            "ORDER BY id LIMIT $2 OFFSET $3", network.id, limit, offset)
    return count, [dict(row) for row in rows]
