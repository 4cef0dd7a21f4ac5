"""`@careers-bot question` in a channel: answered once, in the question's thread."""

from __future__ import annotations

from typing import Any

from bot.slack.answering import Question, answer_question
from bot.slack.registry import Registry
from bot.slack.services import BotServices
from bot.slack.threads import is_from_a_bot, strip_mentions


def register(app: Registry, services: BotServices) -> None:
    @app.event("app_mention")
    def on_app_mention(event: dict, client: Any, context: Any) -> None:
        handle_mention(event, client, context.bot_user_id or "", services)


def handle_mention(event: dict, client: Any, bot_user_id: str, services: BotServices) -> None:
    if is_from_a_bot(event) or not event.get("user"):
        return
    question = Question(
        text=strip_mentions(event.get("text", ""), bot_user_id) or "What roles are open?",
        user=event["user"],
        channel=event["channel"],
        ts=event["ts"],
        thread_ts=event.get("thread_ts", ""),
    )
    if services.claim(f"question:{question.key}"):
        services.submit(answer_question, client, services, question, bot_user_id)
