"""Slack stand-ins on 127.0.0.1 for tests and benchmarks: a fake Web API (which also serves the
`response_url`s) and a Socket Mode WebSocket server, plus builders of signed Slack deliveries.

    with FakeSlack() as slack:             # SLACK_API_URL=slack.api_url
        ...
        slack.wait_for("chat.postMessage", where=lambda p: p.get("thread_ts") == ts)
"""

from bot.slack.testing.payloads import (
    block_action,
    deliver_action,
    deliver_event,
    deliver_form,
    event_callback,
    find_action,
    signature_headers,
    slash_command,
    user_message_event,
)
from bot.slack.testing.socket_mode import FakeSocketMode
from bot.slack.testing.web_api import ApiCall, FakeSlack, Fault

__all__ = [
    "ApiCall",
    "FakeSlack",
    "FakeSocketMode",
    "Fault",
    "block_action",
    "deliver_action",
    "deliver_event",
    "deliver_form",
    "event_callback",
    "find_action",
    "signature_headers",
    "slash_command",
    "user_message_event",
]
