"""Running the bot: Socket Mode (the default for self-hosting) or HTTP, until SIGTERM/SIGINT."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Mapping

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.ops.health import ReadinessCheck
from bot.slack.app import SlackBot, make_web_client
from bot.slack.http_server import SlackHTTPServer

logger = logging.getLogger("careers_bot.slack")


def stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def socket_mode_handler(bot: SlackBot) -> SocketModeHandler:
    """Connects via `apps.connections.open` (on SLACK_API_URL), reconnects on `disconnect`."""
    settings = bot.services.settings
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
    return SocketModeHandler(
        bot.app, app_token, web_client=make_web_client(settings, token=app_token)
    )


def run_socket_mode(
    bot: SlackBot,
    stop: threading.Event,
    on_started: Callable[[SocketModeHandler], None] | None = None,
) -> None:
    handler = socket_mode_handler(bot)
    handler.connect()
    bot.home_refresher.start()
    logger.info("connected to Slack in Socket Mode")
    if on_started is not None:
        on_started(handler)
    try:
        stop.wait()
    finally:
        handler.close()
        bot.close()


def run_http(
    bot: SlackBot,
    stop: threading.Event,
    *,
    host: str,
    port: int,
    checks: Mapping[str, ReadinessCheck] | None = None,
    on_started: Callable[[SlackHTTPServer], None] | None = None,
) -> None:
    """Serve `/slack/events` (and `checks` as `/readyz`, with `/healthz` and `/metrics`) under
    the limits of the `CAREERS_BOT_HTTP_*` settings until `stop` is set."""
    settings = bot.services.settings
    server = SlackHTTPServer(
        bot.app,
        host=host,
        port=port,
        signing_secret=_secret(settings.slack_signing_secret),
        limits=settings.http_limits(),
        checks=checks,
    )
    server.start()
    if on_started is not None:
        on_started(server)
    bot.home_refresher.start()
    logger.info("serving Slack requests on http://%s:%s/slack/events", host, server.port)
    try:
        stop.wait()
    finally:
        server.shutdown()
        bot.close()


def _secret(value: object) -> str | None:
    return value.get_secret_value() if value is not None else None  # type: ignore[attr-defined]
