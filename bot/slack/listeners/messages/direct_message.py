"""A direct message to the bot is a question; the answer follows in the conversation."""

from __future__ import annotations

from typing import Any

from bot.slack.answering import Question, answer_question
from bot.slack.registry import Registry
from bot.slack.services import BotServices
from bot.slack.threads import is_from_a_bot, strip_mentions


def register(app: Registry, services: BotServices, channel_types: tuple[str, ...]) -> None:
    @app.message(channel_types)
    def on_direct_message(event: dict, client: Any, context: Any) -> None:
        handle_direct_message(event, client, context.bot_user_id or "", services)


def handle_direct_message(
    event: dict, client: Any, bot_user_id: str, services: BotServices
) -> None:
    text = strip_mentions(event.get("text", ""), bot_user_id)
    if is_from_a_bot(event) or not event.get("user") or not text:
        return
    question = Question(
        text=text,
        user=event["user"],
        channel=event["channel"],
        ts=event["ts"],
        thread_ts=event.get("thread_ts", ""),
        threaded=False,
    )
    if services.claim(f"question:{question.key}"):
        services.submit(answer_question, client, services, question, bot_user_id)
