"""A fake Slack Web API on 127.0.0.1 that records every call and can misbehave on request.

It keeps just enough state to be believable: messages per channel (so `conversations.replies`
returns a thread, `chat.update` and `chat.delete` change it), ephemeral messages, published views,
and the bodies POSTed to `response_url`s. `fail_next()` answers 429 with Retry-After, 5xx, or
slowly; `apps.connections.open` hands out the URL of the local Socket Mode server.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bot.slack.testing.socket_mode import FakeSocketMode

JSON_FIELDS = ("blocks", "metadata", "view", "attachments", "prompts")


@dataclass(frozen=True)
class ApiCall:
    method: str
    params: dict[str, Any]
    token: str
    at: float
    status: int = 200


@dataclass(frozen=True)
class Fault:
    """One misbehaviour: an HTTP status (429 with `retry_after`, 500...) and/or a delay."""

    status: int = 200
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class _State:
    messages: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    ephemeral: list[dict] = field(default_factory=list)
    views: dict[str, dict] = field(default_factory=dict)
    responses: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


class FakeSlack:
    def __init__(
        self, bot_user_id: str = "UBOTFAKE1", bot_id: str = "BBOTFAKE1", team_id: str = "T0FAKE"
    ) -> None:
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_id = team_id
        self.socket = FakeSocketMode()
        self.revoked_tokens: set[str] = set()  # auth.test answers invalid_auth for these
        self.state = _State()
        self._calls: list[ApiCall] = []
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._slow: dict[str, float] = {}
        self._ts = itertools.count(1)
        self._tickets = itertools.count(1)
        self._changed = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), _handler_class(self))

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        self.socket.start()
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.socket.stop()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """What to set SLACK_API_URL to."""
        return self.base_url + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base_url}/response/{name}"

    # -- misbehaviour -----------------------------------------------------------------------
    def fail_next(self, method: str, *faults: Fault) -> None:
        with self._changed:
            self._faults[method].extend(faults)

    def slow_down(self, method: str, seconds: float) -> None:
        self._slow[method] = seconds

    # -- observations -----------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[ApiCall]:
        with self._changed:
            return [c for c in self._calls if method is None or c.method == method]

    def methods_called(self) -> set[str]:
        return {call.method for call in self.calls()}

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 30.0, where: Any = None
    ) -> list[ApiCall]:
        """Until `count` successful calls of `method` (matching `where(params)`) were made."""

        def matching() -> list[ApiCall]:
            return [
                c
                for c in self._calls
                if c.method == method and c.status == 200 and (where is None or where(c.params))
            ]

        self._wait(lambda: len(matching()) >= count, timeout, f"{count} × {method}")
        with self._changed:
            return matching()

    def responses(self, name: str) -> list[dict]:
        with self._changed:
            return list(self.state.responses[name])

    def wait_for_response(self, name: str, count: int = 1, timeout: float = 30.0) -> list[dict]:
        self._wait(lambda: len(self.state.responses[name]) >= count, timeout, f"response {name}")
        return self.responses(name)

    def thread(self, channel: str, thread_ts: str) -> list[dict]:
        with self._changed:
            return [
                m
                for m in self.state.messages[channel]
                if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts
            ]

    def _wait(self, condition: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"fake Slack: no {what} within {timeout} s")
                self._changed.wait(min(left, 0.5))

    # -- state ------------------------------------------------------------------------------
    def next_ts(self) -> str:
        n = next(self._ts)
        return f"{1_700_000_000 + n}.{n:06d}"

    def add_user_message(
        self, channel: str, text: str, user: str, thread_ts: str = "", ts: str = ""
    ) -> dict:
        """A message a person wrote (the events that deliver it are built by the caller)."""
        message = {"type": "message", "user": user, "text": text, "ts": ts or self.next_ts()}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self._changed:
            self.state.messages[channel].append(message)
        return message

    # -- the API ----------------------------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any], token: str) -> tuple[int, dict, dict]:
        """(status, headers, body) for one API call."""
        with self._changed:
            fault = self._faults[method].popleft() if self._faults[method] else None
        delay = (fault.delay if fault else 0.0) + self._slow.get(method, 0.0)
        if delay:
            time.sleep(delay)
        status = fault.status if fault else 200
        headers = {"Retry-After": str(fault.retry_after)} if fault and fault.retry_after else {}
        if status == 200:
            body = self._answer(method, params, token)
        else:
            body = {"ok": False, "error": "ratelimited" if status == 429 else "fatal_error"}
        with self._changed:
            self._calls.append(ApiCall(method, params, token, time.time(), status))
            self._changed.notify_all()
        return status, headers, body

    def _answer(self, method: str, params: dict[str, Any], token: str) -> dict:
        from bot.slack.testing import methods

        handler = methods.HANDLERS.get(method)
        with self._changed:
            return handler(self, params, token) if handler else {"ok": True}

    def record_response(self, name: str, body: dict) -> None:
        with self._changed:
            self.state.responses[name].append(body)
            self._changed.notify_all()


def _handler_class(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._dispatch(dict(parse_qsl(urlsplit(self.path).query)))

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
            if self.headers.get("Content-Type", "").startswith("application/json"):
                params = json.loads(raw or "{}")
            else:
                params = dict(parse_qsl(raw))
            params.update(dict(parse_qsl(urlsplit(self.path).query)))
            self._dispatch(params)

        def _dispatch(self, params: dict[str, Any]) -> None:
            path = urlsplit(self.path).path
            if path.startswith("/response/"):
                fake.record_response(path.removeprefix("/response/"), params)
                self._send(200, {}, b"ok", "text/plain")
                return
            token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            token = token or str(params.get("token", ""))
            params = {k: _decode(k, v) for k, v in params.items() if k != "token"}
            status, headers, body = fake.handle(path.removeprefix("/api/"), params, token)
            self._send(status, headers, json.dumps(body).encode(), "application/json")

        def _send(self, status: int, headers: dict, body: bytes, content_type: str) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _decode(name: str, value: Any) -> Any:
    if name in JSON_FIELDS and isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value
