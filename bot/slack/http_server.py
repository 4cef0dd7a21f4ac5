"""HTTP mode: the Events API, interactivity and slash commands at `/slack/events`.

A threading HTTP server hands each request to Bolt, which verifies the signature (401 when it is
bad or stale), answers `url_verification` and acks; answering happens later on the worker pool.
Extra GET routes (health, metrics) can be mounted by the operations module.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest

logger = logging.getLogger("careers_bot.slack")

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1_000_000
# A GET route returns (status, content type, body).
Route = Callable[[], tuple[int, str, bytes]]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default backlog of 5 resets connections in a burst of events


class SlackHTTPServer:
    def __init__(
        self,
        app: App,
        host: str = "0.0.0.0",
        port: int = 3000,
        routes: dict[str, Route] | None = None,
    ) -> None:
        handler = _handler_class(app, dict(routes or {}))
        self._server = _Server((host, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.2)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, name="slack-http", daemon=True)
        self._thread.start()

    def shutdown(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler_class(app: App, routes: dict[str, Route]) -> type[BaseHTTPRequestHandler]:
    class SlackRequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            if url.path != EVENTS_PATH:
                self._send(404, "text/plain", b"not found")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self._send(413, "text/plain", b"too large")
                return
            body = self.rfile.read(length).decode("utf-8")
            headers = {name.lower(): [value] for name, value in self.headers.items()}
            response = app.dispatch(BoltRequest(body=body, query=url.query, headers=headers))
            content_type = (response.headers.get("content-type") or ["text/plain"])[0]
            self._send(response.status, content_type, (response.body or "").encode("utf-8"))

        def do_GET(self) -> None:
            route = routes.get(urlsplit(self.path).path)
            if route is None:
                self._send(404, "text/plain", b"not found")
                return
            self._send(*route())

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("%s " + format, self.address_string(), *args)

    return SlackRequestHandler
