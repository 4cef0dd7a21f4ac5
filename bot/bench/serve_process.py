"""`careers-bot serve` in Socket Mode against the fake Slack, timed from process start to ready."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from index.errors import CareersBotError

READY_TIMEOUT_S = 600.0


class ServeUnavailable(CareersBotError):
    """`serve` or the fake Slack is not there (yet), or the bot never became ready."""


@dataclass
class RunningServe:
    slack: object  # bot.slack.testing.FakeSlack
    process: object  # bot.slack.testing.process.ServeProcess
    ready_s: float


def is_ready(port: str) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def running_serve(sites: list[Path], index_dir: Path, workdir: Path) -> Iterator[RunningServe]:
    try:
        from bot.slack.testing import FakeSlack
        from bot.slack.testing.process import ServeProcess, serve_env
    except ImportError as error:
        raise ServeUnavailable(f"the fake Slack is not available: {error}") from error
    workdir.mkdir(parents=True, exist_ok=True)
    with FakeSlack() as slack:
        env = serve_env(
            slack,
            workdir,
            SLACK_APP_TOKEN="xapp-bench",
            CAREERS_BOT_RATE_LIMIT_PER_MINUTE="10000",
            CAREERS_BOT_LOG_FORMAT="text",
        )
        env.pop("SLACK_SIGNING_SECRET", None)  # Socket Mode needs none
        args = [*[f"--site={site}" for site in sites], f"--index-dir={index_dir}"]
        started = time.perf_counter()
        process = ServeProcess(args, env, workdir / "serve.log")
        try:
            wait_ready(process, env["CAREERS_BOT_HEALTH_PORT"])
            yield RunningServe(slack, process, time.perf_counter() - started)
        finally:
            process.stop()


def wait_ready(process, port: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not is_ready(port):
        if process.process.poll() is not None:
            raise ServeUnavailable(f"careers-bot serve exited:\n{process.log()[-1500:]}")
        if time.monotonic() > deadline:
            raise ServeUnavailable(f"careers-bot serve not ready in {READY_TIMEOUT_S:.0f} s")
        time.sleep(0.05)
