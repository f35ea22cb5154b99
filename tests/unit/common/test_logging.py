"""Log lines never carry a secret: database rows, quoted inputs, hashes, tokens, cv-auth headers."""

import io
import logging

import asyncpg
import orjson
import structlog
from aiohttp.http_exceptions import BadHttpMessage

from common.logging import configure_logging, describe_exception

HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
HEADER = 'AuthToken ApiKey="k", TokenDigest="ZGlnZXN0", Username="a@b.c", Password="cGFzcw=="'


def not_null_violation() -> asyncpg.PostgresError:
    return asyncpg.PostgresError.new({"C": "23502", "M": 'null value in column "given_name"', "t": "users",
                                      "c": "given_name", "D": f"Failing row contains (3, 1, a@b.c, {HASH}, null)."})


def lines(run) -> list[dict]:
    stream, root = io.StringIO(), logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("DEBUG", "json", service="test", stream=stream)
    try:
        run()
    finally:
        structlog.reset_defaults()
        structlog.contextvars.clear_contextvars()
        root.handlers[:], root.level = handlers, level
    return [orjson.loads(line) for line in stream.getvalue().splitlines()]


def test_a_database_error_is_described_without_the_row_it_quotes():
    described = describe_exception(not_null_violation())
    assert described == "NotNullViolationError: sqlstate=23502, table_name=users, column_name=given_name"


def test_a_parse_error_is_described_without_the_request_it_quotes():
    described = describe_exception(BadHttpMessage(f"Invalid header value char: b'cv-auth: {HEADER}\\x01'"))
    assert described == "BadHttpMessage: 400 (message withheld: it quotes the request)"


def test_no_log_line_of_structlog_or_a_library_carries_a_row_a_hash_a_token_or_a_cv_auth_header():
    def run():
        try:
            try:
                raise not_null_violation()
            except asyncpg.PostgresError as exc:
                raise RuntimeError("register failed") from exc
        except RuntimeError:
            structlog.get_logger().exception("unhandled_error", header=HEADER, token=TOKEN)
            logging.getLogger("aiohttp.server").exception(f"Error handling request {HEADER}")
        structlog.get_logger().info("bearer", value=f"Authorization: Bearer {TOKEN}", nested={"hash": [HASH]})

    written = lines(run)
    text = orjson.dumps(written).decode()
    assert len(written) == 3 and "NotNullViolationError: sqlstate=23502" in written[0]["exception"]
    assert written[1]["logger"] == "aiohttp.server"
    for secret in (HASH, TOKEN, "ZGlnZXN0", "cGFzcw==", "Failing row"):
        assert secret not in text
