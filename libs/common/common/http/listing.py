"""List query parameters: offset, limit, sort, filter[...], start_date/end_date.

Each list endpoint declares a ``ListSpec`` naming the fields it sorts and filters on
(wire name -> SQL column). Any other sort or ``filter[...]`` field is a clear 400, never
silently ignored; other unknown parameters (a cache-buster ``_=1700000000``, ``utm_source``)
change nothing about the list and are ignored, as on every other endpoint.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from multidict import MultiMapping

from common.errors import PlatformError
from common.http.requests import is_ascii_integer

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
MAX_DIGITS = 18


def _as_int(text: str) -> int:
    """An integer filter value: ASCII digits, perhaps signed (int() would also take "١٢٣")."""
    if not is_ascii_integer(text.removeprefix("-")):
        raise ValueError(text)
    return int(text)


@dataclass(frozen=True)
class ListSpec:
    sort_columns: Mapping[str, str]
    filter_columns: Mapping[str, str] = field(default_factory=dict)
    filter_parsers: Mapping[str, Callable[[str], Any]] = field(default_factory=dict)
    default_sort: str = "id"
    default_limit: int = DEFAULT_LIMIT
    max_limit: int = MAX_LIMIT
    date_column: str | None = None  # set when start_date/end_date apply


@dataclass(frozen=True)
class ListQuery:
    offset: int
    limit: int
    order_by: list[tuple[str, bool]]  # (column, descending)
    filters: dict[str, list[Any]]  # column -> accepted values
    start_date: date | None = None
    end_date: date | None = None

    def order_sql(self) -> str:
        return ", ".join(f"{col} {'DESC' if desc else 'ASC'}" for col, desc in self.order_by)


def _bad(message: str, name: str) -> Exception:
    return PlatformError.BAD_LIST_QUERY.error(message, fields={name: message})


def _non_negative_int(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not is_ascii_integer(raw) or len(raw) > MAX_DIGITS:  # more would overflow the database's bigint
        raise _bad(f"{name} must be a non-negative integer of at most {MAX_DIGITS} digits", name)
    return int(raw)


def _parse_sort(raw: str | None, spec: ListSpec) -> list[tuple[str, bool]]:
    order: list[tuple[str, bool]] = []
    for term in (raw or spec.default_sort).split(","):
        term = term.strip()
        descending = term.startswith("-")
        name = term.lstrip("-+")
        if name not in spec.sort_columns:
            allowed = ", ".join(sorted(spec.sort_columns)) or "none"
            raise _bad(f"cannot sort by '{name}'; sortable fields: {allowed}", "sort")
        order.append((spec.sort_columns[name], descending))
    if not any(col == "id" for col, _ in order) and "id" in spec.sort_columns.values():
        order.append(("id", False))  # a stable order for paging
    return order


def _parse_date(raw: str | None, name: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _bad(f"{name} must be a date as YYYY-MM-DD", name) from None


def parse_list_query(params: MultiMapping[str], spec: ListSpec) -> ListQuery:
    filters: dict[str, list[Any]] = {}
    for name in params:
        if name.startswith("filter["):
            key = name.removeprefix("filter[").removesuffix("]")
            if key not in spec.filter_columns:
                allowed = ", ".join(sorted(spec.filter_columns)) or "none"
                raise _bad(f"cannot filter by '{key}'; filterable fields: {allowed}", name)
            parser = spec.filter_parsers.get(key, str)
            try:
                values = [parser(v) for v in params[name].split(",") if v != ""]
            except ValueError:
                raise _bad(f"invalid value for filter '{key}'", name) from None
            if any(isinstance(v, int) and abs(v) >= 2**63 for v in values):
                raise _bad(f"filter '{key}' is out of range", name)
            filters[spec.filter_columns[key]] = values
        elif name in ("start_date", "end_date") and spec.date_column is None:
            raise _bad(f"this list does not take {name}", name)

    limit = _non_negative_int(params.get("limit"), "limit", spec.default_limit)
    if not 1 <= limit <= spec.max_limit:
        raise _bad(f"limit must be between 1 and {spec.max_limit}", "limit")
    start = _parse_date(params.get("start_date"), "start_date")
    end = _parse_date(params.get("end_date"), "end_date")
    if start and end and start > end:
        raise _bad("start_date must not be after end_date", "start_date")
    return ListQuery(
        offset=_non_negative_int(params.get("offset"), "offset", 0),
        limit=limit,
        order_by=_parse_sort(params.get("sort"), spec),
        filters=filters,
        start_date=start,
        end_date=end,
    )


def where_sql(query: ListQuery, first_param: int = 1, date_column: str | None = None) -> tuple[str, list[Any]]:
    """``col = ANY($n)`` for each filter (and the date range), AND-ed, with their arguments."""
    clauses: list[str] = []
    args: list[Any] = []
    for column, values in query.filters.items():
        args.append(values)
        clauses.append(f"{column} = ANY(${first_param + len(args) - 1})")
    if date_column and query.start_date:
        args.append(query.start_date)
        clauses.append(f"{date_column} >= ${first_param + len(args) - 1}")
    if date_column and query.end_date:
        args.append(query.end_date)
        clauses.append(f"{date_column} < ${first_param + len(args) - 1}::date + 1")
    return " AND ".join(clauses) or "TRUE", args


integer_filter = _as_int
