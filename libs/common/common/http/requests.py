"""Reading request bodies and parameters into pydantic models, with clear errors.

Numbers arrive in plain ASCII decimal notation only (Python's ``int()`` and ``Decimal()`` also
take "²", "١٢٣" and "10_0"); a body holds nothing a column or ``jsonb`` can not (a NUL
character, an integer past 64 bits) and nests at most ``MAX_DEPTH`` levels. An explicit
``null`` means "not set" unless the field says otherwise: ``NotNull`` (no default: refused)
or ``null_means(default)``.

What the PHP SDK sends is read as it means it: ``[]`` (PHP's empty associative array) for an
object-typed field is an empty object, ``""`` for an id (``*_id``) is none, ``"1"``/``"0"``/
``"true"``/``"false"`` are flags, and a whole entity sent back on save (``entity_change``) is
read as the change it makes to the current entity.
"""

import copy
import re
import types
from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from aiohttp import web
from pydantic import BaseModel, BeforeValidator, Field, StrictBool, ValidationError

from common.errors import ErrorCatalog, PlatformError
from common.json import loads, wire_form

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

MAX_DEPTH = 32  # levels of JSON nesting, the body itself being the first
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_ID_DIGITS = 18  # every 18-digit identifier fits a bigint
_ASCII_INTEGER = re.compile(r"[0-9]+")
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
NOT_A_NUMBER = 'must be a number in plain decimal notation, such as "1500.00"'


def is_ascii_integer(text: str) -> bool:
    return _ASCII_INTEGER.fullmatch(text) is not None


def digits_as_int(value: Any) -> Any:
    """"42" reads as 42: clients send numbers as strings as often as not. A string with any
    other digit in it ("²", "١٢٣", "10_0", "1e3") is no number here."""
    if not isinstance(value, str):
        return value
    if is_ascii_integer(value.strip()):
        return int(value)
    if any(char.isdigit() or char.isnumeric() for char in value):
        raise ValueError("must be a whole number in plain ASCII digits")
    return value  # "true", "false": for the field's own type to judge


def plain_decimal(value: Any) -> Decimal:
    """A number or a numeric string in plain decimal notation ("1500", "1500.50") as an exact decimal."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(NOT_A_NUMBER)
    if isinstance(value, str) and not _PLAIN_DECIMAL.fullmatch(value.strip()):
        raise ValueError(NOT_A_NUMBER)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER) from None
    if not number.is_finite():
        raise ValueError("must be a finite number")
    return number


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("must not be null; leave the field out to keep its value")
    return value


def null_means(default: Any) -> BeforeValidator:
    """An explicit null for this field is its documented default."""
    return BeforeValidator(lambda value: copy.deepcopy(default) if value is None else value)


# a field that may be left out but, having no default, never set to null
NotNull = Annotated[T | None, BeforeValidator(_refuse_null)]

# whole numbers as the columns hold them, so no value overflows one on the way in
Int32 = Annotated[int, BeforeValidator(digits_as_int), Field(ge=0, le=2**31 - 1)]
Int64 = Annotated[int, BeforeValidator(digits_as_int), Field(ge=0, le=INT64_MAX)]
_FLAGS = {"1": True, "0": False, "true": True, "false": False}


def as_flag(value: Any) -> Any:
    """true/false, 1/0, "1"/"0", "true"/"false" (any case) as a flag; anything else ("yes", "on",
    2) is left for the strict boolean to refuse."""
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        return _FLAGS.get(value.strip().lower(), value)
    return value


Flag = Annotated[StrictBool, BeforeValidator(as_flag)]


JSON_BODY = web.RequestKey("json_body", dict)
WRITES = frozenset({"POST", "PATCH", "PUT"})


@web.middleware
async def json_body_middleware(request: web.Request,
                               handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
    """A write's JSON body (declared so, or undeclared) is checked before any handler runs:
    empty, or a JSON object. So an endpoint that takes no body still refuses a malformed one,
    and changes nothing."""
    if request.method in WRITES and ("Content-Type" not in request.headers or request.content_type.endswith("json")):
        request[JSON_BODY] = await _parse_json_object(request)
    return await handler(request)


@web.middleware
async def query_middleware(request: web.Request,
                           handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
    """A query parameter holding a NUL character (a filter on a text column, a redirect URL
    to keep) is refused naming it, before any handler can take it to the database."""
    problems = {name: _NUL for name, value in request.query.items() if "\x00" in name + value}
    if problems:
        raise PlatformError.VALIDATION_FAILED.error(fields=problems)
    return await handler(request)


async def read_json(request: web.Request) -> dict[str, Any]:
    """The body as a JSON object; an empty body is an empty object."""
    if JSON_BODY in request:
        return request[JSON_BODY]
    return await _parse_json_object(request)


async def _parse_json_object(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        data = loads(raw)
    except RecursionError:  # nested far past MAX_DEPTH
        raise PlatformError.VALIDATION_FAILED.error(fields={"body": _TOO_DEEP}) from None
    except ValueError as exc:
        raise PlatformError.MALFORMED_JSON.error(f"Request body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise PlatformError.MALFORMED_JSON.error("Request body must be a JSON object")
    problems = dict(filter(None, (_nul_in_key(key) or unstorable(value, key, depth=2) for key, value in data.items())))
    if problems:
        raise PlatformError.VALIDATION_FAILED.error(fields=problems)
    return data


_NUL = "must not contain a NUL character"
_TOO_DEEP = f"must not nest JSON deeper than {MAX_DEPTH} levels"


def unstorable(value: Any, path: str, depth: int) -> tuple[str, str] | None:
    """Where, as (dotted path, message), the value of a body's field (at ``path``, ``depth``
    levels down) holds what no field can store: a NUL character (PostgreSQL's text and jsonb
    hold none), an integer past 64 bits, or nesting past ``MAX_DEPTH`` levels. None when it
    holds none of them."""
    if isinstance(value, str):
        return (path, _NUL) if "\x00" in value else None
    if isinstance(value, int) and not isinstance(value, bool) and not INT64_MIN <= value <= INT64_MAX:
        return path, "must be an integer of at most 64 bits"
    if not isinstance(value, dict | list):
        return None
    if depth > MAX_DEPTH:
        return path, _TOO_DEEP
    for key, item in value.items() if isinstance(value, dict) else enumerate(value):
        item_path = f"{path}.{key}"
        found = _nul_in_key(item_path) or unstorable(item, item_path, depth + 1)
        if found:
            return found
    return None


def _nul_in_key(path: str) -> tuple[str, str] | None:
    return (path, _NUL) if "\x00" in path else None


def field_messages(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        name = ".".join(str(part) for part in err["loc"]) or "body"
        fields.setdefault(name, err["msg"])
    return fields


def parse_model(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(_nulls_as_defaults(model, _php_forms(model, data)))
    except ValidationError as exc:
        raise PlatformError.VALIDATION_FAILED.error(fields=field_messages(exc)) from None


def _nulls_as_defaults(model: type[BaseModel], data: Any) -> Any:
    """An explicit null for a field that has a default (other than null) is that default."""
    if not isinstance(data, dict):
        return data
    fields = _fields_by_name(model)
    return {key: value for key, value in data.items()
            if value is not None or key not in fields or fields[key].is_required() or fields[key].default is None}


def _php_forms(model: type[BaseModel], data: Any) -> Any:
    """PHP's ``[]`` for an object-typed field is an empty object; ``""`` for an id is none."""
    if not isinstance(data, dict):
        return data
    fields = _fields_by_name(model)
    return {key: {} if value == [] and key in fields and _takes_object(fields[key].annotation)
            else None if value == "" and (key == "id" or key.endswith("_id")) else value
            for key, value in data.items()}


