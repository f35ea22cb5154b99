"""The register's repositories: capitalizations (with their change log) and the issuances made on
settlement. Every statement is scoped to the unit of work's network."""

import json
from collections.abc import Iterable
from typing import Any

import asyncpg

from common.sql import set_list
from registry.domain.capitalizations import Capitalization, CapitalizationType, Operation, Stage

COLUMNS = ("organization_id, capitalization_type, life_cycle_stage, number_of_shares, price_per_share, "
           "number_of_shares_at_acquisition, price_per_share_at_acquisition, transaction_cost, owner_id, "
           "author_id, parent_id")
SETTABLE = frozenset({"capitalization_type", "life_cycle_stage", "number_of_shares", "price_per_share", "owner_id",
                      "transaction_cost"})


def capitalization(row: asyncpg.Record) -> Capitalization:
    return Capitalization(
        id=row["id"], organization_id=row["organization_id"],
        capitalization_type=CapitalizationType(row["capitalization_type"]), life_cycle_stage=Stage(row["life_cycle_stage"]),
        number_of_shares=row["number_of_shares"], price_per_share=row["price_per_share"],
        number_of_shares_at_acquisition=row["number_of_shares_at_acquisition"],
        price_per_share_at_acquisition=row["price_per_share_at_acquisition"], transaction_cost=row["transaction_cost"],
        owner_id=row["owner_id"], author_id=row["author_id"], parent_id=row["parent_id"],
        created_at=row["created_at"], updated_at=row["updated_at"])


class CapitalizationRepository:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def get(self, capitalization_id: int, for_update: bool = False) -> Capitalization | None:
        found = await self.get_many([capitalization_id], for_update)
        return found.get(capitalization_id)

    async def get_many(self, ids: Iterable[int], for_update: bool = False) -> dict[int, Capitalization]:
        """The capitalizations of the network among ``ids``; locked in id order (no deadlock between
        two merges of the same rows) when ``for_update``."""
        rows = await self._conn.fetch(
            f"SELECT id, {COLUMNS}, created_at, updated_at FROM capitalizations "
            f"WHERE network_id = $1 AND id = ANY($2::bigint[]) ORDER BY id{' FOR UPDATE' if for_update else ''}",
            self._network_id, sorted(set(ids)))
        return {row["id"]: capitalization(row) for row in rows}

    async def add(self, cap: Capitalization, operation: Operation, changed_by: int | None) -> int:
        row = await self._conn.fetchrow(
            f"INSERT INTO capitalizations (network_id, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
            "RETURNING id, created_at, updated_at",
            self._network_id, cap.organization_id, cap.capitalization_type, cap.life_cycle_stage, cap.number_of_shares,
            cap.price_per_share, cap.number_of_shares_at_acquisition, cap.price_per_share_at_acquisition,
            cap.transaction_cost, cap.owner_id, cap.author_id, cap.parent_id)
        cap.id, cap.created_at, cap.updated_at = row["id"], row["created_at"], row["updated_at"]
        await self._log(cap.id, operation, changed_by, None, cap.state())
        return cap.id

    async def save(self, cap: Capitalization, before: dict[str, Any], operation: Operation,
                   changed_by: int | None) -> None:
        """Write the fields ``cap`` changed since it was loaded, and the change-log entry for them."""
        if not cap.changed:
            return
        columns, args = set_list({name: getattr(cap, name) for name in sorted(cap.changed)}, SETTABLE, 3)
        cap.updated_at = await self._conn.fetchval(
            f"UPDATE capitalizations SET updated_at = now(){columns} WHERE network_id = $1 AND id = $2 RETURNING updated_at",
            self._network_id, cap.id, *args)
        cap.changed.clear()
        await self._log(cap.id, operation, changed_by, before, cap.state())

    async def _log(self, capitalization_id: int, operation: Operation, changed_by: int | None,
                   before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        await self._conn.execute(
            "INSERT INTO capitalization_changes (network_id, capitalization_id, operation, changed_by, before, after) "
            "VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)",
            self._network_id, capitalization_id, operation, changed_by,
            None if before is None else json.dumps(before), json.dumps(after))


class IssuanceRepository:
    """One row per settled investment: claimed first, so a second event for it issues nothing."""

    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def claim(self, investment_id: int, offering_id: int) -> bool:
        """True when the investment had no issuance yet (it has one now, in this transaction)."""
        return await self._conn.fetchval(
            "INSERT INTO issuances (network_id, investment_id, offering_id, number_of_shares) VALUES ($1, $2, $3, 0) "
            "ON CONFLICT DO NOTHING RETURNING true", self._network_id, investment_id, offering_id) is not None

    async def record(self, investment_id: int, source_id: int | None, capitalization_id: int | None, shares: int,
                     remainder: Any, refused: str | None = None) -> None:
        await self._conn.execute(
            "UPDATE issuances SET source_id = $3, capitalization_id = $4, number_of_shares = $5, remainder = $6, "
            "refused = $7 WHERE network_id = $1 AND investment_id = $2",
            self._network_id, investment_id, source_id, capitalization_id, shares, remainder, refused)
