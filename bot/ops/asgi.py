"""An ASGI app under uvicorn, in a thread of this process, so `serve` and tests start and stop it.

uvicorn (HTTP/1.1 parsed by h11) brings the keep-alive timeout, the header size limit, the
connection limit (503 past it) and a graceful shutdown. Two limits it lacks are added here: a
deadline for the request headers (`HeaderTimeoutProtocol` closes a connection whose request line
and headers are not complete in time, with a 408) and, in `read_body`, a deadline and a size cap
for the body. Connections cost no thread: one event loop serves them all.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time

import h11
import uvicorn
from starlette.requests import Request
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.settings import HttpLimits

log = logging.getLogger(__name__)

STARTUP_TIMEOUT_SECONDS = 10.0
STARTUP_POLL_SECONDS = 0.01
REQUEST_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
)


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limits: HttpLimits) -> bytes:
    """The body, read as it arrives: `BodyTooLarge` past the limit (a declared length is refused
    before any byte is read), `TimeoutError` when it is not complete in time, and Starlette's
    `ClientDisconnect` when the client goes away."""
    declared = request.headers.get("content-length")
    if declared is not None and int(declared) > limits.max_body_bytes:  # h11 checked the digits
        raise BodyTooLarge
    body = bytearray()
    async with asyncio.timeout(limits.body_timeout_seconds):
        async for chunk in request.stream():
            body += chunk
            if len(body) > limits.max_body_bytes:
                raise BodyTooLarge
    return bytes(body)


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline from connecting (or from the end of the previous
    response) to the end of the request headers: a half-open or trickling client is dropped."""

    header_timeout_seconds: float = HttpLimits.header_timeout_seconds
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a request's headers are in (or it failed)
            self._cancel_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._arm_header_timer()  # kept alive: the next request gets the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout_seconds, self._header_late)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_late(self) -> None:
        self._header_timer = None
        if self.conn.their_state is not h11.IDLE or self.transport.is_closing():
            return
        log.warning(
            "connection closed: no complete request headers in time",
            extra={"client": _client(self.client), "timeout_seconds": self.header_timeout_seconds},
        )
        self.transport.write(REQUEST_TIMEOUT_RESPONSE)
        self.transport.close()


def _client(address: tuple[str, int] | None) -> str:
    return f"{address[0]}:{address[1]}" if address else ""


def protocol_class(limits: HttpLimits) -> type[HeaderTimeoutProtocol]:
    return type(
        "HeaderTimeoutProtocol",
        (HeaderTimeoutProtocol,),
        {"header_timeout_seconds": limits.header_timeout_seconds},
    )


def bind_socket(host: str, port: int, backlog: int) -> socket.socket:
    """Bound here rather than by uvicorn: a taken port is an OSError to the caller (uvicorn would
    exit the process), and `port=0` is known before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=backlog)


class UvicornThread:
    def __init__(self, app: ASGIApp, *, host: str, port: int, limits: HttpLimits, name: str):
        self.name = name
        self._socket = bind_socket(host, port, limits.backlog)
        address = self._socket.getsockname()
        self.host: str = address[0]
        self.port: int = address[1]
        config = uvicorn.Config(
            app,
            http=protocol_class(limits),
            ws="none",
            lifespan="off",
            log_config=None,  # uvicorn's records go to the root logger: one JSON line each
            access_log=False,
            server_header=False,
            limit_concurrency=limits.max_connections,
            timeout_keep_alive=limits.keep_alive_seconds,  # type: ignore[arg-type]
            timeout_graceful_shutdown=limits.shutdown_seconds,  # type: ignore[arg-type]
            backlog=limits.backlog,
            h11_max_incomplete_event_size=limits.max_header_bytes,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self._join_seconds = limits.shutdown_seconds + STARTUP_TIMEOUT_SECONDS

    @property
    def url(self) -> str:
        host = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(self.host, self.host)
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name=self.name, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: the HTTP server did not start")
            time.sleep(STARTUP_POLL_SECONDS)

    def stop(self) -> None:
        """Stop accepting, let requests in flight finish (up to the shutdown limit), then return."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=self._join_seconds)
        self._socket.close()
