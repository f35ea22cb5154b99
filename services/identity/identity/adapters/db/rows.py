"""Small helpers the repositories share."""

from collections.abc import Callable
from typing import TypeVar

import asyncpg

T = TypeVar("T")


def in_order(ids: list[int], rows: list[asyncpg.Record], build: Callable[[asyncpg.Record], T]) -> list[T]:
    """The rows built, in the order of ``ids`` (an id without a row is left out)."""
    found = {row["id"]: build(row) for row in rows}
    return [found[row_id] for row_id in ids if row_id in found]
