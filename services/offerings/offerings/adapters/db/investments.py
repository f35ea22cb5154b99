"""The investments repository: an investment loaded, added, changed and moved; what an
offering's live investments commit; and who counts among an offering's investors."""

from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg

from common.json import dumps_str, loads
from common.sql import set_list
from common.vocabulary import Visibility
from offerings.domain.investments import CHANGEABLE_FIELDS, Investment, InvestmentStage

COLUMNS = ", ".join(field.name for field in fields(Investment))


def investment_of(row: asyncpg.Record) -> Investment:
    return Investment(**(dict(row) | {"visibility": Visibility(row["visibility"]),
                                      "life_cycle_stage": InvestmentStage(row["life_cycle_stage"]),
                                      "custom": loads(row["custom"])}))


class InvestmentRepository:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def get(self, investment_id: int, for_update: bool = False) -> Investment | None:
        suffix = " FOR UPDATE" if for_update else ""
        row = await self._conn.fetchrow(f"SELECT {COLUMNS} FROM investments WHERE network_id = $1 AND id = $2{suffix}",
                                        self._network_id, investment_id)
        return investment_of(row) if row else None

    async def add(self, offering_id: int, user_id: int, amount: Decimal, stage: InvestmentStage,
                  given: dict[str, Any]) -> Investment:
        row = await self._conn.fetchrow(
            f"INSERT INTO investments (network_id, offering_id, user_id, investment_amount, number_of_shares, "
            f"interest_rate, term, visibility, life_cycle_stage, custom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
            f"$10::jsonb) RETURNING {COLUMNS}", self._network_id, offering_id, user_id, amount,
            given.get("number_of_shares"), given.get("interest_rate"), given.get("term"),
            given.get("visibility") or Visibility.OPEN, stage, dumps_str(given.get("custom") or {}))
        return investment_of(row)

    async def update(self, investment_id: int, columns: dict[str, Any], custom: dict[str, Any]) -> Investment:
        assignments, values = set_list(columns, CHANGEABLE_FIELDS, first_param=3)
        row = await self._conn.fetchrow(
            f"UPDATE investments SET custom = custom || $2::jsonb, updated_at = now(){assignments} WHERE id = $1 "
            f"RETURNING {COLUMNS}", investment_id, dumps_str(custom), *values)
        return investment_of(row)

    async def move(self, investment_id: int, stage: InvestmentStage, now: datetime) -> Investment:
        """The investment in ``stage``; moving to Settled stamps ``settled_at``."""
        row = await self._conn.fetchrow(
            f"UPDATE investments SET life_cycle_stage = $2::smallint, updated_at = now(), "
            f"settled_at = CASE WHEN $2::smallint = $4::smallint THEN $3 ELSE settled_at END WHERE id = $1 RETURNING {COLUMNS}",
            investment_id, stage, now, InvestmentStage.SETTLED)
        return investment_of(row)

    async def settle_approved(self, offering_id: int, now: datetime) -> list[Investment]:
        """Settle the offering's Approved investments; the ones settled, oldest first."""
        rows = await self._conn.fetch(
            f"UPDATE investments SET life_cycle_stage = $3, settled_at = $2, updated_at = now() "
            f"WHERE offering_id = $1 AND life_cycle_stage = $4 RETURNING {COLUMNS}",
            offering_id, now, InvestmentStage.SETTLED, InvestmentStage.APPROVED)
        return sorted((investment_of(row) for row in rows), key=lambda investment: investment.id)

    async def committed(self, offering_id: int, stages: Sequence[InvestmentStage], user_id: int | None = None,
                        leave_out: int = 0) -> Decimal:
        """What the offering's investments in ``stages`` commit (one user's, or everyone's), but
        for the investment ``leave_out``."""
        return await self._conn.fetchval(
            "SELECT coalesce(sum(investment_amount), 0) FROM investments WHERE offering_id = $1 "
            "AND ($2::bigint IS NULL OR user_id = $2) AND life_cycle_stage = ANY($3) AND id <> $4",
            offering_id, user_id, list(stages), leave_out)

    async def count_investor(self, offering_id: int, user_id: int, direction: int) -> int:
        """One more (``direction`` 1) or one fewer (-1) of the user's investments counts; how many
        count after it."""
        return await self._conn.fetchval(
            "INSERT INTO offering_investors (offering_id, user_id, counted) VALUES ($1, $2, greatest($3, 0)) "
            "ON CONFLICT (offering_id, user_id) DO UPDATE SET counted = offering_investors.counted + $3 "
            "RETURNING counted", offering_id, user_id, direction)

    async def holds(self, offering_id: int, user_id: int, stages: Sequence[InvestmentStage],
                    minimum: Decimal) -> bool:
        """Whether the user holds an investment in ``stages`` of an amount above 0 and at least ``minimum``."""
        return await self._conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM investments WHERE offering_id = $1 AND user_id = $2 "
            "AND life_cycle_stage = ANY($3) AND investment_amount > 0 AND investment_amount >= $4)",
            offering_id, user_id, list(stages), minimum)
