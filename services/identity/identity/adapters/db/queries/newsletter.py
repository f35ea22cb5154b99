"""Newsletter sign-ups as the admins list them."""

from typing import Any

import asyncpg

from common.http.listing import ListSpec

# GET /admin/newsletterSignUps
SIGNUP_LIST = ListSpec(sort_columns={"id": "id"})


class NewsletterQueries:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def page(self, network_id: int, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        count = await self._conn.fetchval("SELECT count(*) FROM newsletter_signups WHERE network_id = $1", network_id)
        rows = await self._conn.fetch("SELECT id, email, created_at FROM newsletter_signups WHERE network_id = $1 "
                                      "ORDER BY id LIMIT $2 OFFSET $3", network_id, limit, offset)
        return count, [dict(row) for row in rows]
