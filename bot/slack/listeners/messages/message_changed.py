"""An edited question gets its answer updated in place (`chat.update`)."""

from __future__ import annotations

from typing import Any

from bot.slack.answering import Question, update_answer
from bot.slack.registry import Registry
from bot.slack.services import BotServices
from bot.slack.threads import is_from_a_bot, strip_mentions


def register(app: Registry, services: BotServices, channel_types: tuple[str, ...]) -> None:
    @app.message(channel_types, subtype="message_changed")
    def on_message_changed(event: dict, client: Any, context: Any) -> None:
        message = event.get("message") or {}
        previous = event.get("previous_message") or {}
        bot_user_id = context.bot_user_id or ""
        if is_from_a_bot(message) or not message.get("user"):
            return
        if message.get("text") == previous.get("text"):
            return  # an unfurl or a reaction, not an edit of the question
        edited_at = (message.get("edited") or {}).get("ts", "")
        question = Question(
            text=strip_mentions(message.get("text", ""), bot_user_id),
            user=message["user"],
            channel=event["channel"],
            ts=message["ts"],
            thread_ts=message.get("thread_ts", ""),
        )
        if question.text and services.claim(f"edit:{question.key}:{edited_at}"):
            services.submit(update_answer, client, services, question, bot_user_id)
