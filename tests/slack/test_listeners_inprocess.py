"""Listener paths that the end-to-end tests don't reach, in process with a scripted answerer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.slack.app import create_app
from bot.slack.http_server import SlackHTTPServer
from bot.slack.testing import (
    FakeSlack,
    block_action,
    deliver_action,
    deliver_event,
    event_callback,
    find_action,
    user_message_event,
)
from bot.slack.testing.process import SIGNING_SECRET


@pytest.fixture
def served(http_settings, scripted_answerer) -> Iterator[tuple[str, object]]:
    bot = create_app(http_settings, scripted_answerer)
    server = SlackHTTPServer(bot.app, host="127.0.0.1", port=0)
    server.start()
    yield f"http://127.0.0.1:{server.port}/slack/events", bot
    server.shutdown()
    bot.close()


def ask(slack: FakeSlack, url: str, channel: str, text: str) -> tuple[dict, dict]:
    message = slack.add_user_message(channel, f"<@{slack.bot_user_id}> {text}", "U1")
    event = event_callback(user_message_event(message, channel, mention=True))
    assert deliver_event(url, event, SIGNING_SECRET).status_code == 200
    slack.wait_for("chat.postMessage", where=lambda p: p.get("thread_ts") == message["ts"])
    return message, [m for m in slack.thread(channel, message["ts"]) if m.get("bot_id")][-1]


def test_without_a_recruiter_channel_the_contact_is_named(served, fake_slack: FakeSlack) -> None:
    url, bot = served
    _, answer = ask(fake_slack, url, "C1", "nothing about dogs?")
    button = find_action(answer["blocks"], "ask_recruiter")
    click = block_action(
        button, user="U1", channel="C1", message=answer, response_url=fake_slack.response_url("r")
    )
    assert deliver_action(url, click, SIGNING_SECRET).status_code == 200
    assert "jobs@example.com" in fake_slack.wait_for_response("r")[0]["text"]
    assert [row.outcome for row in bot.services.feedback.report()] == ["abstained"]


def test_ambiguous_answer_offers_one_button_per_posting(served, fake_slack, scripted_answerer):
    url, _ = served
    message, answer = ask(fake_slack, url, "C2", "which role pays most?")
    pick = find_action(answer["blocks"], "pick_posting_1")
    click = block_action(
        pick, user="U1", channel="C2", message=answer, response_url=fake_slack.response_url("p")
    )
    assert deliver_action(url, click, SIGNING_SECRET).status_code == 200
    fake_slack.wait_for(
        "chat.postMessage", count=2, where=lambda p: p.get("thread_ts") == message["ts"]
    )
    assert scripted_answerer.asked[-1]["posting_uid"] == "s:b"


def test_an_edit_of_an_unanswered_message_changes_nothing(served, fake_slack) -> None:
    url, _ = served
    message = fake_slack.add_user_message("C3", "just chatting", "U1")
    edited = {**message, "text": "still chatting", "edited": {"ts": "9.0"}}
    change = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C3",
        "channel_type": "channel",
        "message": edited,
        "previous_message": message,
    }
    assert deliver_event(url, event_callback(change), SIGNING_SECRET).status_code == 200
    fake_slack.wait_for("conversations.replies")  # looked for an answer of ours, found none
    assert fake_slack.calls("chat.update") == []
