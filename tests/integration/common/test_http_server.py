"""The HTTP parser's refusals, over a real socket: the error envelope, and neither the answer
nor the log quoting what was sent."""

import asyncio
import json

import pytest
from aiohttp import web

from common.http.server import PARSER_LIMITS, EnvelopeAppRunner

CREDENTIAL = b'cv-auth: AuthToken ApiKey="key-that-must-not-echo", Password="c2VjcmV0"'


async def ok(request: web.Request) -> web.Response:
    return web.Response(text="ok")


@pytest.fixture
async def port():
    app = web.Application()
    app.router.add_get("/x", ok)
    runner = EnvelopeAppRunner(app, access_log=None, **PARSER_LIMITS)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield runner.addresses[0][1]
    await runner.cleanup()


async def send(port: int, raw: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), timeout=10)
    writer.close()
    return answer


@pytest.mark.parametrize(("raw", "status", "code"), [
    (b"GET /x?" + b"a" * 9000 + b" HTTP/1.1\r\n" + CREDENTIAL + b"\r\n\r\n", 414, 10120),
    (b"GET /x HTTP/1.1\r\n" + CREDENTIAL + b"A" * 17000 + b"\r\n\r\n", 431, 10121),
    (b"GET /x HTTP/1.1\r\n" + CREDENTIAL + b"\r\n" + b"X-A: 1\r\n" * 101 + b"\r\n", 431, 10121),
    (b"GET /x HTTP/1.1\r\n" + CREDENTIAL.replace(b":", b"") + b"\r\n\r\n", 400, 10119),
])
async def test_a_refused_request_is_an_envelope_and_neither_answer_nor_log_quotes_it(port, capfd, raw, status, code):
    answer = await send(port, raw)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == b"%d" % status and b"application/json" in head.lower()
    assert (json.loads(body)["status"], json.loads(body)["data"]["code"]) == (status, code)
    logged = "".join(capfd.readouterr())
    assert "http_request_refused" in logged and "key-that-must-not-echo" not in logged
    assert b"key-that-must-not-echo" not in answer


async def test_a_well_formed_request_is_served(port):
    assert (await send(port, b"GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).endswith(b"ok")
