"""`careers-bot serve` (the Slack bot) and `careers-bot report` (what it could not answer)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import (
    BaseUrlOption,
    ConfigOption,
    IncludeDraftsOption,
    IndexDirOption,
    ModelOption,
    SiteOption,
    open_index,
)
from bot.ops.health import DEFAULT_HEALTH_PORT
from bot.ops.logging import configure_logging
from bot.ops.runtime import HEALTH_PORT_ENV, LOG_FORMAT_ENV, LOG_MESSAGES_ENV, Operations
from index.errors import ConfigError
from index.store import DEFAULT_INDEX_DIR

logger = logging.getLogger("careers_bot.serve")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("report")(report)


def serve(
    site: SiteOption = None,
    config: ConfigOption = None,
    index_dir: IndexDirOption = DEFAULT_INDEX_DIR,
    base_url: BaseUrlOption = None,
    include_drafts: IncludeDraftsOption = False,
    model: ModelOption = None,
    http: Annotated[
        bool, typer.Option("--http", help="Serve the Events API over HTTP, not Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option("--port", help="HTTP mode: the port.")] = 3000,
    host: Annotated[str, typer.Option("--host", help="HTTP mode: the address.")] = "0.0.0.0",
    health_port: Annotated[
        int,
        typer.Option("--health-port", envvar=HEALTH_PORT_ENV, help="/healthz, /readyz, /metrics."),
    ] = DEFAULT_HEALTH_PORT,
    log_format: Annotated[
        str, typer.Option("--log-format", envvar=LOG_FORMAT_ENV, help="json or text.")
    ] = "json",
    log_messages: Annotated[
        bool,
        typer.Option("--log-messages", envvar=LOG_MESSAGES_ENV, help="Log what people ask."),
    ] = False,
) -> None:
    """Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, or --http --port N.

    Drafts and expired postings are shown (marked) in the internal channels of
    CAREERS_BOT_INTERNAL_CHANNELS; --include-drafts shows them everywhere (a test workspace)."""
    from bot.settings import load_settings

    settings = load_settings(http=http)  # a missing token fails before the model loads
    configure_logging(json_logs=log_format != "text", log_messages=log_messages)
    from bot.answer.engine import Answerer
    from bot.slack.app import create_app
    from bot.slack.run import run_http, run_socket_mode, stop_on_signals

    index = open_index(site, config, index_dir, base_url, model=model, keep_last_good=True)
    limits = settings.http_limits()
    ops = Operations(
        index, socket_mode=not http, http=http, health_port=health_port, limits=limits
    ).start()
    answerer = Answerer(ops.holder, contact=settings.contact or None)
    bot = create_app(settings, answerer, index_provider=ops.holder, include_drafts=include_drafts)
    stop = stop_on_signals()
    try:
        if http:
            run_http(
                bot, stop, host=host, port=port, checks=ops.checks, on_started=ops.http_started
            )
        else:
            run_socket_mode(bot, stop, on_started=ops.socket_mode_started)
    finally:
        ops.stop()


def report(
    sqlite: Annotated[
        Path | None,
        typer.Option("--sqlite", envvar="CAREERS_BOT_SQLITE_PATH", help="The bot's database."),
    ] = None,
    days: Annotated[float, typer.Option("--days", help="How far back to look.")] = 30.0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Unanswered and downvoted questions, for recruiters to improve their postings."""
    from bot.state.feedback import FeedbackStore

    path = sqlite or Path(".careers-bot/bot.sqlite3")
    if not path.is_file():
        raise ConfigError(f"{path}: no bot database here (set --sqlite or CAREERS_BOT_SQLITE_PATH)")
    store = FeedbackStore(path)
    since = datetime.now(UTC).timestamp() - days * 86400
    rows = store.report(since=since)
    store.close()
    if as_json:
        for row in rows:
            typer.echo(json.dumps({**row.__dict__, "asked_at": _iso(row.asked_at)}))
        return
    _print_table(rows, days)


def _print_table(rows: list, days: float) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Unanswered and downvoted questions, last {days:g} days")
    for column in ("asked at (UTC)", "channel", "question", "outcome", "vote", "sources", "user"):
        table.add_column(column, overflow="fold")
    for row in rows:
        sources = "\n".join(row.sources) or "-"
        table.add_row(
            _iso(row.asked_at),
            row.channel,
            row.question,
            row.outcome,
            row.vote or "-",
            sources,
            row.user_hash,
        )
    Console().print(table if rows else "Nothing unanswered or downvoted. 🎉")


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M")
