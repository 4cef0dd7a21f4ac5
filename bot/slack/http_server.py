"""HTTP mode: the Events API, interactivity and slash commands at `/slack/events`.

A Starlette app under uvicorn (`bot.ops.asgi`), with the operations routes (`/healthz`,
`/readyz`, `/metrics`) beside it. A request goes through, in order: the body limit and deadline
(413, 408), Slack's signature over the raw bytes (401: nothing unsigned is ever parsed), the
body's parsing into a Bolt request (400), then Bolt's dispatch, which answers `url_verification`
and acks; answering happens later on the worker pool. Bolt's Starlette adapter converts the
request and the response; its `handle()` is not used because it reads the body without a limit
and runs the blocking dispatch on the event loop, where here it runs on a bounded thread pool.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping

import anyio
import anyio.to_thread
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.ops.asgi import BodyTooLarge, UvicornThread, read_body
from bot.ops.health import ReadinessCheck, ops_routes
from bot.settings import HttpLimits

logger = logging.getLogger("careers_bot.slack")

EVENTS_PATH = "/slack/events"


class RawBodyVerifier(SignatureVerifier):
    """slack_sdk's verifier decodes a bytes body as UTF-8 before hashing; Slack signs the bytes as
    sent, so here they are hashed as they are: a signed body that is not UTF-8 is authentic (and
    then refused as malformed, 400), not a bad signature."""

    def generate_signature(self, *, timestamp: str, body: str | bytes) -> str | None:
        if isinstance(body, str):
            return super().generate_signature(timestamp=timestamp, body=body)
        base = b"v0:" + timestamp.encode() + b":" + body
        digest = hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()
        return f"v0={digest}"


class SlackEvents:
    """The `/slack/events` endpoint: limits, signature, parsing, then Bolt."""

    def __init__(self, app: App, signing_secret: str, limits: HttpLimits) -> None:
        self.app = app
        self.limits = limits
        self.verifier = RawBodyVerifier(signing_secret)
        self.threads = anyio.CapacityLimiter(limits.threads)

    async def handle(self, request: Request) -> Response:
        try:
            body = await read_body(request, self.limits)
        except BodyTooLarge:
            return rejected(request, 413, f"body over {self.limits.max_body_bytes} bytes")
        except TimeoutError:
            seconds = self.limits.body_timeout_seconds
            return rejected(request, 408, f"body not received within {seconds:g} s")
        except ClientDisconnect:
            return rejected(request, 400, "client disconnected before the end of the body")
        if not self.signed(body, request):
            return rejected(request, 401, "missing, invalid or stale Slack signature")
        try:
            bolt_request = parse(request, body)
        except ValueError as error:
            return rejected(request, 400, f"malformed body: {error}")
        response = await anyio.to_thread.run_sync(
            self.app.dispatch, bolt_request, limiter=self.threads
        )
        return to_starlette_response(response)

    def signed(self, body: bytes, request: Request) -> bool:
        try:
            return self.verifier.is_valid_request(body, dict(request.headers))
        except ValueError:  # a timestamp header that is not a number
            return False


def parse(request: Request, body: bytes) -> BoltRequest:
    """Bolt's own parsing (JSON, a form, a form's `payload=` JSON); a `ValueError` names what is
    wrong with the body. Bolt raises whatever a body's shape provokes (a JSON list has no keys)."""
    try:
        bolt_request = to_bolt_request(request, body)
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None
    except ValueError as error:  # json.JSONDecodeError among them
        raise ValueError(f"not JSON ({error})") from None
    except Exception as error:
        raise ValueError(f"not a Slack payload ({type(error).__name__})") from None
    if not isinstance(bolt_request.body, dict):
        raise ValueError("not a JSON object")
    return bolt_request


def rejected(request: Request, status: int, reason: str) -> Response:
    """One log line and a plain answer; the connection closes, as the body may be unread."""
    client = f"{request.client.host}:{request.client.port}" if request.client else ""
    logger.warning(
        "slack request rejected",
        extra={"status": status, "reason": reason, "path": request.url.path, "client": client},
    )
    return PlainTextResponse(reason, status_code=status, headers={"Connection": "close"})


async def not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("not found", status_code=404)


def events_app(
    app: App,
    signing_secret: str,
    limits: HttpLimits,
    checks: Mapping[str, ReadinessCheck] | None = None,
) -> Starlette:
    events = SlackEvents(app, signing_secret, limits)
    routes = [Route(EVENTS_PATH, events.handle, methods=["POST"]), *ops_routes(checks or {})]
    # any other path, or another method on these paths, is 404 as Slack's docs expect
    handlers = {404: not_found, 405: not_found}
    return Starlette(routes=routes, exception_handlers=handlers)  # type: ignore[arg-type]


class SlackHTTPServer:
    def __init__(
        self,
        app: App,
        host: str = "0.0.0.0",
        port: int = 3000,
        *,
        signing_secret: str | None = None,
        limits: HttpLimits | None = None,
        checks: Mapping[str, ReadinessCheck] | None = None,
    ) -> None:
        secret = signing_secret or _signing_secret_of(app)
        limits = limits or HttpLimits()
        asgi = events_app(app, secret, limits, checks)
        self._server = UvicornThread(asgi, host=host, port=port, limits=limits, name="slack-http")

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def url(self) -> str:
        return self._server.url + EVENTS_PATH

    def start(self) -> None:
        self._server.start()

    def shutdown(self) -> None:
        self._server.stop()


def _signing_secret_of(app: App) -> str:
    """The secret the Bolt app verifies with (it has no public accessor)."""
    secret = getattr(app, "_signing_secret", None)
    if not secret:
        raise ValueError("HTTP mode needs the app's signing secret (SLACK_SIGNING_SECRET)")
    return str(secret)
