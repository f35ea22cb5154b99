"""The applications repository."""

from typing import Any

import asyncpg

from common.json import dumps_str

FIELDS = ("life_cycle_stage", "additional_type", "code", "description", "funding_goal", "interest_rate",
          "investment_amount", "number_of_shares", "offering", "organization", "price_per_share", "term")


class ApplicationRepository:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def add(self, user_id: int | None, given: dict[str, Any]) -> int:
        placeholders = ", ".join(f"${i}" for i in range(3, len(FIELDS) + 3))
        return await self._conn.fetchval(
            f"INSERT INTO applications (network_id, user_id, {', '.join(FIELDS)}, custom) "
            f"VALUES ($1, $2, {placeholders}, ${len(FIELDS) + 3}::jsonb) RETURNING id",
            self._network_id, user_id, *(given.get(name) for name in FIELDS), dumps_str(given.get("custom") or {}))
