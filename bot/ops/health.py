"""The operations endpoint, on its own port in both modes: liveness, readiness and metrics.

`/healthz` answers 200 while the process can serve HTTP at all; `/readyz` answers 200 only when
every readiness check passes (index loaded; in Socket Mode, connected to Slack) and 503 otherwise;
`/metrics` is the Prometheus text format.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
METRICS_PATH = "/metrics"
DEFAULT_HEALTH_PORT = 8080
DEFAULT_HEALTH_HOST = "0.0.0.0"  # probes come from the kubelet, outside the pod's loopback

ReadinessCheck = Callable[[], bool]
log = logging.getLogger(__name__)


def run_checks(checks: Mapping[str, ReadinessCheck]) -> dict[str, bool]:
    results = {}
    for name, check in checks.items():
        try:
            results[name] = bool(check())
        except Exception:
            log.exception("readiness check %s failed", name)
            results[name] = False
    return results


class _Handler(BaseHTTPRequestHandler):
    server: _OpsHTTPServer

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == LIVENESS_PATH:
            self._send_json(200, {"status": "alive"})
        elif path == READINESS_PATH:
            results = run_checks(dict(self.server.checks))
            ready = all(results.values())
            body = {"status": "ready" if ready else "not ready", "checks": results}
            self._send_json(200 if ready else 503, body)
        elif path == METRICS_PATH:
            self._send(200, CONTENT_TYPE_LATEST, generate_latest(REGISTRY))
        else:
            self._send_json(404, {"status": "not found"})

    def _send_json(self, status: int, body: dict) -> None:
        self._send(status, "application/json", json.dumps(body).encode())

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # probes every few seconds
        log.debug("ops endpoint: " + format, *args)


class _OpsHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    checks: dict[str, ReadinessCheck]


class HealthServer:
    """Serves the three endpoints from a daemon thread; `port=0` picks a free port."""

    def __init__(
        self,
        checks: Mapping[str, ReadinessCheck] | None = None,
        *,
        host: str = DEFAULT_HEALTH_HOST,
        port: int = DEFAULT_HEALTH_PORT,
    ) -> None:
        self._server = _OpsHTTPServer((host, port), _Handler)
        self._server.checks = dict(checks or {})
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        host = self._server.server_address[0]
        return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{self.port}"

    def add_check(self, name: str, check: ReadinessCheck) -> None:
        self._server.checks[name] = check

    def start(self) -> HealthServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="careers-bot-health", daemon=True
        )
        self._thread.start()
        log.info("health endpoint listening", extra={"port": self.port})
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> HealthServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
