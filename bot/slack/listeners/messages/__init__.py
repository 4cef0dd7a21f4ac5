"""Message listeners: direct messages, thread follow-ups, edited and deleted questions."""

from __future__ import annotations

from bot.slack.listeners.messages import (
    direct_message,
    message_changed,
    message_deleted,
    other_messages,
    thread_followup,
)
from bot.slack.registry import Registry
from bot.slack.services import BotServices

# Conversations the bot reads questions in (Slack's channel_type values).
CHANNELS = ("channel", "group")
DIRECT = ("im",)


def register(app: Registry, services: BotServices) -> None:
    direct_message.register(app, services, DIRECT)
    thread_followup.register(app, services, CHANNELS)
    message_changed.register(app, services, CHANNELS + DIRECT)
    message_deleted.register(app, services, CHANNELS + DIRECT)
    other_messages.register(app, services, CHANNELS + DIRECT)
