"""Must show: `careers-bot index` on a folder holding every bad input exits 0, names each bad
file, and answers from the good ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import SECTION, remove_bad_site, write_bad_site
from typer.testing import CliRunner

from bot.cli import app
from index.search import load_index


@pytest.fixture
def bad_site(tmp_path: Path):
    site = write_bad_site(tmp_path / "site")
    yield site
    remove_bad_site(site)


def run_index(site: Path, index_dir: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from bot.cli import main; main()", "index", str(site)]
    command += ["--index-dir", str(index_dir)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def warned_files(stderr: str) -> dict[str, str]:
    """`warning: skipped content/careers/x.md: reason` lines, by file name."""
    out = {}
    for line in stderr.splitlines():
        if line.startswith(f"warning: skipped {SECTION}/"):
            name, _, reason = line.removeprefix(f"warning: skipped {SECTION}/").partition(": ")
            out[name] = reason
    return out


def test_index_on_every_bad_input_exits_0_names_each_bad_file_and_answers(
    bad_site, tmp_path: Path, embedder, monkeypatch
) -> None:
    index_dir = tmp_path / "index"
    done = run_index(bad_site.root, index_dir)

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warned = warned_files(done.stderr)
    for name, reason in (bad_site.skipped | bad_site.warned).items():
        assert name in warned, f"{name} not named:\n{done.stderr}"
        assert reason in warned[name]
    assert set(warned) == set(bad_site.skipped | bad_site.warned)
    indexed = len(bad_site.indexed)
    assert f"Indexed {indexed} postings ({indexed} published)" in done.stdout
    titles = {meta.title for meta in load_index(index_dir, embedder).postings.values()}
    assert titles == set(bad_site.indexed.values())

    import bot.cli.common

    monkeypatch.setattr(bot.cli.common, "load_embedder", lambda model=None: embedder)
    question = "What is the salary for the Harbour Pilot?"
    asked = CliRunner().invoke(app, ["ask", "--index-dir", str(index_dir), "--json", question])
    assert asked.exit_code == 0, asked.output
    answer = json.loads(asked.stdout)
    assert not answer["abstained"]
    assert answer["citations"][0]["url"] == "https://jobs.example.net/careers/harbour-pilot/#salary"
    assert any("48 000 SEK per month" in c["quote"] for c in answer["citations"])
