"""SQL of organizations and their members."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from common.json import dumps_str, loads
from common.sql import set_list


@dataclass(frozen=True)
class Organization:
    id: int
    network_id: int
    display_name: str
    life_cycle_stage: int
    visibility: int
    contact_point: int
    user_id: int
    profile: dict[str, Any]
    address: dict[str, Any]
    custom: dict[str, Any]
    submitted_at: datetime | None
    approved_at: datetime | None
    canceled_at: datetime | None
    created_at: datetime
    updated_at: datetime


_COLUMNS = ", ".join(Organization.__dataclass_fields__)
_JSON = ("profile", "address", "custom")


def _organization(row: asyncpg.Record | None) -> Organization | None:
    if row is None:
        return None
    return Organization(**(dict(row) | {name: loads(row[name]) for name in _JSON}))


async def insert(conn: asyncpg.Connection, network_id: int, display_name: str, user_id: int) -> Organization:
    row = await conn.fetchrow(
        f"INSERT INTO organizations (network_id, display_name, contact_point, user_id) VALUES ($1, $2, $3, $3) "
        f"RETURNING {_COLUMNS}", network_id, display_name, user_id)
    return _organization(row)


async def by_id(conn: asyncpg.Connection, network_id: int, organization_id: int, lock: bool = False) -> Organization | None:
    suffix = " FOR UPDATE" if lock else ""
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM organizations WHERE network_id = $1 AND id = $2{suffix}",
                              network_id, organization_id)
    return _organization(row)


async def by_ids(conn: asyncpg.Connection, ids: list[int]) -> list[Organization]:
    rows = await conn.fetch(f"SELECT {_COLUMNS} FROM organizations WHERE id = ANY($1)", ids)
    by_id_ = {row["id"]: _organization(row) for row in rows}
    return [by_id_[i] for i in ids if i in by_id_]


_SETTABLE = frozenset({"display_name", "life_cycle_stage", "visibility", "contact_point", "submitted_at",
                       "approved_at", "canceled_at"})


async def update(conn: asyncpg.Connection, organization_id: int, columns: dict[str, Any],
                 profile: dict[str, Any], address: dict[str, Any], custom: dict[str, Any]) -> None:
    assignments, values = set_list(columns, _SETTABLE, first_param=5)
    await conn.execute(
        f"UPDATE organizations SET profile = profile || $2::jsonb, address = address || $3::jsonb, "
        f"custom = custom || $4::jsonb, updated_at = now(){assignments} WHERE id = $1",
        organization_id, dumps_str(profile), dumps_str(address), dumps_str(custom), *values)


async def members(conn: asyncpg.Connection, organization_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = await conn.fetch(
        "SELECT m.organization_id, m.user_id, m.member_type, m.status, u.given_name, u.family_name "
        "FROM organization_members m JOIN users u ON u.id = m.user_id "
        "WHERE m.organization_id = ANY($1) ORDER BY m.created_at, m.user_id", organization_ids)
    grouped: dict[int, list[dict[str, Any]]] = {i: [] for i in organization_ids}
    for row in rows:
        grouped[row["organization_id"]].append(dict(row))
    return grouped


async def member_type(conn: asyncpg.Connection, organization_id: int, user_id: int) -> str | None:
    return await conn.fetchval(
        "SELECT member_type FROM organization_members WHERE organization_id = $1 AND user_id = $2 AND status",
        organization_id, user_id)


async def add_member(conn: asyncpg.Connection, organization_id: int, user_id: int, member_type_: str) -> bool:
    """True when the user was not a member before."""
    result = await conn.execute(
        "INSERT INTO organization_members (organization_id, user_id, member_type) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING", organization_id, user_id, member_type_)
    return result == "INSERT 0 1"


async def make_author(conn: asyncpg.Connection, organization_id: int, user_id: int) -> None:
    """The user is an active author of the organization, whatever they were before."""
    await conn.execute(
        "INSERT INTO organization_members (organization_id, user_id, member_type) VALUES ($1, $2, 'author') "
        "ON CONFLICT (organization_id, user_id) DO UPDATE SET member_type = 'author', status = true",
        organization_id, user_id)


async def remove_member(conn: asyncpg.Connection, organization_id: int, user_id: int) -> bool:
    result = await conn.execute(
        "DELETE FROM organization_members WHERE organization_id = $1 AND user_id = $2", organization_id, user_id)
    return result == "DELETE 1"


_MEMBERSHIP_COLUMNS = ("o.id AS organization_id, o.display_name AS organization_name, m.member_type, m.status, "
                       "o.contact_point")


async def memberships(conn: asyncpg.Connection, user_id: int) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        f"SELECT {_MEMBERSHIP_COLUMNS} FROM organization_members m JOIN organizations o ON o.id = m.organization_id "
        "WHERE m.user_id = $1 ORDER BY o.id", user_id)
    return [dict(row) for row in rows]


async def memberships_of_users(conn: asyncpg.Connection, user_ids: list[int],
                              shown_organizations: str = "TRUE") -> dict[int, list[dict[str, Any]]]:
    """Each user's memberships, in one query, of the organizations ``shown_organizations``
    (SQL on ``o``) lets through."""
    rows = await conn.fetch(
        f"SELECT m.user_id, {_MEMBERSHIP_COLUMNS} FROM organization_members m "
        f"JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = ANY($1) AND {shown_organizations} "
        "ORDER BY m.user_id, o.id", user_ids)
    grouped: dict[int, list[dict[str, Any]]] = {user_id: [] for user_id in user_ids}
    for row in rows:
        membership = dict(row)
        grouped[membership.pop("user_id")].append(membership)
    return grouped
