"""HTTP/1.1 over a bare socket, for what an HTTP client refuses to send: broken framing, bodies
that never arrive, half-open connections. Shared by the HTTP server tests."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from bot.ops.logging import JsonFormatter
from bot.settings import HttpLimits
from bot.slack.app import SlackBot, create_app
from bot.slack.http_server import SlackHTTPServer
from bot.slack.testing import signature_headers
from bot.slack.testing.process import SIGNING_SECRET

ANSWER_TIMEOUT = 10.0


@dataclass
class Answer:
    status: int | None  # None: the connection closed (or stayed silent) without an answer
    head: bytes
    body: bytes
    seconds: float


def request(
    body: bytes = b"",
    *,
    path: str = "/slack/events",
    content_type: str = "application/json",
    signed: bool = True,
    length: str | None = None,
    extra: dict[str, str] | None = None,
) -> bytes:
    headers = {"Host": "127.0.0.1", "Content-Type": content_type}
    headers["Content-Length"] = str(len(body)) if length is None else length
    if signed:
        headers.update(signature_headers(body, SIGNING_SECRET))
    headers.update(extra or {})
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"POST {path} HTTP/1.1\r\n{head}\r\n".encode() + body


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=ANSWER_TIMEOUT)


def read_answer(sock: socket.socket, started: float | None = None) -> Answer:
    """One response: its status, head and body (by Content-Length, else until the close)."""
    started = time.monotonic() if started is None else started
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = _content_length(head)
        while length is not None and len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    except (TimeoutError, ConnectionResetError):
        head, body = data, b""
    status = int(head.split()[1]) if head.startswith(b"HTTP/1.1 ") else None
    return Answer(status, head, body, time.monotonic() - started)


def exchange(port: int, data: bytes) -> Answer:
    with connect(port) as sock:
        started = time.monotonic()
        sock.sendall(data)
        return read_answer(sock, started)


def closed_by_server(sock: socket.socket, wait: float = ANSWER_TIMEOUT) -> bool:
    """True once the server has closed the connection (after an answer, if it sent one)."""
    sock.settimeout(wait)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return None


# -- fixtures (imported by the test modules) ----------------------------------------------------

FAST_LIMITS = {
    "header_timeout_seconds": 1.0,
    "body_timeout_seconds": 1.0,
    "keep_alive_seconds": 1.0,
}


@pytest.fixture
def serve(http_settings, scripted_answerer) -> Iterator[Callable[..., SlackHTTPServer]]:
    """Start the real HTTP server in process (real Bolt app, fake Slack) with some limits."""
    started: list[tuple[SlackHTTPServer, SlackBot]] = []

    def start(**limits: float) -> SlackHTTPServer:
        bot = create_app(http_settings, scripted_answerer)
        server = SlackHTTPServer(
            bot.app, host="127.0.0.1", port=0, limits=HttpLimits(**{**FAST_LIMITS, **limits})
        )
        server.start()
        started.append((server, bot))
        return server

    yield start
    for server, bot in started:
        server.shutdown()
        bot.close()


@pytest.fixture
def json_log() -> Iterator[list[str]]:
    """Every log record of the process, as the JSON line production would write."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lines
    root.removeHandler(handler)
    root.setLevel(level)
