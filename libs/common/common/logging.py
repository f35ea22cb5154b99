"""structlog set-up: one JSON object a line, with request id, network and user bound per request."""

import logging
import sys
from typing import TextIO

import orjson
import structlog


def _orjson_dumps(value, default):  # structlog's serializer signature
    return orjson.dumps(value, default=default).decode()


def configure_logging(level: str = "INFO", fmt: str = "json", service: str | None = None,
                      stream: TextIO = sys.stdout) -> None:
    renderer = (
        structlog.processors.JSONRenderer(serializer=_orjson_dumps)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer()
    )
    processors = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        renderer,
    ]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=True,
    )
    if service:
        structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(level=level.upper(), stream=stream, format="%(message)s")
