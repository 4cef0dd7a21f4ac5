"""Events API listeners: mentions and the App Home tab."""

from __future__ import annotations

from bot.slack.listeners.events import app_home_opened, app_mention
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices) -> None:
    app_mention.register(app, services)
    app_home_opened.register(app, services)
