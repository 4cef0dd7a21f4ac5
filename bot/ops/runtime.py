"""What `careers-bot serve` runs beside the bot: the index hot swap and the health endpoint.

ops = Operations(index, socket_mode=True, health_port=8080).start()
answerer = Answerer(ops.holder)        # follows every new index generation
run_socket_mode(bot, stop, on_started=ops.socket_mode_started)
ops.stop()
"""

from __future__ import annotations

import logging
from typing import Any

from bot.ops.health import DEFAULT_HEALTH_HOST, DEFAULT_HEALTH_PORT, HealthServer, ReadinessCheck
from bot.ops.hotswap import DEFAULT_POLL_SECONDS, IndexHolder
from bot.settings import HttpLimits

HEALTH_PORT_ENV = "CAREERS_BOT_HEALTH_PORT"
LOG_FORMAT_ENV = "CAREERS_BOT_LOG_FORMAT"
LOG_MESSAGES_ENV = "CAREERS_BOT_LOG_MESSAGES"
log = logging.getLogger(__name__)


class Operations:
    def __init__(
        self,
        index: Any,
        *,
        socket_mode: bool = False,
        http: bool = False,
        health_port: int = DEFAULT_HEALTH_PORT,
        health_host: str = DEFAULT_HEALTH_HOST,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        limits: HttpLimits | None = None,
    ) -> None:
        self.holder = index if isinstance(index, IndexHolder) else IndexHolder.of(index)
        checks: dict[str, ReadinessCheck] = {"index": self.holder.is_ready}
        if socket_mode:  # not ready until the WebSocket to Slack is up, and while it is down
            checks["slack"] = self.slack_connected
        elif http:  # not ready until the Events API endpoint accepts connections
            checks["slack"] = self.http_listening
        self.checks = checks  # also served as /readyz on the Events API port in HTTP mode
        self.health = _health_server(checks, health_host, health_port, limits or HttpLimits())
        self.poll_seconds = poll_seconds
        self._socket_client: Any = None
        self._http_listening = False

    def start(self) -> Operations:
        if self.health is not None:
            self.health.start()
        if self.poll_seconds > 0:
            self.holder.start(self.poll_seconds)
        return self

    def socket_mode_started(self, handler: Any) -> None:
        """`on_started` callback of `run_socket_mode`: readiness follows `handler.client`."""
        self._socket_client = handler.client

    def http_started(self, server: object) -> None:
        """`on_started` callback of `run_http`: the events endpoint is listening."""
        self._http_listening = True

    def http_listening(self) -> bool:
        return self._http_listening

    def slack_connected(self) -> bool:
        client = self._socket_client
        return client is not None and bool(client.is_connected())

    def stop(self) -> None:
        self.holder.stop()
        if self.health is not None:
            self.health.stop()


def _health_server(
    checks: dict[str, ReadinessCheck], host: str, port: int, limits: HttpLimits
) -> HealthServer | None:
    """The endpoint, or None when its port is taken: the bot still answers (and the probes,
    failing, make the problem visible) rather than refusing to start over a metrics port."""
    try:
        return HealthServer(checks, host=host, port=port, limits=limits)
    except OSError as error:
        log.error("health endpoint not started", extra={"port": port, "error": str(error)})
        return None
