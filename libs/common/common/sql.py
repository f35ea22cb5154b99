"""SQL pieces every service's adapters share: a page of ids (count and one page, a fixed two
statements whatever the page's length) and the whitelisted SET list of an UPDATE."""

from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

from common.http.listing import ListQuery, where_sql


async def page_of_ids(conn: asyncpg.Connection, table: str, scope: str, scope_args: Sequence[Any],
                      query: ListQuery, date_column: str | None = None) -> tuple[int, list[int]]:
    """How many rows of ``table`` the scope and the query's filters select, and the ids of the
    query's page, in its order. ``scope`` numbers its parameters from $1."""
    where, args = where_sql(query, first_param=len(scope_args) + 1, date_column=date_column)
    base = f"FROM {table} WHERE {scope} AND {where}"
    count = await conn.fetchval(f"SELECT count(*) {base}", *scope_args, *args)
    rows = await conn.fetch(f"SELECT id {base} ORDER BY {query.order_sql()} LIMIT {query.limit} "
                            f"OFFSET {query.offset}", *scope_args, *args)
    return count, [row["id"] for row in rows]


def set_list(columns: Mapping[str, Any], settable: frozenset[str], first_param: int) -> tuple[str, list[Any]]:
    """``", a = $n, b = $n+1"`` for the given columns, each of which must be settable (column
    names are never taken from a request), and their values in order."""
    if not columns.keys() <= settable:
        raise ValueError(f"not settable: {sorted(set(columns) - settable)}")
    names = list(columns)
    sql = "".join(f", {name} = ${i}" for i, name in enumerate(names, start=first_param))
    return sql, [columns[name] for name in names]
