"""Slash commands: `/jobs [question]` (the name is configurable)."""

from __future__ import annotations

from bot.slack.listeners.commands import jobs
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices) -> None:
    jobs.register(app, services)
