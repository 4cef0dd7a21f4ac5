"""A message in an assistant thread: a status line while working, then the answer in the thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Assistant

from bot.slack.answering import Question, answer_question
from bot.slack.services import BotServices
from bot.slack.threads import strip_mentions

STATUS = "is reading the job postings…"


def register(assistant: Assistant, services: BotServices) -> None:
    @assistant.user_message
    def on_user_message(payload: dict, client: Any, context: Any, set_status: Callable) -> None:
        bot_user_id = context.bot_user_id or ""
        question = Question(
            text=strip_mentions(payload.get("text", ""), bot_user_id),
            user=payload.get("user", ""),
            channel=payload["channel"],
            ts=payload["ts"],
            thread_ts=payload.get("thread_ts", ""),
        )
        if question.text and question.user and services.claim(f"question:{question.key}"):
            set_status(status=STATUS)
            services.submit(answer_question, client, services, question, bot_user_id)
