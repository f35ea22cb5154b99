"""The register's reads: pages of capitalizations and of a change log, the views they show (with
owners' and authors' names, one statement a page), a holder's portfolio and an organization's
whole register. A page costs the same number of statements whatever its length."""

from typing import Any

import asyncpg

from common.http.listing import ListQuery
from common.sql import page_of_ids

VIEW = """
SELECT c.*, owner.full_name AS owner_name, author.full_name AS author_name
FROM capitalizations c
LEFT JOIN directory_users owner ON owner.network_id = c.network_id AND owner.user_id = c.owner_id
LEFT JOIN directory_users author ON author.network_id = c.network_id AND author.user_id = c.author_id
WHERE c.network_id = $1 AND c.id = ANY($2::bigint[])
"""

CHANGE_VIEW = """
SELECT ch.*, c.created_at AS capitalization_created_at, who.full_name AS changed_by_name,
       owner.full_name AS owner_name, author.full_name AS author_name, c.author_id
FROM capitalization_changes ch
JOIN capitalizations c ON c.id = ch.capitalization_id
LEFT JOIN directory_users who ON who.network_id = ch.network_id AND who.user_id = ch.changed_by
LEFT JOIN directory_users owner ON owner.network_id = ch.network_id AND owner.user_id = (ch.after->>'owner_id')::bigint
LEFT JOIN directory_users author ON author.network_id = ch.network_id AND author.user_id = c.author_id
WHERE ch.network_id = $1 AND ch.id = ANY($2::bigint[])
"""

# every capitalization descending from the holder's acquisitions: an acquisition is a capitalization
# of theirs whose parent is not theirs (or that has none); the walk stops at a descendant someone
# else owns (a sale)
PORTFOLIO = """
WITH RECURSIVE acquired AS (
    SELECT c.id AS root_id, c.* FROM capitalizations c
    LEFT JOIN capitalizations parent ON parent.id = c.parent_id
    WHERE c.network_id = $1 AND c.owner_id = $2 AND parent.owner_id IS DISTINCT FROM c.owner_id
), tree AS (
    SELECT * FROM acquired
    UNION ALL
    SELECT tree.root_id, child.* FROM capitalizations child JOIN tree ON child.parent_id = tree.id
    WHERE tree.owner_id = $2
)
SELECT tree.*, org.display_name AS organization_name FROM tree
LEFT JOIN directory_organizations org ON org.network_id = tree.network_id AND org.organization_id = tree.organization_id
ORDER BY tree.root_id, tree.id
"""


def _in_order(rows: list[asyncpg.Record], ids: list[int], key: str = "id") -> list[asyncpg.Record]:
    by_id = {row[key]: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


class Queries:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def organization_page(self, organization_id: int, query: ListQuery) -> tuple[int, list[int]]:
        return await page_of_ids(self._conn, "capitalizations", "network_id = $1 AND organization_id = $2",
                                 [self._network_id, organization_id], query)

    async def owner_page(self, owner_id: int, query: ListQuery) -> tuple[int, list[int]]:
        return await page_of_ids(self._conn, "capitalizations", "network_id = $1 AND owner_id = $2",
                                 [self._network_id, owner_id], query)

    async def views(self, ids: list[int]) -> list[asyncpg.Record]:
        return _in_order(await self._conn.fetch(VIEW, self._network_id, ids), ids)

    async def changelog_page(self, capitalization_id: int, query: ListQuery) -> tuple[int, list[int]]:
        return await page_of_ids(self._conn, "capitalization_changes", "network_id = $1 AND capitalization_id = $2",
                                 [self._network_id, capitalization_id], query)

    async def change_views(self, ids: list[int]) -> list[asyncpg.Record]:
        return _in_order(await self._conn.fetch(CHANGE_VIEW, self._network_id, ids), ids)

    async def changes_of(self, capitalization_id: int) -> list[asyncpg.Record]:
        return await self._conn.fetch(
            "SELECT * FROM capitalization_changes WHERE network_id = $1 AND capitalization_id = $2 ORDER BY id",
            self._network_id, capitalization_id)

    async def portfolio(self, owner_id: int) -> list[asyncpg.Record]:
        return await self._conn.fetch(PORTFOLIO, self._network_id, owner_id)

    async def register(self, organization_id: int) -> list[asyncpg.Record]:
        """Every capitalization of the organization, oldest first, with names."""
        rows = await self._conn.fetch(
            "SELECT id FROM capitalizations WHERE network_id = $1 AND organization_id = $2 ORDER BY id",
            self._network_id, organization_id)
        return await self.views([row["id"] for row in rows])

    async def organization_name(self, organization_id: int) -> str | None:
        return await self._conn.fetchval(
            "SELECT display_name FROM directory_organizations WHERE network_id = $1 AND organization_id = $2",
            self._network_id, organization_id)

    async def class_totals(self, organization_id: int) -> dict[Any, int]:
        rows = await self._conn.fetch(
            "SELECT capitalization_type, sum(number_of_shares) AS shares FROM capitalizations "
            "WHERE network_id = $1 AND organization_id = $2 GROUP BY capitalization_type",
            self._network_id, organization_id)
        return {row["capitalization_type"]: row["shares"] for row in rows}
