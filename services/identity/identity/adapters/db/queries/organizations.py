"""Organizations as lists and views show them: pages, members with their names, memberships."""

from collections.abc import Sequence
from typing import Any

import asyncpg

from common.http.listing import ListQuery, ListSpec
from common.sql import page_of_ids
from common.vocabulary import Visibility
from identity.adapters.db.organizations import OrganizationRepository
from identity.domain.organizations import PUBLIC_STAGES, Organization, Stage

# GET /organizations, /public/organizations, /self/organizations
ORGANIZATION_LIST = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "display_name": "display_name",
                  "life_cycle_stage": "life_cycle_stage"},
    filter_columns={"life_cycle_stage": "life_cycle_stage", "visibility": "visibility",
                    "additional_type": "profile->>'additional_type'"},
    filter_parsers={"life_cycle_stage": int, "visibility": int},
)
_MEMBERSHIP_COLUMNS = ("o.id AS organization_id, o.display_name AS organization_name, m.member_type, m.status, "
                       "o.contact_point")


class OrganizationQueries:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._organizations = OrganizationRepository(conn)

    async def page(self, network_id: int, query: ListQuery) -> tuple[int, list[Organization]]:
        """A page of every organization of the network (the admins' list), and how many there are."""
        return await self._page(network_id, "network_id = $1", [network_id], query)

    async def page_shown(self, network_id: int, query: ListQuery, visibility: Visibility,
                         stages: Sequence[Stage]) -> tuple[int, list[Organization]]:
        """A page of the organizations of this visibility in these stages."""
        return await self._page(network_id, "network_id = $1 AND visibility = $2 AND life_cycle_stage = ANY($3)",
                                [network_id, visibility, list(stages)], query)

    async def page_of_member(self, network_id: int, query: ListQuery, user_id: int) -> tuple[int, list[Organization]]:
        """A page of the organizations the user is a member of."""
        return await self._page(network_id, "network_id = $1 AND id IN "
                                "(SELECT organization_id FROM organization_members WHERE user_id = $2)",
                                [network_id, user_id], query)

    async def _page(self, network_id: int, scope: str, arguments: list[Any],
                    query: ListQuery) -> tuple[int, list[Organization]]:
        count, ids = await page_of_ids(self._conn, "organizations", scope, arguments, query)
        return count, await self._organizations.by_ids(network_id, ids)

    async def members(self, organization_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """Each organization's members with their names, in the order they joined."""
        rows = await self._conn.fetch(
            "SELECT m.organization_id, m.user_id, m.member_type, u.given_name, u.family_name "
            "FROM organization_members m JOIN users u ON u.id = m.user_id "
            "WHERE m.organization_id = ANY($1) ORDER BY m.created_at, m.user_id", organization_ids)
        grouped: dict[int, list[dict[str, Any]]] = {organization_id: [] for organization_id in organization_ids}
        for row in rows:
            grouped[row["organization_id"]].append(dict(row))
        return grouped

    async def memberships(self, user_ids: list[int], public_only_for: int | None = None) -> dict[int, list[dict[str, Any]]]:
        """Each user's memberships, in one query. With ``public_only_for`` (a caller's user id, 0 for
        nobody), only those of public organizations, but every one of that caller's own."""
        shown, arguments = "", [user_ids]
        if public_only_for is not None:
            shown = " AND (m.user_id = $2 OR (o.visibility <> $3 AND o.life_cycle_stage = ANY($4)))"
            arguments += [public_only_for, Visibility.HIDDEN, list(PUBLIC_STAGES)]
        rows = await self._conn.fetch(
            f"SELECT m.user_id, {_MEMBERSHIP_COLUMNS} FROM organization_members m "
            f"JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = ANY($1){shown} "
            "ORDER BY m.user_id, o.id", *arguments)
        grouped: dict[int, list[dict[str, Any]]] = {user_id: [] for user_id in user_ids}
        for row in rows:
            membership = dict(row)
            grouped[membership.pop("user_id")].append(membership)
        return grouped
