"""The Slack path: 50 simultaneous mentions to `serve` over the fake Socket Mode; ack latency
(envelope sent to ack received) and time to reply (sent to the answer posted in the thread)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.bench.serve_process import ServeUnavailable, running_serve

CHANNEL = "CBENCH"
REPLY_TIMEOUT_S = 600.0
FALLBACK_QUESTIONS = ("which jobs are open?", "what is the salary?", "can I work remotely?")


def measure_mentions(
    sites: list[Path], index_dir: Path, workdir: Path, *, mentions: int = 50, qa: Path | None = None
) -> dict:
    try:
        with running_serve(sites, index_dir, workdir / "slack") as serve:
            result = send_mentions(serve.slack, questions(qa, mentions), mentions)
            return {**result, "ready_s": serve.ready_s}
    except (ServeUnavailable, TimeoutError) as error:
        return {"ack_ms": None, "note": f"not measured: {error}"}


def questions(qa: Path | None, count: int) -> list[str]:
    texts: list[str] = list(FALLBACK_QUESTIONS)
    if qa is not None and qa.exists():
        from bot.bench.latency import read_qa_questions

        texts = [q.text for q in read_qa_questions(qa) if not q.history] or texts
    return [texts[n % len(texts)] for n in range(count)]


def send_mentions(slack, texts: list[str], mentions: int) -> dict:
    from bot.slack.testing import event_callback, user_message_event

    warm_up(slack, texts[0])
    messages = [
        slack.add_user_message(CHANNEL, f"<@{slack.bot_user_id}> {text}", f"UBENCH{n:03d}")
        for n, text in enumerate(texts[:mentions])
    ]
    bodies = [event_callback(user_message_event(m, CHANNEL, mention=True)) for m in messages]
    sent: list[tuple[str, float]] = []
    for body in bodies:  # back to back: 50 envelopes within a few milliseconds
        sent.append((slack.socket.send("events_api", body), time.time()))
    with ThreadPoolExecutor(max_workers=len(sent)) as pool:
        acked = list(pool.map(lambda item: ack_time(slack, item[0]), sent))
    ack_ms = [(at - when) * 1000 for (_, when), at in zip(sent, acked, strict=True)]
    reply_ms = []
    for message, (_, when) in zip(messages, sent, strict=True):
        call = first_reply(slack, message["ts"])
        reply_ms.append((call.at - when) * 1000)
    return {
        "mentions": len(sent),
        "replied": len(reply_ms),
        "ack_ms": ack_ms,
        "reply_ms": reply_ms,
        "send_spread_ms": (sent[-1][1] - sent[0][1]) * 1000,
    }


def warm_up(slack, text: str) -> None:
    """One mention answered before the burst, as a running bot would have had."""
    from bot.slack.testing import event_callback, user_message_event

    message = slack.add_user_message("CWARM", f"<@{slack.bot_user_id}> {text}", "UWARM")
    event = user_message_event(message, "CWARM", mention=True)
    slack.socket.send("events_api", event_callback(event))
    first_reply(slack, message["ts"], channel="CWARM")


def ack_time(slack, envelope_id: str) -> float:
    slack.socket.wait_for_ack(envelope_id, timeout=REPLY_TIMEOUT_S)
    return time.time()


def first_reply(slack, thread_ts: str, channel: str = CHANNEL):
    calls = slack.wait_for(
        "chat.postMessage",
        timeout=REPLY_TIMEOUT_S,
        where=lambda p: p.get("channel") == channel and p.get("thread_ts") == thread_ts,
    )
    return min(calls, key=lambda call: call.at)
