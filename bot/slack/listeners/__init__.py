"""Listeners by Slack surface; each package registers its own callbacks with `register()`."""

from __future__ import annotations

from bot.slack.listeners import actions, assistant, commands, events, messages
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register_all(app: Registry, services: BotServices) -> None:
    # The assistant middleware goes first: it claims the direct messages of assistant threads.
    for package in (assistant, events, messages, commands, actions):
        package.register(app, services)
