"""Provider accounts (Facebook, Twitter, LinkedIn) linked to users."""

import asyncpg


class SocialLinkRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def user_of(self, network_id: int, provider: str, account_id: str) -> int | None:
        return await self._conn.fetchval(
            "SELECT user_id FROM social_accounts WHERE network_id = $1 AND provider = $2 AND provider_user_id = $3",
            network_id, provider, account_id)

    async def link(self, network_id: int, provider: str, account_id: str, user_id: int) -> None:
        await self._conn.execute(
            "INSERT INTO social_accounts (network_id, provider, provider_user_id, user_id) VALUES ($1, $2, $3, $4)",
            network_id, provider, account_id, user_id)
