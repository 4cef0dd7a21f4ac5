"""`careers-bot index` end to end on a small Hugo site, and `open_index`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.common import open_index
from index.errors import ConfigError, NothingIndexedError
from index.store import current_generation

POSTING = """---
title: "{title}"
date: 2026-01-10
draft: {draft}
location: Malmö
---

{{{{< ingress >}}}}
We build {thing}.
{{{{< /ingress >}}}}

## What you will do

You will work on {thing} every day. You will talk to customers.
"""


def write_site(root: Path) -> Path:
    careers = root / "content" / "career"
    careers.mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://jobs.example.net/"\n')
    for slug, thing, draft in (("data-engineer", "pipelines", "false"), ("cook", "food", "true")):
        title = slug.replace("-", " ").title()
        text = POSTING.format(title=title, thing=thing, draft=draft)
        (careers / f"{slug}.md").write_text(text)
    (careers / "empty.md").write_text("")
    return root


@pytest.fixture
def site(tmp_path) -> Path:
    return write_site(tmp_path / "site")


def test_index_command_builds_then_reuses(site, tmp_path, embedder):
    index_dir = tmp_path / "index"
    runner = CliRunner()
    first = runner.invoke(app, ["index", str(site), "--index-dir", str(index_dir)])
    assert first.exit_code == 0, first.output
    assert "Indexed 2 postings (1 draft, 1 published)" in first.stdout
    assert "0 reused" in first.stdout and "skipped 1 files" in first.stdout
    assert "empty.md" in first.stderr and "warning" in first.stderr
    assert current_generation(index_dir) is not None

    again = runner.invoke(
        app, ["index", "--site", str(site), "--index-dir", str(index_dir), "--include-drafts"]
    )
    assert again.exit_code == 0, again.output
    assert "0 embedded" in again.stdout
    assert "draft: site/content/career/cook.md (Cook)" in again.stdout


def test_nothing_indexable_fails_with_a_clear_error(tmp_path):
    empty = tmp_path / "empty-site"
    (empty / "content" / "career").mkdir(parents=True)
    (empty / "hugo.toml").write_text('baseURL = "https://jobs.example.net/"\n')
    result = CliRunner().invoke(app, ["index", str(empty), "--index-dir", str(tmp_path / "i")])
    assert result.exit_code != 0
    assert isinstance(result.exception, NothingIndexedError)
    assert "empty-site" in str(result.exception)


def test_the_installed_command_exits_non_zero_with_one_red_line(tmp_path):
    empty = tmp_path / "nothing-here"
    (empty / "content").mkdir(parents=True)
    (empty / "hugo.toml").write_text('baseURL = "https://jobs.example.net/"\n')
    command = [sys.executable, "-c", "from bot.cli import main; main()", "index", str(empty)]
    env = {**os.environ, "CAREERS_BOT_INDEX_DIR": str(tmp_path / "index")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("Error: no posting could be indexed")


def test_open_index_updates_then_loads(site, tmp_path, embedder):
    index_dir = tmp_path / "index"
    index = open_index([site], None, index_dir, embedder=embedder)
    assert {meta.title for meta in index.postings.values()} == {"Data Engineer", "Cook"}
    (site / "content" / "career" / "cook.md").unlink()
    assert len(open_index([site], None, index_dir, embedder=embedder).postings) == 1
    assert len(open_index(None, None, index_dir, embedder=embedder).postings) == 1


def test_open_index_defaults_to_the_current_folder_when_it_is_a_site(
    site, tmp_path, embedder, monkeypatch
):
    monkeypatch.chdir(site)
    index = open_index(index_dir=tmp_path / "index", embedder=embedder)
    assert len(index.postings) == 2
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="no index in"):
        open_index(index_dir=tmp_path / "other-index", embedder=embedder)


def test_index_without_arguments_indexes_the_current_site_every_time(site, monkeypatch):
    monkeypatch.chdir(site)
    runner = CliRunner()
    first = runner.invoke(app, ["index"])
    assert first.exit_code == 0, first.output
    (site / "content" / "career" / "cook.md").unlink()
    second = runner.invoke(app, ["index"])
    assert second.exit_code == 0, second.output
    assert "Indexed 1 postings" in second.stdout and "0 embedded" in second.stdout
    assert (site / ".careers-bot" / "index" / "CURRENT").is_file()
