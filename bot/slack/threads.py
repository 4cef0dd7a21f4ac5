"""Reading a Slack thread: earlier questions, whether the bot took part, which reply answers what.

Everything is read back from Slack (`conversations.replies`), so any replica can answer a follow-up
or update an answer after an edit. Each answer carries message metadata naming its question.
"""

from __future__ import annotations

import re
from typing import Any

ANSWER_EVENT_TYPE = "careers_bot_answer"


def answer_metadata(question_ts: str) -> dict:
    return {"event_type": ANSWER_EVENT_TYPE, "event_payload": {"question_ts": question_ts}}


def thread_messages(client: Any, channel: str, thread_ts: str) -> list[dict]:
    response = client.conversations_replies(
        channel=channel, ts=thread_ts, include_all_metadata=True, limit=200
    )
    return list(response.get("messages") or [])


def is_from_a_bot(message: dict) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


def bot_took_part(messages: list[dict], bot_user_id: str, bot_id: str = "") -> bool:
    return any(
        (bot_user_id and m.get("user") == bot_user_id) or (bot_id and m.get("bot_id") == bot_id)
        for m in messages
    )


def strip_mentions(text: str, bot_user_id: str) -> str:
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    return " ".join(text.split())


def earlier_questions(messages: list[dict], before_ts: str, bot_user_id: str) -> list[str]:
    """The thread's user messages before `before_ts`, oldest first, without the bot's mention."""
    earlier = []
    for message in messages:
        if is_from_a_bot(message) or message.get("user") == bot_user_id:
            continue
        if _ts(message.get("ts", "")) >= _ts(before_ts):
            continue
        text = strip_mentions(message.get("text", ""), bot_user_id)
        if text:
            earlier.append(text)
    return earlier


def find_answer_ts(messages: list[dict], question_ts: str) -> str:
    for message in messages:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        ours = metadata.get("event_type") == ANSWER_EVENT_TYPE
        if ours and payload.get("question_ts") == question_ts:
            return str(message.get("ts", ""))
    return ""


def _ts(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0
