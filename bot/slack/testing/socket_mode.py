"""A local Socket Mode server: `hello`, envelopes, acks by `envelope_id`, and `disconnect`.

Slack hands the bot a WebSocket URL from `apps.connections.open`; the fake Web API hands out
`ws://127.0.0.1:<port>/link/?ticket=<n>` pointing here.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


class FakeSocketMode:
    def __init__(self, app_id: str = "A0FAKEAPP") -> None:
        self.app_id = app_id
        self.acks: dict[str, dict] = {}
        self.connections: list[ServerConnection] = []  # every connection ever accepted
        self.received: list[dict] = []
        self._open: list[ServerConnection] = []
        self._changed = threading.Condition()
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeSocketMode:
        self._server = serve(self._handle, "127.0.0.1", 0, ping_interval=None)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    @property
    def port(self) -> int:
        return int(self._server.socket.getsockname()[1])

    def url(self, ticket: int) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()

    def _handle(self, connection: ServerConnection) -> None:
        hello = {
            "type": "hello",
            "num_connections": 1,
            "connection_info": {"app_id": self.app_id},
            "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 3600},
        }
        connection.send(json.dumps(hello))
        with self._changed:
            self.connections.append(connection)
            self._open.append(connection)
            self._changed.notify_all()
        try:
            for raw in connection:
                self._on_message(json.loads(raw))
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                if connection in self._open:
                    self._open.remove(connection)
                self._changed.notify_all()

    def _on_message(self, message: dict) -> None:
        with self._changed:
            self.received.append(message)
            if "envelope_id" in message:
                self.acks[message["envelope_id"]] = message
            self._changed.notify_all()

    def open_connections(self) -> int:
        with self._changed:
            return len(self._open)

    def wait_for_connections(self, total: int, timeout: float = 30.0) -> None:
        """Until `total` connections have been accepted since start (reconnects count)."""
        self._wait(lambda: len(self.connections) >= total and bool(self._open), timeout)

    def send(
        self,
        envelope_type: str,
        payload: dict,
        *,
        retry_attempt: int = 0,
        connection: int | None = None,
    ) -> str:
        """Send an envelope on the newest open connection, or on open connection number
        `connection` (modulo their count: spread events over replicas as Slack does).
        Returns the envelope_id."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": envelope_type != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        target = self._newest() if connection is None else self._nth(connection)
        target.send(json.dumps(envelope))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict:
        self._wait(lambda: envelope_id in self.acks, timeout)
        return self.acks[envelope_id]

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """What Slack sends before it recycles a connection; the client must reconnect."""
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}}
        self._newest().send(json.dumps(message))

    def close_all(self) -> None:
        with self._changed:
            connections = list(self._open)
        for connection in connections:
            connection.close()

    def _newest(self) -> ServerConnection:
        self._wait(lambda: bool(self._open), 10.0)
        with self._changed:
            return self._open[-1]

    def _nth(self, number: int) -> ServerConnection:
        self._wait(lambda: bool(self._open), 10.0)
        with self._changed:
            return self._open[number % len(self._open)]

    def _wait(self, condition: Any, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the fake Socket Mode server waited in vain")
                self._changed.wait(left)
