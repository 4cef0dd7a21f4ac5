"""The assistant (agent) surface: suggested prompts when a thread starts, a status line while
answering. Direct messages in assistant threads come here instead of the message listeners."""

from __future__ import annotations

from slack_bolt import Assistant

from bot.slack.listeners.assistant import thread_started, user_message
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices) -> None:
    assistant = Assistant()
    thread_started.register(assistant, services)
    user_message.register(assistant, services)
    app.assistant(assistant)
