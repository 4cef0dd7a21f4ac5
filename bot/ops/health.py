"""The operations endpoint, on its own port in both modes: liveness, readiness and metrics.

`/healthz` answers 200 while the process can serve HTTP at all; `/readyz` answers 200 only when
every readiness check passes (index loaded; in Socket Mode, connected to Slack) and 503 otherwise;
`/metrics` is the Prometheus text format. The same routes (`ops_routes`) are also mounted on the
Events API app in HTTP mode; both run as Starlette apps under uvicorn (`bot.ops.asgi`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.ops.asgi import UvicornThread
from bot.settings import HttpLimits

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
METRICS_PATH = "/metrics"
DEFAULT_HEALTH_PORT = 8080
DEFAULT_HEALTH_HOST = "0.0.0.0"  # probes come from the kubelet, outside the pod's loopback
NO_STORE = {"Cache-Control": "no-store"}

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


def ops_routes(checks: Mapping[str, ReadinessCheck]) -> list[BaseRoute]:
    """The three GET routes; `checks` is read on every probe, so later additions count."""

    async def liveness(request: Request) -> Response:
        return JSONResponse({"status": "alive"}, headers=NO_STORE)

    async def readiness(request: Request) -> Response:
        results = run_checks(dict(checks))  # in-memory flags: cheap enough for the event loop
        ready = all(results.values())
        body = {"status": "ready" if ready else "not ready", "checks": results}
        return JSONResponse(body, status_code=200 if ready else 503, headers=NO_STORE)

    async def metrics(request: Request) -> Response:
        payload = generate_latest(REGISTRY)
        return Response(payload, media_type=CONTENT_TYPE_LATEST, headers=NO_STORE)

    return [
        Route(LIVENESS_PATH, liveness, methods=["GET"]),
        Route(READINESS_PATH, readiness, methods=["GET"]),
        Route(METRICS_PATH, metrics, methods=["GET"]),
    ]


async def json_not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse({"status": "not found"}, status_code=404, headers=NO_STORE)


def ops_app(checks: Mapping[str, ReadinessCheck]) -> Starlette:
    not_found = {404: json_not_found, 405: json_not_found}  # any other path or method
    return Starlette(routes=ops_routes(checks), exception_handlers=not_found)  # type: ignore[arg-type]


class HealthServer:
    """Serves the three endpoints from a thread; `port=0` picks a free port; a taken port is an
    OSError here, in the constructor."""

    def __init__(
        self,
        checks: Mapping[str, ReadinessCheck] | None = None,
        *,
        host: str = DEFAULT_HEALTH_HOST,
        port: int = DEFAULT_HEALTH_PORT,
        limits: HttpLimits | None = None,
    ) -> None:
        self.checks: dict[str, ReadinessCheck] = dict(checks or {})
        self._server = UvicornThread(
            ops_app(self.checks),
            host=host,
            port=port,
            limits=limits or HttpLimits(),
            name="careers-bot-health",
        )

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def url(self) -> str:
        return self._server.url

    def add_check(self, name: str, check: ReadinessCheck) -> None:
        self.checks[name] = check

    def start(self) -> HealthServer:
        self._server.start()
        log.info("health endpoint listening", extra={"port": self.port})
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> HealthServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
