"""Organizations and their members."""

from dataclasses import fields
from typing import Any

import asyncpg

from common.json import dumps_str, loads
from common.sql import set_list
from common.vocabulary import Visibility
from identity.adapters.db.rows import in_order
from identity.domain.organizations import MemberType, Organization, Stage

COLUMNS = ", ".join(field.name for field in fields(Organization))
_JSON = ("profile", "address", "custom")
_SETTABLE = frozenset({"display_name", "life_cycle_stage", "visibility", "contact_point", "submitted_at",
                       "approved_at", "canceled_at"})


def organization_of(row: asyncpg.Record | None) -> Organization | None:
    if row is None:
        return None
    return Organization(**(dict(row) | {name: loads(row[name]) for name in _JSON}
                           | {"life_cycle_stage": Stage(row["life_cycle_stage"]),
                              "visibility": Visibility(row["visibility"])}))


class OrganizationRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def get(self, network_id: int, organization_id: int, for_update: bool = False) -> Organization | None:
        """The organization; with ``for_update``, locked until the transaction ends."""
        lock = " FOR UPDATE" if for_update else ""
        return organization_of(await self._conn.fetchrow(
            f"SELECT {COLUMNS} FROM organizations WHERE network_id = $1 AND id = $2{lock}", network_id, organization_id))

    async def by_ids(self, network_id: int, ids: list[int]) -> list[Organization]:
        """The organizations with these ids, in the order given."""
        rows = await self._conn.fetch(f"SELECT {COLUMNS} FROM organizations WHERE network_id = $1 AND id = ANY($2)",
                                      network_id, ids)
        return in_order(ids, rows, organization_of)

    async def add(self, network_id: int, display_name: str, creator_id: int) -> Organization:
        """A new organization; its creator is its contact point."""
        return organization_of(await self._conn.fetchrow(
            f"INSERT INTO organizations (network_id, display_name, contact_point, user_id) VALUES ($1, $2, $3, $3) "
            f"RETURNING {COLUMNS}", network_id, display_name, creator_id))

    async def save(self, organization_id: int, columns: dict[str, Any], profile: dict[str, Any] | None = None,
                   address: dict[str, Any] | None = None, custom: dict[str, Any] | None = None) -> Organization:
        """Set columns, and merge the profile, address and custom fields given; the organization as it is now."""
        assignments, values = set_list(columns, _SETTABLE, first_param=5)
        return organization_of(await self._conn.fetchrow(
            f"UPDATE organizations SET profile = profile || $2::jsonb, address = address || $3::jsonb, "
            f"custom = custom || $4::jsonb, updated_at = now(){assignments} WHERE id = $1 RETURNING {COLUMNS}",
            organization_id, dumps_str(profile or {}), dumps_str(address or {}), dumps_str(custom or {}), *values))

    async def member_type(self, organization_id: int, user_id: int) -> MemberType | None:
        """What the user is in the organization, if an active member."""
        found = await self._conn.fetchval(
            "SELECT member_type FROM organization_members WHERE organization_id = $1 AND user_id = $2 AND status",
            organization_id, user_id)
        return MemberType(found) if found else None

    async def add_member(self, organization_id: int, user_id: int, member_type: MemberType) -> bool:
        """True when the user was not a member before."""
        result = await self._conn.execute(
            "INSERT INTO organization_members (organization_id, user_id, member_type) VALUES ($1, $2, $3) "
            "ON CONFLICT DO NOTHING", organization_id, user_id, member_type)
        return result == "INSERT 0 1"

    async def make_author(self, organization_id: int, user_id: int) -> None:
        """The user is an active author of the organization, whatever they were before."""
        await self._conn.execute(
            "INSERT INTO organization_members (organization_id, user_id, member_type) VALUES ($1, $2, $3) "
            "ON CONFLICT (organization_id, user_id) DO UPDATE SET member_type = EXCLUDED.member_type, status = true",
            organization_id, user_id, MemberType.AUTHOR)

    async def remove_member(self, organization_id: int, user_id: int) -> bool:
        result = await self._conn.execute(
            "DELETE FROM organization_members WHERE organization_id = $1 AND user_id = $2", organization_id, user_id)
        return result == "DELETE 1"
