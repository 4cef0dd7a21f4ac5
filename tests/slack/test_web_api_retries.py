"""The bot's Web API client against the fake Slack: 429 after Retry-After, 5xx with backoff."""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError

from bot.slack.app import make_web_client
from bot.slack.testing import FakeSlack, Fault


def test_rate_limited_call_is_retried_after_retry_after(fake_slack: FakeSlack, http_settings):
    client = make_web_client(http_settings)
    fake_slack.fail_next("chat.postMessage", Fault(status=429, retry_after=1))
    started = time.monotonic()
    response = client.chat_postMessage(channel="C1", text="hi")
    assert response["ok"]
    assert time.monotonic() - started >= 1.0
    assert [c.status for c in fake_slack.calls("chat.postMessage")] == [429, 200]


def test_server_errors_are_retried_with_backoff(fake_slack: FakeSlack, http_settings):
    client = make_web_client(http_settings)
    fake_slack.fail_next("chat.update", Fault(status=500), Fault(status=503))
    fake_slack.fail_next("chat.postMessage", *[Fault(status=500)] * 10)
    message = fake_slack.add_user_message("C1", "x", "U1")
    assert client.chat_update(channel="C1", ts=message["ts"], text="y")["ok"]
    assert [c.status for c in fake_slack.calls("chat.update")] == [500, 503, 200]
    with pytest.raises(SlackApiError):  # gives up after a bounded number of retries
        client.chat_postMessage(channel="C1", text="hi")
    assert len(fake_slack.calls("chat.postMessage")) == 4


def test_slow_answers_are_waited_for(fake_slack: FakeSlack, http_settings):
    fake_slack.slow_down("views.publish", 0.5)
    started = time.monotonic()
    assert make_web_client(http_settings).views_publish(user_id="U1", view={"type": "home"})["ok"]
    assert time.monotonic() - started >= 0.5
