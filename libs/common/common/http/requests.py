"""Reading request bodies and parameters into pydantic models, with clear errors."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from common.http.errors import PlatformError
from common.json import loads

M = TypeVar("M", bound=BaseModel)


def digits_as_int(value: Any) -> Any:
    """"42" reads as 42: clients send numbers as strings as often as not."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


# whole numbers as the columns hold them, so no value overflows one on the way in
Int32 = Annotated[int, BeforeValidator(digits_as_int), Field(ge=0, le=2**31 - 1)]
Int64 = Annotated[int, BeforeValidator(digits_as_int), Field(ge=0, le=2**63 - 1)]


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
    except ValueError as exc:
        raise PlatformError.MALFORMED_JSON.error(f"Request body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise PlatformError.MALFORMED_JSON.error("Request body must be a JSON object")
    return data


def field_messages(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        name = ".".join(str(part) for part in err["loc"]) or "body"
        fields.setdefault(name, err["msg"])
    return fields


def parse_model(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise PlatformError.VALIDATION_FAILED.error(fields=field_messages(exc)) from None


async def read_model(request: web.Request, model: type[M]) -> M:
    return parse_model(model, await read_json(request))


def path_int(request: web.Request, name: str) -> int:
    """An integer path parameter; anything else is a 404 (no such resource)."""
    raw = request.match_info[name]
    if not raw.isdigit() or len(raw) > 18:
        raise PlatformError.NOT_FOUND.error(f"{name} must be an integer identifier")
    return int(raw)
