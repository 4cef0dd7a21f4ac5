"""A build that fails never costs the index that answers: `serve` starts on the last good one and
says why; `index --watch` names the file that failed, keeps watching and picks up the fix."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from bot.cli.common import open_index
from bot.slack.testing import FakeSlack
from bot.slack.testing.process import ServeProcess, free_port, serve_env
from index.errors import NothingIndexedError

GOOD = "---\ntitle: Depot Coordinator\n---\n\nYou coordinate the morning departures.\n"
BROKEN = "---\ntitle: [unclosed\n---\nText.\n"
SECTION = "content/jobs"


def write_site(root: Path, files: dict[str, str]) -> Path:
    (root / SECTION).mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text('baseURL = "https://jobs.example.org/"\n', encoding="utf-8")
    for name, text in files.items():
        (root / SECTION / name).write_text(text, encoding="utf-8")
    return root


def errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_failed_build_at_start_opens_the_last_good_index_and_logs_why(
    tmp_path: Path, embedder, caplog
) -> None:
    site, index_dir = write_site(tmp_path / "site", {"depot.md": GOOD}), tmp_path / "index"
    good = open_index([site], None, index_dir, embedder=embedder, keep_last_good=True)
    write_site(site, {"depot.md": BROKEN})  # nothing indexable any more

    with caplog.at_level(logging.WARNING, logger="careers_bot.index"):
        index = open_index([site], None, index_dir, embedder=embedder, keep_last_good=True)

    assert index.generation == good.generation
    assert [meta.title for meta in index.postings.values()] == ["Depot Coordinator"]
    (message,) = errors(caplog)
    assert message.startswith("index build failed (no posting could be indexed from site")
    assert f"{SECTION}/depot.md: invalid YAML front matter" in message
    assert message.endswith(f"serving the last good index in {index_dir}")

    (site / "hugo.toml").write_text('baseURL = "https://jobs.example.org/\n[oops')
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="careers_bot.index"):
        index = open_index([site], None, index_dir, embedder=embedder, keep_last_good=True)
    assert index.generation == good.generation
    assert "hugo.toml: broken site config" in errors(caplog)[0]


def test_skipped_files_are_logged_and_without_any_index_the_failure_is_raised(
    tmp_path: Path, embedder, caplog
) -> None:
    site = write_site(tmp_path / "site", {"depot.md": GOOD, "bad.md": BROKEN})
    with caplog.at_level(logging.WARNING, logger="careers_bot.index"):
        open_index([site], None, tmp_path / "index", embedder=embedder, keep_last_good=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [w.split(": ")[0] for w in warnings] == [f"skipped {SECTION}/bad.md"]

    write_site(site, {"depot.md": BROKEN})
    with pytest.raises(NothingIndexedError, match=r"depot\.md"):  # nothing to fall back on
        open_index([site], None, tmp_path / "fresh", embedder=embedder, keep_last_good=True)


def test_serve_starts_on_the_last_good_index_when_its_build_fails(tmp_path: Path, embedder):
    site, index_dir = write_site(tmp_path / "site", {"depot.md": GOOD}), tmp_path / "index"
    open_index([site], None, index_dir, embedder=embedder)
    write_site(site, {"depot.md": BROKEN})
    health, port = free_port(), free_port()
    args = ["--http", "--host", "127.0.0.1", "--port", str(port), "--log-format", "text"]
    args += ["--site", str(site), "--index-dir", str(index_dir)]
    with FakeSlack() as slack:
        env = serve_env(slack, tmp_path, CAREERS_BOT_HEALTH_PORT=str(health))
        process = ServeProcess(args, env, tmp_path / "serve.log")
        try:
            process.wait_until(lambda: _ready(health), timeout=300)
            log = process.log()
        finally:
            process.stop()
    line = next(line for line in log.splitlines() if "index build failed" in line)
    assert f"{SECTION}/depot.md: invalid YAML front matter" in line
    assert "serving the last good index" in line


def _ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


class Watch:
    """`careers-bot index --watch` in a subprocess, its output collected line by line."""

    def __init__(self, site: Path, index_dir: Path):
        command = [sys.executable, "-c", "from bot.cli import main; main()", "index", "--watch"]
        command += ["--site", str(site), "--index-dir", str(index_dir)]
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout))
        self.reader.start()

    def wait_for(self, text: str, count: int = 1, timeout: float = 120.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            found = [line for line in list(self.lines) if text in line]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no {count}× {text!r} in:\n{''.join(self.lines)}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=60)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.reader.join(timeout=10)


def test_index_watch_names_the_failing_file_keeps_watching_and_picks_up_the_fix(tmp_path):
    site = write_site(tmp_path / "site", {"depot.md": GOOD, "bad.md": BROKEN})
    watch = Watch(site, tmp_path / "index")
    try:
        watch.wait_for("Indexed 1 postings", timeout=300)
        (skipped,) = watch.wait_for("warning: skipped")
        assert skipped.startswith(f"warning: skipped {SECTION}/bad.md: invalid YAML front matter")

        write_site(site, {"depot.md": BROKEN})  # now nothing can be indexed: the build fails
        (failed,) = watch.wait_for("index rebuild failed")
        assert f"{SECTION}/depot.md: invalid YAML front matter" in failed
        assert f"{SECTION}/bad.md: invalid YAML front matter" in failed
        assert failed.rstrip().endswith("previous index stays live")

        write_site(site, {"depot.md": GOOD, "bad.md": GOOD.replace("Depot", "Yard")})
        watch.wait_for("Indexed 2 postings")
    finally:
        assert watch.stop() == 0
    assert "stopped watching" in "".join(watch.lines)
