"""A deleted question takes its answer with it (`chat.delete`)."""

from __future__ import annotations

from typing import Any

from bot.slack.answering import Question, delete_answer
from bot.slack.registry import Registry
from bot.slack.services import BotServices
from bot.slack.threads import is_from_a_bot


def register(app: Registry, services: BotServices, channel_types: tuple[str, ...]) -> None:
    @app.message(channel_types, subtype="message_deleted")
    def on_message_deleted(event: dict, client: Any) -> None:
        previous = event.get("previous_message") or {}
        if is_from_a_bot(previous):
            return
        question = Question(
            text="",
            user=previous.get("user", ""),
            channel=event["channel"],
            ts=event.get("deleted_ts") or previous.get("ts", ""),
            thread_ts=previous.get("thread_ts", ""),
        )
        if question.ts and services.claim(f"delete:{question.key}"):
            services.submit(delete_answer, client, services, question)
