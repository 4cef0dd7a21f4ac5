"""`create_app()`: the Bolt app with every listener registered. Nothing happens at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.ops.observe import SlackApiMetrics
from bot.settings import BotSettings
from bot.slack.home import HomeRefresher
from bot.slack.listeners import register_all
from bot.slack.rate_limit import RateLimiter
from bot.slack.registry import Registry
from bot.slack.services import AnswererLike, BotServices
from bot.state.dedup import DedupStore, dedup_store_from_url
from bot.state.feedback import FeedbackStore
from index.errors import ConfigError

logger = logging.getLogger("careers_bot.slack")

# Bolt's own threads only acknowledge and hand work over, so a few more than the answering pool
# keeps acks fast even when every answering worker is busy.
LISTENER_THREADS = 16
API_TIMEOUT_SECONDS = 15


@dataclass
class SlackBot:
    app: App
    registry: Registry
    services: BotServices
    home_refresher: HomeRefresher

    def close(self) -> None:
        self.home_refresher.stop()
        self.services.pool.shutdown(wait=True, cancel_futures=False)
        self.services.feedback.close()


def make_web_client(settings: BotSettings, token: str | None = None) -> WebClient:
    """The Web API with retries: 429 after Retry-After; 5xx and connection errors with backoff."""
    return WebClient(
        token=token or settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=API_TIMEOUT_SECONDS,
        retry_handlers=[
            SlackApiMetrics(),  # first: counts every failed attempt, never retries itself
            ConnectionErrorRetryHandler(max_retry_count=3),
            RateLimitErrorRetryHandler(max_retry_count=5),
            ServerErrorRetryHandler(max_retry_count=3),
        ],
    )


def create_app(
    settings: BotSettings,
    answerer: AnswererLike,
    *,
    index_provider: Callable[[], Any] | None = None,
    dedup: DedupStore | None = None,
    feedback: FeedbackStore | None = None,
    include_drafts: bool = False,
) -> SlackBot:
    """Build the bot. Calls `auth.test` once (Bolt checks the token) and starts no server."""
    client = make_web_client(settings)
    app = _bolt_app(settings, client)
    salt = _secret(settings.hash_salt) or None
    services = BotServices(
        settings=settings,
        answerer=answerer,
        index_provider=index_provider,
        dedup=dedup or dedup_store_from_url(settings.dedup_url),
        feedback=feedback or FeedbackStore(settings.sqlite_path, salt=salt),
        limiter=RateLimiter(settings.rate_limit_per_minute),
        pool=ThreadPoolExecutor(settings.workers, thread_name_prefix="answer"),
        include_drafts_everywhere=include_drafts,
    )
    registry = Registry(app)
    register_all(registry, services)
    refresher = HomeRefresher(client, services, settings.home_refresh_seconds)
    return SlackBot(app=app, registry=registry, services=services, home_refresher=refresher)


class _NoClientTokenWarning(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN is unused when given a client: we made it from that token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("As you gave `client` as well")


NO_CLIENT_TOKEN_WARNING = _NoClientTokenWarning()


def _bolt_app(settings: BotSettings, client: WebClient) -> App:
    """Bolt checks the bot token with `auth.test`: a refusal or no answer is a ConfigError."""
    bolt_logger = logging.getLogger("careers_bot.slack.bolt")
    bolt_logger.addFilter(NO_CLIENT_TOKEN_WARNING)  # addFilter ignores a second add
    try:
        return App(
            client=client,
            signing_secret=_secret(settings.slack_signing_secret),
            process_before_response=False,
            listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="bolt"),
            logger=bolt_logger,
        )
    except BoltError as error:
        raise ConfigError(f"SLACK_BOT_TOKEN was not accepted by Slack: {error}") from None
    except (URLError, OSError) as error:
        raise ConfigError(f"could not reach Slack at {settings.slack_api_url}: {error}") from None


def _secret(value: Any) -> str:
    return value.get_secret_value() if value is not None else ""
