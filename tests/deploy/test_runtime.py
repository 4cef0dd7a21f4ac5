"""What serve runs beside the bot: readiness follows the index and a real Socket Mode connection."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from types import SimpleNamespace

import httpx
from slack_sdk import WebClient
from slack_sdk.socket_mode.builtin.client import SocketModeClient

from bot.ops.health import READINESS_PATH
from bot.ops.runtime import Operations
from bot.slack.testing import FakeSlack
from index.build import build_index
from index.search import load_index
from index.sources.config import load_sources

POSTING = """---
title: "Fleet Technician"
date: 2026-08-01
---

## Where you’ll work

At our Umeå workshop, on site.
"""


def build_tiny_index(tmp_path: Path, embedder) -> Path:
    site, index_dir = tmp_path / "site", tmp_path / "index"
    (site / "content" / "jobs").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://jobs.example.org/"\n', encoding="utf-8")
    (site / "content" / "jobs" / "fleet-technician.md").write_text(POSTING, encoding="utf-8")
    build_index(load_sources(sites=[site]), index_dir, embedder)
    return index_dir


def readiness(ops: Operations) -> tuple[int, dict]:
    response = httpx.get(ops.health.url + READINESS_PATH)
    return response.status_code, response.json()["checks"]


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_socket_mode_readiness_follows_the_connection(tmp_path: Path, embedder) -> None:
    index = load_index(build_tiny_index(tmp_path, embedder), embedder)
    ops = Operations(index, socket_mode=True, health_host="127.0.0.1", health_port=0).start()
    try:
        assert readiness(ops) == (503, {"index": True, "slack": False})
        with FakeSlack() as slack:
            web = WebClient(token="xapp-test", base_url=slack.api_url)
            client = SocketModeClient("xapp-test", web_client=web, auto_reconnect_enabled=False)
            client.connect()
            ops.socket_mode_started(SimpleNamespace(client=client))
            assert wait_for(lambda: readiness(ops)[0] == 200)
            assert readiness(ops)[1] == {"index": True, "slack": True}
            client.close()
            assert wait_for(lambda: readiness(ops)[0] == 503)
    finally:
        ops.stop()


def test_http_mode_needs_only_the_index(tmp_path: Path, embedder) -> None:
    index = load_index(build_tiny_index(tmp_path, embedder), embedder)
    ops = Operations(index, health_host="127.0.0.1", health_port=0, poll_seconds=0.05).start()
    try:
        assert readiness(ops) == (200, {"index": True})
        assert ops.holder() is index
    finally:
        ops.stop()


def test_a_taken_health_port_does_not_stop_the_bot(tmp_path: Path, embedder) -> None:
    index = load_index(build_tiny_index(tmp_path, embedder), embedder)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ops = Operations(index, health_host="127.0.0.1", health_port=port).start()
        try:
            assert ops.health is None
            assert ops.holder() is index
        finally:
            ops.stop()


def test_http_mode_is_ready_once_the_events_endpoint_listens(tmp_path: Path, embedder) -> None:
    index = load_index(build_tiny_index(tmp_path, embedder), embedder)
    ops = Operations(index, http=True, health_host="127.0.0.1", health_port=0).start()
    try:
        assert readiness(ops)[0] == 503
        ops.http_started(object())
        assert readiness(ops) == (200, {"index": True, "slack": True})
    finally:
        ops.stop()
