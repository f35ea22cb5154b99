"""structlog set-up: one JSON object a line, with request id, network and user bound per request.

The standard library's loggers (aiohttp, asyncio, aio-pika) go through the same processors, so
every line is rendered alike and none carries a secret: exceptions are written without the
values that database and validation errors quote (rows, query arguments, inputs), and anything
shaped like a password hash, a session token or a cv-auth header is masked.
"""

import logging
import re
import sys
import traceback
from typing import Any, TextIO

import orjson
import structlog
from aiohttp.http_exceptions import HttpProcessingError
from asyncpg import PostgresError
from asyncpg.exceptions import InterfaceError
from pydantic import ValidationError

MASKS = (
    (re.compile(r"\$argon2(?:id|i|d)\$[^\s'\"]*"), "[password hash]"),
    (re.compile(r"eyJ[\w-]*\.[\w-]+\.[\w-]+"), "[token]"),
    (re.compile(r"AuthToken\b[^\n]*"), "AuthToken [cv-auth]"),
    (re.compile(r"(?i)\b(Bearer|jwt-auth:?)\s+\S+"), r"\1 [token]"),
)


def _orjson_dumps(value, default):  # structlog's serializer signature
    return orjson.dumps(value, default=default).decode()


def mask(value: Any) -> Any:
    """``value`` with every secret-shaped substring masked (strings inside dicts and lists too)."""
    if isinstance(value, str):
        for pattern, replacement in MASKS:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, dict):
        return {key: mask(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask(item) for item in value]
    return value


def mask_secrets(logger, method_name: str, event_dict: dict) -> dict:
    return {key: mask(value) for key, value in event_dict.items()}


def describe_exception(exc: BaseException) -> str:
    """The exception's last line, without the values some libraries quote in it (rows, inputs)."""
    name = type(exc).__qualname__
    if isinstance(exc, PostgresError):  # DETAIL quotes the row; the message may quote a value
        where = {k: getattr(exc, k, None) for k in ("sqlstate", "constraint_name", "table_name", "column_name")}
        return f"{name}: " + ", ".join(f"{k}={v}" for k, v in where.items() if v)
    if isinstance(exc, HttpProcessingError):  # quotes the raw request line or header
        return f"{name}: {exc.code} (message withheld: it quotes the request)"
    if isinstance(exc, InterfaceError | ValidationError):  # query arguments, validated inputs
        return f"{name}: (message withheld: it may quote input values)"
    return "".join(traceback.format_exception_only(exc)).rstrip()


def safe_traceback(exc: BaseException) -> str:
    """A traceback like Python's (chained exceptions first), with each message from ``describe_exception``."""
    chain: list[BaseException] = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    parts = [f"Traceback (most recent call last):\n{''.join(traceback.format_tb(e.__traceback__))}{describe_exception(e)}"
             for e in reversed(chain)]
    return "\n\nThe above exception led to the following exception:\n\n".join(parts)


def format_exceptions(logger, method_name: str, event_dict: dict) -> dict:
    """structlog's format_exc_info, written with ``safe_traceback``."""
    exc_info = event_dict.pop("exc_info", None)
    if exc_info is True:
        exc_info = sys.exc_info()
    exc = exc_info if isinstance(exc_info, BaseException) else (exc_info[1] if exc_info else None)
    if exc is not None:
        event_dict["exception"] = safe_traceback(exc)
    return event_dict


def configure_logging(level: str = "INFO", fmt: str = "json", service: str | None = None,
                      stream: TextIO = sys.stdout) -> None:
    renderer = (
        structlog.processors.JSONRenderer(serializer=_orjson_dumps)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer()
    )
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        format_exceptions,
        mask_secrets,
    ]
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=True,
    )
    if service:
        structlog.contextvars.bind_contextvars(service=service)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    ))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
