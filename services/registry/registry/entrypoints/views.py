"""The register as the API shows it: a capitalization, a change-log entry."""

import json
from decimal import Decimal
from typing import Any

import asyncpg

from registry.adapters.db.capitalizations import capitalization
from registry.domain.capitalizations import Capitalization, CapitalizationType, Operation, Stage


def _fields(cap: Capitalization) -> dict[str, Any]:
    return {
        "capitalization_type": int(cap.capitalization_type),
        "life_cycle_stage": int(cap.life_cycle_stage),
        "number_of_shares": str(cap.number_of_shares),  # whole shares, written as the document's sample writes them
        "number_of_shares_at_acquisition": str(cap.number_of_shares_at_acquisition),
        "organization_id": cap.organization_id,
        "owner_id": cap.owner_id,
        "parent_id": cap.parent_id,
        "price_per_share": cap.price_per_share,
        "price_per_share_at_acquisition": cap.price_per_share_at_acquisition,
        "transaction_cost": cap.transaction_cost,
        "valuation_gain": cap.valuation_gain,
    }


def capitalization_view(row: asyncpg.Record) -> dict[str, Any]:
    cap = capitalization(row)
    return {"id": cap.id, "author_id": cap.author_id, "author_name": row["author_name"] or "",
            **_fields(cap), "owner_name": row["owner_name"] or "", "created_at": cap.created_at,
            "updated_at": cap.updated_at}


def _state(state: dict[str, Any], organization_id: int) -> Capitalization:
    return Capitalization(
        organization_id=organization_id, capitalization_type=CapitalizationType(state["capitalization_type"]),
        life_cycle_stage=Stage(state["life_cycle_stage"]), number_of_shares=state["number_of_shares"],
        price_per_share=Decimal(state["price_per_share"]), owner_id=state["owner_id"], author_id=None,
        number_of_shares_at_acquisition=state["number_of_shares_at_acquisition"],
        price_per_share_at_acquisition=Decimal(state["price_per_share_at_acquisition"]),
        parent_id=state["parent_id"], transaction_cost=Decimal(state["transaction_cost"]))


def change_view(row: asyncpg.Record) -> dict[str, Any]:
    """An entry: the capitalization as the change left it, who changed it, when, how, and what it was before."""
    after = _state(_json(row["after"]), _json(row["after"])["organization_id"])
    before = _json(row["before"])
    return {"id": row["capitalization_id"], "change_id": row["id"],
            "operation": Operation(row["operation"]).name.lower(),
            "changed_by": row["changed_by"], "changed_by_name": row["changed_by_name"] or "",
            "author_id": row["author_id"], "author_name": row["author_name"] or "",
            **_fields(after), "owner_name": row["owner_name"] or "",
            "created_at": row["capitalization_created_at"], "updated_at": row["changed_at"],
            "before": before}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
