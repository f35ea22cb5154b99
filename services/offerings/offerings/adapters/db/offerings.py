"""SQL of offerings."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from common.json import dumps_str, loads
from common.sql import set_list


@dataclass(frozen=True)
class Offering:
    id: int
    network_id: int
    organization_id: int
    user_id: int
    name: str | None
    life_cycle_stage: int
    is_featured: bool
    is_secondary_offering: bool
    funding_goal: Decimal
    currency: str | None
    min_commitment: Decimal | None
    max_commitment: Decimal | None
    max_overfunding_amount: Decimal | None
    external_commitments: Decimal
    valuation: Decimal | None
    price_per_share: Decimal | None
    num_of_shares: int | None
    equity_offered: Decimal | None
    interest_rate: Decimal | None
    term: int | None
    open_date: date | None
    close_date: date | None
    profile: dict[str, Any]
    custom: dict[str, Any]
    invested: Decimal
    investment_count: int
    investor_count: int
    published_at: datetime | None
    settled_at: datetime | None
    created_at: datetime
    updated_at: datetime


COLUMNS = ", ".join(Offering.__dataclass_fields__)
SETTABLE = frozenset({
    "name", "life_cycle_stage", "is_featured", "is_secondary_offering", "funding_goal", "currency", "min_commitment",
    "max_commitment", "max_overfunding_amount", "external_commitments", "valuation", "price_per_share",
    "num_of_shares", "equity_offered", "interest_rate", "term", "open_date", "close_date", "published_at",
    "settled_at",
})


def from_row(row: asyncpg.Record | None) -> Offering | None:
    if row is None:
        return None
    return Offering(**(dict(row) | {"profile": loads(row["profile"]), "custom": loads(row["custom"])}))


async def insert(conn: asyncpg.Connection, network_id: int, organization_id: int, user_id: int,
                 funding_goal: Decimal) -> int:
    return await conn.fetchval(
        "INSERT INTO offerings (network_id, organization_id, user_id, funding_goal) VALUES ($1, $2, $3, $4) RETURNING id",
        network_id, organization_id, user_id, funding_goal)


async def by_id(conn: asyncpg.Connection, network_id: int, offering_id: int, lock: bool = False) -> Offering | None:
    suffix = " FOR UPDATE" if lock else ""
    return from_row(await conn.fetchrow(
        f"SELECT {COLUMNS} FROM offerings WHERE network_id = $1 AND id = $2{suffix}", network_id, offering_id))


async def by_ids(conn: asyncpg.Connection, ids: list[int]) -> list[Offering]:
    rows = await conn.fetch(f"SELECT {COLUMNS} FROM offerings WHERE id = ANY($1)", ids)
    found = {row["id"]: from_row(row) for row in rows}
    return [found[i] for i in ids if i in found]


async def update(conn: asyncpg.Connection, offering_id: int, columns: dict[str, Any], profile: dict[str, Any],
                 custom: dict[str, Any]) -> None:
    assignments, values = set_list(columns, SETTABLE, first_param=4)
    await conn.execute(
        f"UPDATE offerings SET profile = profile || $2::jsonb, custom = custom || $3::jsonb, updated_at = now()"
        f"{assignments} WHERE id = $1", offering_id, dumps_str(profile), dumps_str(custom), *values)


async def add_history(conn: asyncpg.Connection, offering: Offering, user_id: int, changes: dict[str, Any],
                      reason: str | None) -> None:
    await conn.execute(
        "INSERT INTO offering_history (network_id, offering_id, user_id, life_cycle_stage, changes, reason) "
        "VALUES ($1, $2, $3, $4, $5::jsonb, $6)", offering.network_id, offering.id, user_id,
        offering.life_cycle_stage, dumps_str(changes), reason)


async def histories(conn: asyncpg.Connection, offering_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each offering's history of its terms, oldest first, in one query (who made a change stays
    in the table for audit; the views show what changed, when and why)."""
    rows = await conn.fetch(
        "SELECT offering_id, life_cycle_stage, changes, reason, created_at AS changed_at "
        "FROM offering_history WHERE offering_id = ANY($1) ORDER BY offering_id, id", offering_ids)
    found: dict[int, list[dict[str, Any]]] = {offering_id: [] for offering_id in offering_ids}
    for row in rows:
        entry = dict(row) | {"changes": loads(row["changes"])}
        found[entry.pop("offering_id")].append(entry)
    return found
