"""`careers-bot serve` in a subprocess, talking to a `FakeSlack`: for end-to-end tests and
benchmarks that need the real bot (real index, real answer engine)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.slack.testing.web_api import FakeSlack

SIGNING_SECRET = "test-signing-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServeProcess:
    """`careers-bot serve` in a subprocess; its log is kept for failure messages."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        self._log = log_path.open("w")
        command = [sys.executable, "-c", "from bot.cli import main; main()", "serve", *args]
        self.process = subprocess.Popen(
            command, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(f"careers-bot serve exited:\n{self.log()[-4000:]}")

    def wait_until(self, ready: Callable[[], bool], timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            self.check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"careers-bot serve not ready:\n{self.log()[-4000:]}")
            time.sleep(0.3)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def serve_env(fake: FakeSlack, workdir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CAREERS_BOT_"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-e2e",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        CAREERS_BOT_SQLITE_PATH=str(workdir / "bot.sqlite3"),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        CAREERS_BOT_HEALTH_PORT=str(free_port()),  # never collide with another bot on 8080
    )
    env.update(extra)
    return env
