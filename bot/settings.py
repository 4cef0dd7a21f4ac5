"""The bot's settings: one validated class, read from the environment with Bolt's own names.

Slack credentials use the names every Bolt app uses (`SLACK_BOT_TOKEN`, `SLACK_APP_TOKEN`,
`SLACK_SIGNING_SECRET`); everything else is prefixed `CAREERS_BOT_`. Settings are made in the
`serve` command, never at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.errors import ConfigError

DEFAULT_API_URL = "https://slack.com/api/"

# The HTTP servers (Events API in HTTP mode, the operations endpoint in both modes).
HTTP_MAX_BODY_BYTES = 1_000_000  # Slack's payloads are a few kB; a limit, not a buffer size
HTTP_MAX_HEADER_BYTES = 16_384  # request line and headers together (h11's own default)
HTTP_HEADER_TIMEOUT_SECONDS = 10.0  # from connecting to the last header byte
HTTP_BODY_TIMEOUT_SECONDS = 10.0  # from the headers to the last body byte
HTTP_KEEP_ALIVE_SECONDS = 5.0  # an idle kept-alive connection is closed after this
HTTP_MAX_CONNECTIONS = 1000  # open connections; past it a request gets 503
HTTP_BACKLOG = 2048  # connections queued by the kernel before accept()
HTTP_THREADS = 40  # threads running Bolt's dispatch (verify, ack); more requests wait
HTTP_SHUTDOWN_SECONDS = 5.0  # how long a stop waits for requests in flight


@dataclass(frozen=True)
class HttpLimits:
    """What one HTTP server allows; `BotSettings.http_limits()` reads them from the environment."""

    max_body_bytes: int = HTTP_MAX_BODY_BYTES
    max_header_bytes: int = HTTP_MAX_HEADER_BYTES
    header_timeout_seconds: float = HTTP_HEADER_TIMEOUT_SECONDS
    body_timeout_seconds: float = HTTP_BODY_TIMEOUT_SECONDS
    keep_alive_seconds: float = HTTP_KEEP_ALIVE_SECONDS
    max_connections: int = HTTP_MAX_CONNECTIONS
    backlog: int = HTTP_BACKLOG
    threads: int = HTTP_THREADS
    shutdown_seconds: float = HTTP_SHUTDOWN_SECONDS


def default_worker_count() -> int:
    """Answering is CPU-bound (embedding) with network waits around it: a few per core."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class BotSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr = Field(validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=_env("SLACK_SIGNING_SECRET")
    )
    slack_api_url: str = Field(DEFAULT_API_URL, validation_alias=_env("SLACK_API_URL"))
    recruiter_channel: str = Field("", validation_alias=_env("CAREERS_BOT_RECRUITER_CHANNEL"))
    internal_channels: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias=_env("CAREERS_BOT_INTERNAL_CHANNELS")
    )
    slash_command: str = Field("/jobs", validation_alias=_env("CAREERS_BOT_SLASH_COMMAND"))
    rate_limit_per_minute: int = Field(
        10, ge=1, validation_alias=_env("CAREERS_BOT_RATE_LIMIT_PER_MINUTE")
    )
    sqlite_path: Path = Field(
        Path(".careers-bot/bot.sqlite3"), validation_alias=_env("CAREERS_BOT_SQLITE_PATH")
    )
    dedup_url: str = Field("memory://", validation_alias=_env("CAREERS_BOT_DEDUP_URL"))
    hash_salt: SecretStr | None = Field(None, validation_alias=_env("CAREERS_BOT_HASH_SALT"))
    workers: int = Field(
        default_factory=default_worker_count, ge=1, validation_alias=_env("CAREERS_BOT_WORKERS")
    )
    contact: str = Field("", validation_alias=_env("CAREERS_BOT_CONTACT"))
    home_refresh_seconds: float = Field(
        30.0, gt=0, validation_alias=_env("CAREERS_BOT_HOME_REFRESH_SECONDS")
    )
    http_max_body_bytes: int = Field(
        HTTP_MAX_BODY_BYTES, ge=1, validation_alias=_env("CAREERS_BOT_HTTP_MAX_BODY_BYTES")
    )
    http_max_header_bytes: int = Field(
        HTTP_MAX_HEADER_BYTES, ge=1024, validation_alias=_env("CAREERS_BOT_HTTP_MAX_HEADER_BYTES")
    )
    http_header_timeout_seconds: float = Field(
        HTTP_HEADER_TIMEOUT_SECONDS,
        gt=0,
        validation_alias=_env("CAREERS_BOT_HTTP_HEADER_TIMEOUT_SECONDS"),
    )
    http_body_timeout_seconds: float = Field(
        HTTP_BODY_TIMEOUT_SECONDS,
        gt=0,
        validation_alias=_env("CAREERS_BOT_HTTP_BODY_TIMEOUT_SECONDS"),
    )
    http_keep_alive_seconds: float = Field(
        HTTP_KEEP_ALIVE_SECONDS, gt=0, validation_alias=_env("CAREERS_BOT_HTTP_KEEP_ALIVE_SECONDS")
    )
    http_max_connections: int = Field(
        HTTP_MAX_CONNECTIONS, ge=2, validation_alias=_env("CAREERS_BOT_HTTP_MAX_CONNECTIONS")
    )
    http_backlog: int = Field(HTTP_BACKLOG, ge=1, validation_alias=_env("CAREERS_BOT_HTTP_BACKLOG"))
    http_threads: int = Field(HTTP_THREADS, ge=1, validation_alias=_env("CAREERS_BOT_HTTP_THREADS"))
    http_shutdown_seconds: float = Field(
        HTTP_SHUTDOWN_SECONDS, ge=0, validation_alias=_env("CAREERS_BOT_HTTP_SHUTDOWN_SECONDS")
    )

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with 'xoxb-'")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value():
            return None
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with 'xapp-'")
        return value

    @field_validator("slack_signing_secret", "hash_salt")
    @classmethod
    def _empty_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value() else None

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("internal_channels", mode="before")
    @classmethod
    def _split_channels(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("slash_command")
    @classmethod
    def _command_shape(cls, value: str) -> str:
        value = value.strip()
        return value if value.startswith("/") else "/" + value

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    def http_limits(self) -> HttpLimits:
        """The `CAREERS_BOT_HTTP_*` settings: each field of `HttpLimits`, prefixed `http_`."""
        return HttpLimits(**{f.name: getattr(self, f"http_{f.name}") for f in fields(HttpLimits)})


ENV_NAMES = {
    name: str(field.validation_alias.choices[0])  # type: ignore[union-attr]
    for name, field in BotSettings.model_fields.items()
}


def load_settings(*, http: bool, **overrides: object) -> BotSettings:
    """Read and validate the settings; one friendly `ConfigError` naming the bad variable."""
    try:
        settings = BotSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigError(_describe(error)) from None
    if http and settings.slack_signing_secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET is missing: HTTP mode verifies every request")
    if not http and not settings.socket_mode:
        raise ConfigError(
            "SLACK_APP_TOKEN is missing: set it for Socket Mode, or pass --http --port N"
        )
    return settings


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        name = ENV_NAMES.get(field, field)
        reason = "is missing" if item["type"] == "missing" else f"is malformed: {item['msg']}"
        problems.append(f"{name} {reason}")
    return "; ".join(problems)
