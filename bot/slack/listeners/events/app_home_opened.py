"""The App Home tab: published when a user opens it, and again whenever the index changes."""

from __future__ import annotations

from typing import Any

from bot.slack.home import publish_home
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices) -> None:
    @app.event("app_home_opened")
    def on_app_home_opened(event: dict, client: Any) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        services.remember_home_user(event["user"])
        services.submit(publish_home, client, services, event["user"])
