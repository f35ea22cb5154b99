"""Invitations users send to their contacts."""

from datetime import datetime, timedelta

import asyncpg


class InvitationRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def sent_within(self, author_id: int, period: timedelta) -> int:
        return await self._conn.fetchval(
            "SELECT count(*) FROM invitations WHERE author_id = $1 AND created_at > now() - $2::interval",
            author_id, period)

    async def add(self, network_id: int, author_id: int, email: str, given_name: str | None, family_name: str | None,
                  organization_name: str | None, expires_at: datetime) -> int:
        return await self._conn.fetchval(
            "INSERT INTO invitations (network_id, author_id, email, given_name, family_name, organization_name, "
            "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            network_id, author_id, email, given_name, family_name, organization_name, expires_at)
