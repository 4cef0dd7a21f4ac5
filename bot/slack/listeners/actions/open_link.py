"""Link buttons (Apply, View) open in the browser; Slack still sends an action to acknowledge."""

from __future__ import annotations

from collections.abc import Callable

from bot.render.blocks import ACTION_OPEN_LINK
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices) -> None:
    @app.action(ACTION_OPEN_LINK)
    def on_open_link(ack: Callable) -> None:
        ack()
