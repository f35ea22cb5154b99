"""Life-cycle state machines: which moves exist, and which roles may make each."""

from collections.abc import Mapping
from datetime import datetime
from enum import IntEnum
from typing import Any

from common.errors import ErrorCatalog

Moves = Mapping[tuple[IntEnum, IntEnum], frozenset[str]]


def stage_change(moves: Moves, stamps: Mapping[IntEnum, str], current: IntEnum, target: IntEnum | None, role: str,
                 now: datetime, illegal: ErrorCatalog, forbidden: ErrorCatalog) -> dict[str, Any]:
    """The columns a move sets (``life_cycle_stage`` and its time stamp), or raise the catalog's
    409 for a move that does not exist and its 403 for one this role may not make."""
    if target is None or target == current:
        return {}
    roles = moves.get((current, target))
    if roles is None:
        raise illegal.error(f"Can not move from stage {int(current)} to {int(target)}")
    if role not in roles:
        raise forbidden.error()
    columns: dict[str, Any] = {"life_cycle_stage": int(target)}
    if target in stamps:
        columns[stamps[target]] = now
    return columns
