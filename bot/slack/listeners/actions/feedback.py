"""👍/👎 under an answer: the vote is stored (one per user and answer) for `careers-bot report`."""

from __future__ import annotations

from collections.abc import Callable

from bot.ops.metrics import record_feedback
from bot.render.blocks import ACTION_FEEDBACK_DOWN, ACTION_FEEDBACK_UP
from bot.slack.listeners.actions.payload import button_data
from bot.slack.registry import Registry
from bot.slack.services import BotServices

THANKS = "Thanks for the feedback! It helps the recruiters improve the postings."


def register(app: Registry, services: BotServices) -> None:
    def on_feedback(ack: Callable, body: dict, action: dict, respond: Callable) -> None:
        ack()
        data = button_data(action)
        if data.get("k") and data.get("v") in ("up", "down"):
            services.feedback.record_vote(data["k"], body["user"]["id"], data["v"])
            record_feedback(data["v"])
            thanks = {"text": THANKS, "response_type": "ephemeral", "replace_original": False}
            services.submit(respond, thanks)

    for action_id in (ACTION_FEEDBACK_UP, ACTION_FEEDBACK_DOWN):
        app.action(action_id)(on_feedback)
