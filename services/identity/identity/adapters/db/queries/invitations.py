"""The invitations a user sent, as they see them."""

from typing import Any

import asyncpg

from common.http.listing import ListQuery, ListSpec

# GET /self/invitations
INVITATION_LIST = ListSpec(sort_columns={"id": "id", "created_at": "created_at", "email": "email"})
_COLUMNS = "id, author_id, email, given_name, family_name, organization_name, created_at, expires_at"


class InvitationQueries:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def page(self, author_id: int, query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
        count = await self._conn.fetchval("SELECT count(*) FROM invitations WHERE author_id = $1", author_id)
        rows = await self._conn.fetch(f"SELECT {_COLUMNS} FROM invitations WHERE author_id = $1 "
                                      f"ORDER BY {query.order_sql()} LIMIT {query.limit} OFFSET {query.offset}", author_id)
        return count, [dict(row) for row in rows]

    async def one(self, author_id: int, invitation_id: int) -> dict[str, Any] | None:
        row = await self._conn.fetchrow(f"SELECT {_COLUMNS} FROM invitations WHERE id = $1 AND author_id = $2",
                                        invitation_id, author_id)
        return dict(row) if row else None
