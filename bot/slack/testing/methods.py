"""The fake Web API's methods: each takes (fake, params, token) and returns Slack's JSON body.

They run with the fake's lock held, so they may read and change `fake.state` freely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.slack.testing.web_api import FakeSlack

Handler = Callable[["FakeSlack", dict[str, Any], str], dict]


def auth_test(fake: FakeSlack, params: dict, token: str) -> dict:
    if not token.startswith("xoxb-") or token in fake.revoked_tokens:
        return {"ok": False, "error": "invalid_auth"}
    return {
        "ok": True,
        "url": "https://fake.slack.test/",
        "team": "Fake",
        "user": "careers-bot",
        "team_id": fake.team_id,
        "user_id": fake.bot_user_id,
        "bot_id": fake.bot_id,
        "is_enterprise_install": False,
    }


def connections_open(fake: FakeSlack, params: dict, token: str) -> dict:
    if not token.startswith("xapp-"):
        return {"ok": False, "error": "not_allowed_token_type"}
    return {"ok": True, "url": fake.socket.url(next(fake._tickets))}


def post_message(fake: FakeSlack, params: dict, token: str) -> dict:
    channel = str(params.get("channel", ""))
    if not channel:
        return {"ok": False, "error": "channel_not_found"}
    message = {
        "type": "message",
        "user": fake.bot_user_id,
        "bot_id": fake.bot_id,
        "text": params.get("text", ""),
        "blocks": params.get("blocks") or [],
        "ts": fake.next_ts(),
    }
    if params.get("thread_ts"):
        message["thread_ts"] = str(params["thread_ts"])
    if params.get("metadata"):
        message["metadata"] = params["metadata"]
    fake.state.messages[channel].append(message)
    return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}


def _find(fake: FakeSlack, channel: str, ts: str) -> dict | None:
    return next((m for m in fake.state.messages[channel] if m["ts"] == ts), None)


def update(fake: FakeSlack, params: dict, token: str) -> dict:
    channel, ts = str(params.get("channel", "")), str(params.get("ts", ""))
    message = _find(fake, channel, ts)
    if message is None:
        return {"ok": False, "error": "message_not_found"}
    message.update(text=params.get("text", ""), blocks=params.get("blocks") or [])
    return {"ok": True, "channel": channel, "ts": ts, "text": message["text"]}


def delete(fake: FakeSlack, params: dict, token: str) -> dict:
    channel, ts = str(params.get("channel", "")), str(params.get("ts", ""))
    message = _find(fake, channel, ts)
    if message is None:
        return {"ok": False, "error": "message_not_found"}
    fake.state.messages[channel].remove(message)
    return {"ok": True, "channel": channel, "ts": ts}


def post_ephemeral(fake: FakeSlack, params: dict, token: str) -> dict:
    fake.state.ephemeral.append(dict(params))
    return {"ok": True, "message_ts": fake.next_ts()}


def permalink(fake: FakeSlack, params: dict, token: str) -> dict:
    channel, ts = str(params.get("channel", "")), str(params.get("message_ts", ""))
    link = f"https://fake.slack.test/archives/{channel}/p{ts.replace('.', '')}"
    return {"ok": True, "channel": channel, "permalink": link}


def views_publish(fake: FakeSlack, params: dict, token: str) -> dict:
    view = params.get("view") or {}
    fake.state.views[str(params.get("user_id", ""))] = view
    return {"ok": True, "view": {"id": "V0FAKE", **view}}


def replies(fake: FakeSlack, params: dict, token: str) -> dict:
    channel, thread_ts = str(params.get("channel", "")), str(params.get("ts", ""))
    with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
    messages = []
    for message in fake.state.messages[channel]:
        if message["ts"] == thread_ts or message.get("thread_ts") == thread_ts:
            shown = dict(message)
            if not with_metadata:
                shown.pop("metadata", None)
            messages.append(shown)
    if not messages:
        return {"ok": False, "error": "thread_not_found"}
    messages.sort(key=lambda m: float(m["ts"]))
    return {"ok": True, "messages": messages, "has_more": False}


def ok(fake: FakeSlack, params: dict, token: str) -> dict:
    return {"ok": True}


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "apps.connections.open": connections_open,
    "chat.postMessage": post_message,
    "chat.update": update,
    "chat.delete": delete,
    "chat.postEphemeral": post_ephemeral,
    "chat.getPermalink": permalink,
    "views.publish": views_publish,
    "conversations.replies": replies,
    "assistant.threads.setStatus": ok,
    "assistant.threads.setSuggestedPrompts": ok,
    "assistant.threads.setTitle": ok,
}
