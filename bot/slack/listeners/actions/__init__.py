"""Button actions under answers: feedback, share, pick a posting, ask a recruiter, links."""

from __future__ import annotations

from bot.slack.listeners.actions import ask_recruiter, feedback, open_link, pick_posting, share
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices) -> None:
    for module in (feedback, share, pick_posting, ask_recruiter, open_link):
        module.register(app, services)
