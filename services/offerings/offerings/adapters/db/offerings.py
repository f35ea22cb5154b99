"""The offerings repository: an offering loaded (the row lock that serializes every investment
change of an offering is taken here), added and changed, its kept figures and its history."""

from dataclasses import fields
from decimal import Decimal
from typing import Any

import asyncpg

from common.json import dumps_str, loads
from common.sql import set_list
from offerings.domain.offerings import EDITABLE_COLUMNS, Offering, Stage

COLUMNS = ", ".join(field.name for field in fields(Offering))
SETTABLE = EDITABLE_COLUMNS | {"life_cycle_stage", "published_at", "settled_at"}


def offering_of(row: asyncpg.Record) -> Offering:
    return Offering(**(dict(row) | {"life_cycle_stage": Stage(row["life_cycle_stage"]),
                                    "profile": loads(row["profile"]), "custom": loads(row["custom"])}))


class OfferingRepository:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def get(self, offering_id: int, for_update: bool = False) -> Offering | None:
        """The offering of this network; ``for_update`` locks it until the unit of work ends, so
        its investments change one at a time."""
        suffix = " FOR UPDATE" if for_update else ""
        row = await self._conn.fetchrow(f"SELECT {COLUMNS} FROM offerings WHERE network_id = $1 AND id = $2{suffix}",
                                        self._network_id, offering_id)
        return offering_of(row) if row else None

    async def add(self, organization_id: int, user_id: int, funding_goal: Decimal) -> Offering:
        row = await self._conn.fetchrow(
            f"INSERT INTO offerings (network_id, organization_id, user_id, funding_goal) VALUES ($1, $2, $3, $4) "
            f"RETURNING {COLUMNS}", self._network_id, organization_id, user_id, funding_goal)
        return offering_of(row)

    async def update(self, offering_id: int, columns: dict[str, Any], profile: dict[str, Any],
                     custom: dict[str, Any]) -> Offering:
        assignments, values = set_list(columns, SETTABLE, first_param=4)
        row = await self._conn.fetchrow(
            f"UPDATE offerings SET profile = profile || $2::jsonb, custom = custom || $3::jsonb, updated_at = now()"
            f"{assignments} WHERE id = $1 RETURNING {COLUMNS}", offering_id, dumps_str(profile), dumps_str(custom),
            *values)
        return offering_of(row)

    async def add_to_figures(self, offering_id: int, invested: Decimal, investments: int, investors: int) -> None:
        await self._conn.execute(
            "UPDATE offerings SET invested = invested + $2, investment_count = investment_count + $3, "
            "investor_count = investor_count + $4, updated_at = now() WHERE id = $1",
            offering_id, invested, investments, investors)

    async def add_history(self, offering: Offering, user_id: int, changes: dict[str, Any], reason: str | None) -> None:
        await self._conn.execute(
            "INSERT INTO offering_history (network_id, offering_id, user_id, life_cycle_stage, changes, reason) "
            "VALUES ($1, $2, $3, $4, $5::jsonb, $6)", offering.network_id, offering.id, user_id,
            offering.life_cycle_stage, dumps_str(changes), reason)
