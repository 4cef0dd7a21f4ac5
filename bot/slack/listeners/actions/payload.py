"""Reading what a clicked button carries and where its message is."""

from __future__ import annotations

import json


def button_data(action: dict) -> dict[str, str]:
    """The JSON a button of ours carries (see `bot.render.blocks.button_value`)."""
    try:
        data = json.loads(action.get("value") or "{}")
    except json.JSONDecodeError:
        return {}
    return {key: str(value) for key, value in data.items()} if isinstance(data, dict) else {}


def message_place(body: dict) -> tuple[str, str, bool]:
    """(channel, thread ts, ephemeral?) of the message whose button was clicked."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id", ""
    )
    message = body.get("message") or {}
    thread_ts = message.get("thread_ts") or message.get("ts") or ""
    ephemeral = bool((body.get("container") or {}).get("is_ephemeral")) or not message
    return channel, thread_ts, ephemeral
