"""Identity's users' and organizations' names as the register shows them (fed by identity's events)."""

import asyncpg


class Directory:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def put_user(self, user_id: int, full_name: str) -> None:
        await self._conn.execute(
            "INSERT INTO directory_users (network_id, user_id, full_name) VALUES ($1, $2, $3) "
            "ON CONFLICT (network_id, user_id) DO UPDATE SET full_name = EXCLUDED.full_name",
            self._network_id, user_id, full_name)

    async def put_organization(self, organization_id: int, display_name: str) -> None:
        await self._conn.execute(
            "INSERT INTO directory_organizations (network_id, organization_id, display_name) VALUES ($1, $2, $3) "
            "ON CONFLICT (network_id, organization_id) DO UPDATE SET display_name = EXCLUDED.display_name",
            self._network_id, organization_id, display_name)
