"""A reply in a thread the bot answered is a follow-up question, answered without a mention.

Whether the bot took part is read from Slack (`conversations.replies`), so any replica knows.
Messages that mention the bot are left to the `app_mention` listener.
"""

from __future__ import annotations

from typing import Any

from bot.slack.answering import Question, answer_question
from bot.slack.registry import Registry
from bot.slack.services import BotServices
from bot.slack.threads import (
    bot_took_part,
    earlier_questions,
    is_from_a_bot,
    strip_mentions,
    thread_messages,
)


def is_thread_reply(event: dict) -> bool:
    return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")


def register(app: Registry, services: BotServices, channel_types: tuple[str, ...]) -> None:
    @app.message(channel_types, matchers=[is_thread_reply])
    def on_thread_reply(event: dict, client: Any, context: Any) -> None:
        bot_user_id = context.bot_user_id or ""
        text = event.get("text", "")
        if is_from_a_bot(event) or not event.get("user") or f"<@{bot_user_id}" in text:
            return
        question = Question(
            text=strip_mentions(text, bot_user_id),
            user=event["user"],
            channel=event["channel"],
            ts=event["ts"],
            thread_ts=event["thread_ts"],
        )
        if question.text:
            ids = (bot_user_id, context.bot_id or "")
            services.submit(answer_followup, client, services, question, ids)


def answer_followup(
    client: Any, services: BotServices, question: Question, ids: tuple[str, str]
) -> None:
    bot_user_id, bot_id = ids
    messages = thread_messages(client, question.channel, question.thread_ts)
    if not bot_took_part(messages, bot_user_id, bot_id):
        return
    if services.claim(f"question:{question.key}"):
        history = earlier_questions(messages, question.ts, bot_user_id)
        answer_question(client, services, question, bot_user_id, history)
