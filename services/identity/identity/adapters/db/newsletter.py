"""Newsletter sign-ups."""

import asyncpg


class NewsletterRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def sign_up(self, network_id: int, email: str) -> None:
        await self._conn.execute(
            "INSERT INTO newsletter_signups (network_id, email) VALUES ($1, $2) ON CONFLICT DO NOTHING", network_id, email)
