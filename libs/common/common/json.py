"""JSON for the wire: Decimal written as strings, never floats; timestamps as the document writes them."""

import json
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import orjson

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def format_timestamp(value: datetime) -> str:
    """``2017-01-18T14:53:20+0000``: the document's format, always in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot serialize {type(value).__name__}")


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=_OPTIONS)


def dumps_str(value: Any) -> str:
    return dumps(value).decode()


def wire_form(value: Any) -> Any:
    """``value`` as a client reads it (Decimal as string, timestamps as the document writes them),
    for values that travel on to the wire inside another message, such as an event."""
    return loads(dumps(value))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(raw: bytes | str) -> Any:
    """Parse JSON; numbers with a fraction become Decimal so money never passes through float;
    NaN and Infinity (which Python's parser would take) are refused, as JSON has no such values."""
    return json.loads(raw, parse_float=Decimal, parse_constant=_refuse_constant)
