"""Every other message (channel chatter, joins, bots): acknowledged and ignored.

Without a listener Bolt answers 404, and Slack would retry the delivery and flag the app.
"""

from __future__ import annotations

from bot.slack.registry import ANY_SUBTYPE, Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices, channel_types: tuple[str, ...]) -> None:
    @app.message(channel_types, subtype=ANY_SUBTYPE)
    def on_other_message() -> None:
        return None
