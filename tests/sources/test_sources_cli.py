"""`careers-bot sources check --config FILE`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from bot.cli import app

from .conftest import FIXTURES, serve_boards

runner = CliRunner()


def test_check_counts_postings_and_names_unmapped_fields():
    result = runner.invoke(
        app, ["sources", "check", "--config", str(FIXTURES / "sources" / "markdown-sites.toml")]
    )

    assert result.exit_code == 0, result.output
    assert "2 source(s), file is valid" in result.output
    assert "kelpline-jekyll (markdown): 3 posting(s) (1 expired, 2 published)" in result.output
    assert "gatsby-kelpline (markdown): 3 posting(s) (1 expired, 2 published)" in result.output
    assert "fields not found in any posting: closes, remote, apply_url" in result.output
    assert "skipped _jobs/broken.md: invalid YAML" in result.output


def test_check_reports_an_unavailable_board_and_fails(httpserver: HTTPServer, tmp_path: Path):
    serve_boards(httpserver)
    httpserver.expect_request("/v1/boards/down/jobs").respond_with_data("oops", status=502)
    base = httpserver.url_for("").rstrip("/")
    config = tmp_path / "careers.toml"
    config.write_text(
        f'[[source]]\ntype = "recruitee"\nbase_url = "{base}"\nname = "kelpline"\n\n'
        f'[[source]]\ntype = "greenhouse"\nboard = "down"\nbase_url = "{base}"\n'
        "attempts = 1\n"
    )

    result = runner.invoke(
        app, ["sources", "check", "--config", str(config), "--cache-dir", str(tmp_path / "c")]
    )

    assert result.exit_code == 1
    assert "kelpline (recruitee): 3 posting(s) (3 published)" in result.output
    assert "salary_min 2/3" in result.output
    assert "down (greenhouse): UNAVAILABLE" in result.output and "HTTP 502" in result.output


def test_check_rejects_an_invalid_file(tmp_path: Path):
    config = tmp_path / "careers.toml"
    config.write_text('[[source]]\ntype = "lever"\n')

    command = [sys.executable, "-c", "from bot.cli import main; main()"]
    result = subprocess.run(
        [*command, "sources", "check", "--config", str(config)], capture_output=True, text=True
    )

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {config}: source #1 (lever): field `site`: Field required"
    )
