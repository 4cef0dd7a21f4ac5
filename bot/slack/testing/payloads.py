"""What Slack sends a bot: signed Events API bodies, slash commands and button clicks.

The builders return the payload dicts; `deliver_*` sign them as Slack does (v0 HMAC-SHA256 of
`v0:timestamp:body`) and POST them to a bot in HTTP mode.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from urllib.parse import urlencode

import httpx

_event_ids = itertools.count(1)


def signature_headers(
    body: str | bytes, secret: str, timestamp: int | None = None
) -> dict[str, str]:
    """Slack signs the body's bytes as sent (which need not be UTF-8)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    raw = body if isinstance(body, bytes) else body.encode()
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + raw, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def event_callback(event: dict, *, team_id: str = "T0FAKE", event_id: str = "") -> dict:
    return {
        "token": "legacy-unused",
        "team_id": team_id,
        "api_app_id": "A0FAKEAPP",
        "type": "event_callback",
        "event": event,
        "event_id": event_id or f"Ev{next(_event_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": "UBOTFAKE1", "is_bot": True}],
    }


def user_message_event(
    message: dict, channel: str, *, mention: bool = False, channel_type: str = "channel"
) -> dict:
    """The `app_mention` (mention=True) or `message` event of a message a person posted."""
    event = {**message, "type": "app_mention" if mention else "message", "channel": channel}
    event.setdefault("event_ts", message["ts"])
    if not mention:
        event["channel_type"] = channel_type
    return event


def slash_command(
    text: str, *, user: str, channel: str, response_url: str, command: str = "/jobs"
) -> dict[str, str]:
    return {
        "token": "legacy-unused",
        "team_id": "T0FAKE",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": "someone",
        "command": command,
        "text": text,
        "response_url": response_url,
        "trigger_id": f"trigger-{next(_event_ids)}",
        "api_app_id": "A0FAKEAPP",
    }


def block_action(
    action: dict,
    *,
    user: str,
    channel: str,
    message: dict | None,
    response_url: str,
) -> dict:
    """A click on a button of `message` (None: a button of an ephemeral message)."""
    container = (
        {"type": "message", "message_ts": message["ts"], "channel_id": channel}
        if message
        else {"type": "message", "channel_id": channel, "is_ephemeral": True}
    )
    payload = {
        "type": "block_actions",
        "team": {"id": "T0FAKE"},
        "user": {"id": user},
        "api_app_id": "A0FAKEAPP",
        "container": container,
        "channel": {"id": channel},
        "trigger_id": f"trigger-{next(_event_ids)}",
        "response_url": response_url,
        "actions": [{**action, "action_ts": f"{time.time():.6f}", "type": "button"}],
    }
    if message:
        payload["message"] = message
    return payload


def find_action(blocks: list[dict], action_id_prefix: str) -> dict:
    """The first button in `blocks` whose action_id starts with the prefix."""
    for block in blocks:
        elements = [*block.get("elements", []), block.get("accessory") or {}]
        for element in elements:
            if str(element.get("action_id", "")).startswith(action_id_prefix):
                return {k: element[k] for k in ("action_id", "value", "block_id") if k in element}
    raise LookupError(f"no button {action_id_prefix!r} in the blocks")


def deliver_event(
    url: str,
    body: dict,
    secret: str,
    *,
    retry_num: int | None = None,
    timestamp: int | None = None,
    client: httpx.Client | None = None,
) -> httpx.Response:
    raw = json.dumps(body)
    headers = {"Content-Type": "application/json", **signature_headers(raw, secret, timestamp)}
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return (client or httpx).post(url, content=raw, headers=headers, timeout=10)


def deliver_form(
    url: str, form: dict[str, str], secret: str, *, client: httpx.Client | None = None
) -> httpx.Response:
    raw = urlencode(form)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        **signature_headers(raw, secret),
    }
    return (client or httpx).post(url, content=raw, headers=headers, timeout=10)


def deliver_action(url: str, payload: dict, secret: str) -> httpx.Response:
    return deliver_form(url, {"payload": json.dumps(payload)}, secret)
