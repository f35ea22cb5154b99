"""A small HTTP/1.1 client for the gateway's hop to the services: keep-alive connections on
asyncio protocols, responses parsed by httptools, bodies streamed both ways with back-pressure.

It does only what that hop needs (no redirects, cookies, TLS or decompression): a general
client such as aiohttp's spends most of a proxied request's time on features we never use,
as bench/gateway.py shows.
"""

import asyncio
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from urllib.parse import urlsplit

import httptools

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_HIGH_WATER = 16  # response chunks buffered before reading from the service pauses
_WRITE_HIGH_WATER = 1024 * 1024  # request bytes buffered before sending the body waits


class UpstreamUnavailable(Exception):
    """The service could not be connected to."""


class UpstreamTimeout(Exception):
    """The service did not answer in time."""


class UpstreamBroken(Exception):
    """The service answered something that is not a valid HTTP response, or hung up mid-way."""


class Response:
    def __init__(self, connection: "_Connection", status: int, headers: list[tuple[str, str]],
                 timeout: float) -> None:
        self.status = status
        self.headers = headers
        self.content_length = next((int(v) for k, v in headers if k.lower() == "content-length"), None)
        self._connection = connection
        self._timeout = timeout

    async def read(self) -> bytes:
        return b"".join([chunk async for chunk in self.chunks()])

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body; read it to the end, or call ``close``, to give the connection back."""
        while (chunk := await self._connection.next_chunk(self._timeout)) is not None:
            yield chunk

    def close(self) -> None:
        self._connection.finish()


class _Connection(asyncio.Protocol):
    """One connection; between ``start`` and ``finish`` it carries one exchange."""

    def __init__(self, pool: "UpstreamPool") -> None:
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.parser: httptools.HttpResponseParser | None = None
        self.closed = False
        self.received_any = False
        self._headers: list[tuple[str, str]] = []
        self._headers_done: asyncio.Future | None = None
        self._chunks: deque[bytes] = deque()
        self._waiter: asyncio.Future | None = None  # the response's reader, waiting for bytes
        self._writable = asyncio.Event()
        self._writable.set()
        self._complete = False
        self._error: Exception | None = None
        self._reading_paused = False

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        transport.set_write_buffer_limits(high=_WRITE_HIGH_WATER)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.received_any = True
        if self.parser is None:
            self._fail(UpstreamBroken("bytes from the service on an idle connection"))
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(UpstreamBroken(f"invalid response: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._writable.set()
        if self.parser is not None and not self._complete:
            self._fail(UpstreamBroken("the service closed the connection"))
        self.pool.forget(self)

    def pause_writing(self) -> None:
        self._writable.clear()

    def resume_writing(self) -> None:
        self._writable.set()

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        if self._headers_done is not None and not self._headers_done.done():
            self._headers_done.set_result(None)

    def on_body(self, body: bytes) -> None:
        self._chunks.append(bytes(body))
        self._wake_reader()
        if len(self._chunks) >= _HIGH_WATER and not self._reading_paused and self.transport:
            self._reading_paused = True
            self.transport.pause_reading()

    def on_message_complete(self) -> None:
        self._complete = True
        self._wake_reader()

    def _wake_reader(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    # one exchange
    def start(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self._headers, self._chunks, self._complete, self._error = [], deque(), False, None
        self._headers_done = asyncio.get_running_loop().create_future()
        self.received_any = False

    async def send(self, head: bytes, body: AsyncIterable[bytes] | None, chunked: bool) -> None:
        self.transport.write(head)
        if body is None:
            return
        async for chunk in body:
            await self._writable.wait()
            if self.closed:
                raise UpstreamBroken("the service closed the connection while receiving the body")
            self.transport.write(b"%x\r\n%b\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.transport.write(b"0\r\n\r\n")

    async def response(self, timeout: float) -> Response:
        await self._within(self._headers_done, timeout)
        return Response(self, self.parser.get_status_code(), self._headers, timeout)

    async def _within(self, future: asyncio.Future, timeout: float) -> None:
        """Await ``future``; past ``timeout`` the exchange is dropped (cheaper than wait_for)."""
        timer = asyncio.get_running_loop().call_later(timeout, self._time_out, future)
        try:
            await future
        finally:
            timer.cancel()

    def _time_out(self, future: asyncio.Future) -> None:
        if not future.done():
            future.set_exception(UpstreamTimeout())
            self.abort()

    async def next_chunk(self, timeout: float) -> bytes | None:
        while not self._chunks:
            if self._error is not None:
                raise self._error
            if self._complete:
                self.finish()
                return None
            self._waiter = asyncio.get_running_loop().create_future()
            await self._within(self._waiter, timeout)
        if self._reading_paused and len(self._chunks) <= _HIGH_WATER // 2 and self.transport:
            self._reading_paused = False
            self.transport.resume_reading()
        return self._chunks.popleft()

    def finish(self) -> None:
        """End the exchange: back to the pool when the service keeps the connection open."""
        if self.parser is None:
            return
        reusable = self._complete and self.parser.should_keep_alive() and not self.closed
        self.parser = None
        if reusable:
            self.pool.put_back(self)
        else:
            self.abort()

    def abort(self) -> None:
        self.parser = None
        self.closed = True
        if self.transport:
            self.transport.close()
        self.pool.forget(self)

    def _fail(self, error: Exception) -> None:
        self._error = error
        if self._headers_done is not None and not self._headers_done.done():
            self._headers_done.set_exception(error)
            self._headers_done.exception()  # retrieved here; the waiter re-raises it
        self._wake_reader()
        if self.transport:
            self.transport.close()


class UpstreamPool:
    """Connections to one service; up to ``idle_size`` are kept open between requests."""

    def __init__(self, base_url: str, idle_size: int, connect_timeout: float) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.host_header = parts.netloc
        self.idle_size = idle_size
        self.connect_timeout = connect_timeout
        self._idle: deque[_Connection] = deque()
        self._open: set[_Connection] = set()

    async def request(self, method: str, target: str, headers: Iterable[tuple[str, str]],
                      body: AsyncIterable[bytes] | None, content_length: int | None,
                      timeout: float) -> Response:
        """Send the request and wait for the response's head."""
        head = _head(method, target, self.host_header, headers, body, content_length)
        chunked = body is not None and content_length is None
        connection = await self._connection(reuse=True)
        try:
            return await self._exchange(connection, head, body, chunked, timeout)
        except UpstreamBroken:
            if method not in IDEMPOTENT or body is not None or connection.received_any:
                raise
            # the service closed a kept-alive connection just as we reused it: once more, anew
            return await self._exchange(await self._connection(reuse=False), head, body, chunked, timeout)

    async def _exchange(self, connection: _Connection, head: bytes, body: AsyncIterable[bytes] | None,
                        chunked: bool, timeout: float) -> Response:
        connection.start()
        try:
            await connection.send(head, body, chunked)
            return await connection.response(timeout)
        except BaseException:
            connection.abort()
            raise

    async def _connection(self, reuse: bool) -> _Connection:
        while reuse and self._idle:
            connection = self._idle.pop()
            if not connection.closed:
                return connection
        loop = asyncio.get_running_loop()
        try:
            _, connection = await asyncio.wait_for(
                loop.create_connection(lambda: _Connection(self), self.host, self.port), self.connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise UpstreamUnavailable(str(exc)) from None
        self._open.add(connection)
        return connection

    def put_back(self, connection: _Connection) -> None:
        if len(self._idle) < self.idle_size:
            self._idle.append(connection)
        else:
            connection.abort()

    def forget(self, connection: _Connection) -> None:
        self._open.discard(connection)
        if connection in self._idle:
            self._idle.remove(connection)

    def close(self) -> None:
        for connection in list(self._open):
            connection.abort()


def _head(method: str, target: str, host: str, headers: Iterable[tuple[str, str]],
          body: AsyncIterable[bytes] | None, content_length: int | None) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if body is None:
        lines.append("Content-Length: 0")
    elif content_length is None:
        lines.append("Transfer-Encoding: chunked")
    else:
        lines.append(f"Content-Length: {content_length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
