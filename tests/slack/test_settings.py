"""Settings: Bolt's environment names, one clear error naming a missing or malformed token."""

from __future__ import annotations

import os

import pytest

from bot.settings import load_settings
from index.errors import ConfigError

SLACK_VARS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)


def test_reads_bolt_names_and_careers_bot_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setenv("CAREERS_BOT_INTERNAL_CHANNELS", "C1, G2")
    monkeypatch.setenv("CAREERS_BOT_RATE_LIMIT_PER_MINUTE", "3")
    monkeypatch.setenv("CAREERS_BOT_SLASH_COMMAND", "careers")
    settings = load_settings(http=False)
    assert settings.socket_mode
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.internal_channels == ["C1", "G2"]
    assert settings.rate_limit_per_minute == 3
    assert settings.slash_command == "/careers"


def test_missing_bot_token_is_named() -> None:
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN is missing"):
        load_settings(http=False)


def test_malformed_tokens_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xapp-wrong-kind")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xoxb-wrong-kind")
    with pytest.raises(ConfigError) as error:
        load_settings(http=False)
    assert "SLACK_BOT_TOKEN is malformed" in str(error.value)
    assert "SLACK_APP_TOKEN is malformed" in str(error.value)
    assert "wrong-kind" not in str(error.value)  # secrets are never echoed


def test_mode_needs_its_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN is missing"):
        load_settings(http=False)
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is missing"):
        load_settings(http=True)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    assert not load_settings(http=True).socket_mode


def test_a_rejected_or_unreachable_slack_is_a_clear_error(tmp_path) -> None:
    from bot.slack.app import create_app
    from bot.slack.testing import FakeSlack
    from bot.slack.testing.process import free_port

    with FakeSlack() as slack:
        slack.revoked_tokens.add("xoxb-revoked")
        settings = load_settings(
            http=True,
            slack_bot_token="xoxb-revoked",
            slack_signing_secret="s",
            slack_api_url=slack.api_url,
            sqlite_path=tmp_path / "bot.sqlite3",
        )
        with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN was not accepted"):
            create_app(settings, answerer=None)
    nowhere = f"http://127.0.0.1:{free_port()}/api/"
    settings = settings.model_copy(update={"slack_api_url": nowhere})
    with pytest.raises(ConfigError, match="could not reach Slack"):
        create_app(settings, answerer=None)


def test_serve_stops_at_once_naming_the_missing_token() -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CAREERS_BOT_"))}
    command = [sys.executable, "-c", "from bot.cli import main; main()", "serve", "--http"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "SLACK_BOT_TOKEN is missing" in result.stderr
