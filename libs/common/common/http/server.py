"""Serving an aiohttp application: the HTTP parser's own refusals as the error envelope, and
Prometheus metrics on a port of their own.

aiohttp answers a request it can not parse (a request line or header past its limits, too
many headers, a malformed request line) before any middleware runs, in plain text that quotes
the offending line, which may be the start of a ``cv-auth`` header. Here such a request gets
the error envelope (414, 431 or 400) naming no byte of what was sent, and the log line says
what was refused, not what it held.
"""

import asyncio
import contextlib
import signal
from typing import Any

import structlog
import uvloop
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError, LineTooLong

from common.errors import DomainError, PlatformError
from common.http.envelope import error_response
from common.http.metrics import create_metrics_app

log = structlog.get_logger(__name__)

MAX_URL_BYTES = 8190  # the request line: method, URL and version
MAX_HEADER_BYTES = 16384  # one header, name and value (a session token rides in one)
MAX_HEADERS = 100
PARSER_LIMITS = {"max_line_size": MAX_URL_BYTES, "max_field_size": MAX_HEADER_BYTES, "max_headers": MAX_HEADERS}


def refusal(exc: BaseException | None, status: int, max_line_size: int) -> DomainError:
    """The envelope for what the parser refused; never quoting the request."""
    if isinstance(exc, LineTooLong):  # the parser's limits differ, so the limit tells which line
        limit = exc.args[1] if len(exc.args) > 1 else None
        if limit == max_line_size:
            return PlatformError.URL_TOO_LONG.error(f"The request line (method, URL and version) exceeds {limit} bytes")
        return PlatformError.HEADERS_TOO_LARGE.error(f"A header (name and value) exceeds {limit} bytes")
    if isinstance(exc, HttpProcessingError) and "too many headers" in str(exc.message).lower():
        return PlatformError.HEADERS_TOO_LARGE.error(f"A request carries at most {MAX_HEADERS} headers")
    if 400 <= status < 500:
        return PlatformError.BAD_HTTP_REQUEST.error()
    return PlatformError.INTERNAL_ERROR.error()


class EnvelopeRequestHandler(web.RequestHandler):
    def handle_error(self, request: web.BaseRequest, status: int = 500, exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        if request.writer.output_size > 0:  # part of an answer is out: only closing is left
            raise ConnectionError("Response is sent already, cannot send another response")
        error = refusal(exc, status, self.max_line_size)
        if error.status >= 500:
            log.error("http_request_failed", error=type(exc).__name__, exc_info=exc)
        else:
            log.info("http_request_refused", status=error.status, code=error.code, error=type(exc).__name__)
        response = error_response(error)
        response.force_close()
        return response


class _EnvelopeServer(web.Server):
    def __call__(self) -> web.RequestHandler:
        return EnvelopeRequestHandler(self, loop=self._loop, **self._kwargs)


class EnvelopeAppRunner(web.AppRunner):
    """An ``AppRunner`` whose connections answer the parser's refusals with the envelope."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = _EnvelopeServer  # same state; only the connection class differs
        return server


async def serve(app: web.Application, host: str, port: int, metrics_port: int | None = None,
                **handler_args: Any) -> None:
    """Serve ``app`` (and, when given a port, the metrics) until cancelled."""
    runners = [EnvelopeAppRunner(app, handle_signals=False, access_log=None, **PARSER_LIMITS, **handler_args)]
    sites = [(runners[0], port)]
    if metrics_port:
        runners.append(EnvelopeAppRunner(create_metrics_app(), access_log=None, **PARSER_LIMITS))
        sites.append((runners[1], metrics_port))
    try:
        for runner, site_port in sites:
            await runner.setup()
            await web.TCPSite(runner, host, site_port).start()
        await asyncio.Event().wait()
    finally:
        for runner in reversed(runners):
            await runner.cleanup()


def run_serving(app_factory: Any, host: str, port: int, metrics_port: int | None = None) -> None:
    """Run ``serve`` on uvloop until SIGINT or SIGTERM. The signal cancels serving alone, so the
    app's cleanup contexts stop its background work, then close its connections and pools, in
    order (a signal while it starts, e.g. waiting for migrations, stops it as well)."""

    async def main() -> None:
        serving = asyncio.current_task()

        def stop(signum: signal.Signals) -> None:
            log.info("process_stopping", signal=signum.name)
            serving.cancel()

        for signum in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(signum, stop, signum)
        with contextlib.suppress(asyncio.CancelledError):
            await serve(await app_factory(), host, port, metrics_port)

    uvloop.run(main())
