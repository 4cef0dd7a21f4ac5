"""Listener registration that remembers what it registered.

Listener packages register through a `Registry` instead of the Bolt app directly, so the Slack app
manifest can be checked against what the code really subscribes to (events, commands, scopes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App, Assistant

# Slack's `channel_type` of a message event → the event subscription that delivers it.
MESSAGE_SUBSCRIPTIONS = {
    "channel": "message.channels",
    "group": "message.groups",
    "im": "message.im",
    "mpim": "message.mpim",
}
ANY_SUBTYPE = "*"
ASSISTANT_EVENTS = ("assistant_thread_started", "assistant_thread_context_changed")


class Registry:
    def __init__(self, app: App) -> None:
        self.app = app
        self.bot_events: set[str] = set()
        self.commands: set[str] = set()
        self.action_ids: list[str] = []
        self.uses_assistant = False

    def event(self, event_type: str) -> Callable:
        self.bot_events.add(event_type)
        return self.app.event(event_type)

    def message(
        self,
        channel_types: Iterable[str],
        *,
        subtype: str | None = None,
        matchers: list[Callable[..., bool]] | None = None,
    ) -> Callable:
        """A `message` listener for some channel types and one subtype (None: plain messages,
        ANY_SUBTYPE: all). Bolt runs the first listener that matches, so order matters."""
        types = tuple(channel_types)
        self.bot_events.update(MESSAGE_SUBSCRIPTIONS[t] for t in types)

        def in_channel_types(event: dict) -> bool:
            return _channel_type(event) in types

        constraints: str | dict = {"type": "message", "subtype": subtype}
        if subtype == ANY_SUBTYPE:
            constraints = "message"
        return self.app.event(constraints, matchers=[in_channel_types, *(matchers or [])])

    def command(self, name: str) -> Callable:
        self.commands.add(name)
        return self.app.command(name)

    def action(self, action_id: str, *, prefix: bool = False) -> Callable:
        self.action_ids.append(action_id)
        pattern = re.compile(rf"^{re.escape(action_id)}(_\d+)?$") if prefix else action_id
        return self.app.action(pattern)

    def assistant(self, assistant: Assistant) -> None:
        """The assistant surface: its events and the direct messages of its threads."""
        self.uses_assistant = True
        self.bot_events.update(ASSISTANT_EVENTS)
        self.bot_events.add(MESSAGE_SUBSCRIPTIONS["im"])
        self.app.use(assistant)


def _channel_type(event: dict[str, Any]) -> str:
    """`message_changed`/`message_deleted` events carry no channel_type: infer it from the id."""
    if event.get("channel_type"):
        return str(event["channel_type"])
    channel = str(event.get("channel", ""))
    return {"D": "im", "G": "group"}.get(channel[:1], "channel")
