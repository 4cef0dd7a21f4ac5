"""`index --watch`: rebuilds when a source changes, survives a failed build, ignores its output."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.ops.watch import fingerprint, local_paths, watch_and_rebuild
from index.build import build_index
from index.search import load_index
from index.sources.config import load_sources

POSTING = """---
title: "Depot Coordinator"
date: 2026-09-01
---

## What you’ll do

You coordinate the morning departures at the {depot} depot.
"""


def write_posting(site: Path, depot: str) -> Path:
    (site / "content" / "jobs").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text('baseURL = "https://jobs.example.org/"\n', encoding="utf-8")
    posting = site / "content" / "jobs" / "depot-coordinator.md"
    posting.write_text(POSTING.format(depot=depot), encoding="utf-8")
    return posting


def wait_for(condition, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_fingerprint_follows_files_but_not_hidden_or_ignored_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    posting = write_posting(site, "Uppsala")
    before = fingerprint([site])
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (site / "index").mkdir()
    (site / "index" / "CURRENT").write_text("g1", encoding="utf-8")
    assert fingerprint([site], ignored=[site / "index"]) == before
    posting.write_text(posting.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    assert fingerprint([site], ignored=[site / "index"]) != before


def test_local_paths_of_sources(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_posting(site, "Uppsala")
    assert local_paths(load_sources(sites=[site])) == [site]


def test_watch_rebuilds_on_change_and_survives_a_broken_source(tmp_path: Path, embedder) -> None:
    site, index_dir = tmp_path / "site", tmp_path / "site" / "built-index"
    posting = write_posting(site, "Uppsala")
    stop = threading.Event()
    reports: list[object] = []

    def rebuild() -> object:
        return build_index(load_sources(sites=[site]), index_dir, embedder)

    results = []
    watcher = threading.Thread(
        target=lambda: results.append(
            watch_and_rebuild(
                rebuild,
                lambda: [site],
                ignored=[index_dir],
                poll_seconds=0.05,
                stop=stop,
                on_build=reports.append,
            )
        )
    )
    watcher.start()
    try:
        assert wait_for(lambda: len(reports) == 1)
        time.sleep(0.3)  # several polls: the build's own output must not trigger another
        assert len(reports) == 1

        posting.write_text(POSTING.format(depot="Västerås"), encoding="utf-8")
        assert wait_for(lambda: len(reports) == 2)
        assert "Västerås" in " ".join(c.text for c in load_index(index_dir, embedder).chunks)

        posting.unlink()  # nothing left to index: the build fails, the old index stays
        time.sleep(0.5)
        assert len(reports) == 2
        assert load_index(index_dir, embedder).postings
        write_posting(site, "Borlänge")
        assert wait_for(lambda: len(reports) == 3)
    finally:
        stop.set()
        watcher.join(timeout=60)
    assert results[0].builds == 3 and results[0].failures == 1


def test_index_watch_command_rebuilds_until_interrupted(tmp_path: Path) -> None:
    site, index_dir = tmp_path / "site", tmp_path / "index"
    posting = write_posting(site, "Uppsala")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    command = [str(Path(sys.executable).parent / "careers-bot"), "index", "--watch"]
    command += ["--site", str(site), "--index-dir", str(index_dir)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()

    def summaries() -> list[str]:
        return [line for line in list(lines) if line.startswith("Indexed")]

    try:
        assert wait_for(lambda: len(summaries()) == 1 or process.poll() is not None, 300)
        assert len(summaries()) == 1, "".join(lines)
        posting.write_text(POSTING.format(depot="Gävle"), encoding="utf-8")
        assert wait_for(lambda: len(summaries()) == 2, 120), "".join(lines)
        assert int(re.search(r"(\d+) embedded", summaries()[1]).group(1)) > 0
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            reader.join(timeout=10)
            raise AssertionError("index --watch ignored Ctrl-C:\n" + "".join(lines)) from None
        reader.join(timeout=10)
    assert process.returncode == 0
    assert "stopped watching" in "".join(lines)
    assert load_index_text(index_dir).count("Gävle") >= 1


def load_index_text(index_dir: Path) -> str:
    from index.store import generation_folder

    segments = (generation_folder(index_dir) / "segments").glob("*/chunks.json")
    return "".join(path.read_text(encoding="utf-8") for path in segments)