def _fields_by_name(model: type[BaseModel]) -> dict[str, Any]:
    return {field.alias or name: field for name, field in model.model_fields.items()} | model.model_fields


def _kinds(annotation: Any) -> set[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _kinds(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_kinds(arg) for arg in get_args(annotation)))
    return {origin or annotation}


def _takes_object(annotation: Any) -> bool:
    kinds = _kinds(annotation)
    takes_object = dict in kinds or any(isinstance(kind, type) and issubclass(kind, BaseModel) for kind in kinds)
    return takes_object and list not in kinds


async def read_model(request: web.Request, model: type[M]) -> M:
    return parse_model(model, await read_json(request))


NOT_EDITABLE = "This field can not be changed here"


def entity_change(model: type[M], body: dict[str, Any], current: dict[str, Any] | None,
                  not_editable: ErrorCatalog, implied: dict[str, Any] | None = None) -> M:
    """The change a body makes to an entity, ``current`` being the entity as its GET shows it to
    the caller (None on creation, where ``implied`` holds what the path sets, such as the parent's
    id). Clients send whole entities back on save: a field left as it was (or null, or empty)
    changes nothing, whether the caller may edit it or not (but null for an editable field that
    holds a value means what it means in ``parse_model``); changing one the caller may not edit
    is refused with ``not_editable``; a field the entity does not have is ignored (on creation,
    where there is no entity to tell, it is refused unless null, empty, false or zero)."""
    known = wire_form(current if current is not None else implied or {})
    editable = _fields_by_name(model)
    kept, refused = {}, {}
    for name, value in body.items():
        if name in editable and value is None and not (name in known and known[name] is None):
            kept[name] = value  # null for a set field keeps its own meaning: "not set", the default, or refused
        elif name in known and _same(value, known[name]):
            continue
        elif name in editable:
            kept[name] = value
        elif not _unset(value, creating=current is None) and (current is None or name in known):
            refused[name] = NOT_EDITABLE
    if refused:
        raise not_editable.error(fields=refused)
    return parse_model(model, kept)


async def read_entity(request: web.Request, model: type[M], not_editable: ErrorCatalog) -> M:
    """A new entity's body, as ``entity_change`` reads one with nothing to compare it to but the
    path's parameters (a post's ``topic_id``, an investment's ``offering_id``)."""
    implied = {name: value for name, value in request.match_info.items() if name != "network"}
    return entity_change(model, await read_json(request), None, not_editable, implied)


def _unset(value: Any, creating: bool) -> bool:
    """Null or empty; on creation also false or zero, the defaults a new entity's properties hold."""
    return _comparable(value) in ((None, {}, Decimal(0)) if creating else (None, {}))


def _same(sent: Any, current: Any) -> bool:
    return _comparable(sent) == _comparable(current)


def _comparable(value: Any) -> Any:
    """One form for values that mean the same: "1", 1, true; "1500", 1500.00; "", null; [], {}."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("true", "false"):
            return Decimal(int(text.lower() == "true"))
        return Decimal(text) if _PLAIN_DECIMAL.fullmatch(text) else (value or None)
    if isinstance(value, list):
        return [_comparable(item) for item in value] or {}
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    return value


def path_int(request: web.Request, name: str) -> int:
    """An integer path parameter. Not written in ASCII digits: a 400 naming it; too long to be
    one of ours: a 404 (no such resource)."""
    raw = request.match_info[name]
    if not is_ascii_integer(raw):
        raise PlatformError.VALIDATION_FAILED.error(fields={name: "must be an integer identifier in ASCII digits"})
    if len(raw) > MAX_ID_DIGITS:
        raise PlatformError.NOT_FOUND.error(f"{name} must be an integer identifier")
    return int(raw)
