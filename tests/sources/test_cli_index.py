"""`careers-bot index --config` (and `ask --json`) over ATS boards served on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from bot.cli import app

from .conftest import GREENHOUSE_PATH, load_fixture, serve_boards

runner = CliRunner()
FIRMWARE_URL = "https://job-boards.greenhouse.io/kelpline/jobs/4012002"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, embedder):
    """The CLI with the session's already loaded model (the same packaged model it would load)."""
    import bot.cli.common
    import bot.cli.index_cmd

    for module in (bot.cli.common, bot.cli.index_cmd):
        monkeypatch.setattr(module, "load_embedder", lambda model=None: embedder)
    return lambda *args: runner.invoke(app, [str(arg) for arg in args])


@pytest.fixture
def config(httpserver: HTTPServer, tmp_path: Path) -> Path:
    base = httpserver.url_for("").rstrip("/")
    path = tmp_path / "careers.toml"
    path.write_text(
        f'cache_dir = "http-cache"\n\n'
        f'[[source]]\ntype = "greenhouse"\nboard = "kelpline"\nbase_url = "{base}"\n'
        "attempts = 2\nbackoff = 0\n\n"
        f'[[source]]\ntype = "recruitee"\nbase_url = "{base}"\nname = "kelpline-recruitee"\n'
    )
    return path


def test_index_reports_a_failing_board_and_keeps_its_postings(
    cli, config: Path, httpserver: HTTPServer, tmp_path: Path
):
    serve_boards(httpserver)
    index_dir = tmp_path / "index"

    first = cli("index", "--config", config, "--index-dir", index_dir)
    assert first.exit_code == 0, first.output
    assert "Indexed 6 postings (6 published)" in first.output

    httpserver.clear()
    httpserver.expect_request(GREENHOUSE_PATH).respond_with_data("down", status=503)
    httpserver.expect_request("/api/offers/").respond_with_json(
        load_fixture("recruitee_offers.json")
    )
    second = cli("index", "--config", config, "--index-dir", index_dir)

    assert second.exit_code == 0, second.output
    assert "kelpline could not be read" in second.output
    assert "HTTP 503 after 2 attempts" in second.output
    assert "Indexed 6 postings" in second.output
    assert "kept the last good postings of kelpline" in second.output


def test_ask_json_answers_a_salary_question_with_the_postings_own_url(
    cli, config: Path, httpserver: HTTPServer, tmp_path: Path
):
    serve_boards(httpserver)
    result = cli(
        "ask", "--config", config, "--index-dir", tmp_path / "index", "--json",
        "What is the salary for the Embedded Firmware Developer?",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert not answer["abstained"]
    assert answer["citations"][0]["url"] == FIRMWARE_URL
    assert any("85" in citation["quote"] for citation in answer["citations"])
