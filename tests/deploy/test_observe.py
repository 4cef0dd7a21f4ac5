"""The hooks the Slack code calls: question outcome/latency/request id, Slack API failure counts."""

from __future__ import annotations

import json
import logging

import pytest
from prometheus_client import REGISTRY
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.ops.logging import JsonFormatter
from bot.ops.observe import SlackApiMetrics, observe_question
from bot.slack.testing import FakeSlack, Fault


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class JsonLines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def json_lines():
    handler = JsonLines()
    logger = logging.getLogger("careers_bot.questions")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)


def test_observed_question_records_outcome_latency_and_request_id(json_lines) -> None:
    answered = value("careers_bot_questions_total", outcome="not_stated")
    count = value("careers_bot_answer_seconds_count")
    with observe_question("What is the salary?", channel="C1") as observed:
        observed.outcome = "not_stated"
    assert value("careers_bot_questions_total", outcome="not_stated") == answered + 1
    assert value("careers_bot_answer_seconds_count") == count + 1
    received, done = json_lines
    assert received["request_id"] == done["request_id"] == observed.request_id
    assert done["outcome"] == "not_stated" and done["channel"] == "C1"
    assert "What is the salary?" not in json.dumps(json_lines)
    assert received["question_chars"] == len("What is the salary?")


def test_a_failing_question_counts_as_error(json_lines) -> None:
    errors = value("careers_bot_questions_total", outcome="error")
    with pytest.raises(RuntimeError), observe_question("Is it remote?"):
        raise RuntimeError("index gone")
    assert value("careers_bot_questions_total", outcome="error") == errors + 1
    assert json_lines[-1]["message"] == "question failed"


def test_slack_api_failures_are_counted() -> None:
    with FakeSlack() as slack:
        client = WebClient(
            token="xoxb-test",
            base_url=slack.api_url,
            retry_handlers=[
                SlackApiMetrics(),
                RateLimitErrorRetryHandler(max_retry_count=2),
                ServerErrorRetryHandler(max_retry_count=2),
            ],
        )
        limited = value("careers_bot_slack_rate_limits_total", method="chat.postMessage")
        failed = value("careers_bot_slack_api_errors_total", method="chat.postMessage")
        slack.fail_next("chat.postMessage", Fault(status=429, retry_after=0), Fault(status=500))
        client.chat_postMessage(channel="C1", text="hello")  # retried until it succeeds
        assert value("careers_bot_slack_rate_limits_total", method="chat.postMessage") == (
            limited + 1
        )
        assert value("careers_bot_slack_api_errors_total", method="chat.postMessage") == failed + 1
        assert len(slack.calls("chat.postMessage")) == 3


def test_unreachable_slack_counts_as_an_error(unused_port: int) -> None:
    client = WebClient(
        token="xoxb-test",
        base_url=f"http://127.0.0.1:{unused_port}/api/",
        retry_handlers=[SlackApiMetrics()],
        timeout=2,
    )
    before = value("careers_bot_slack_api_errors_total", method="auth.test")
    with pytest.raises((SlackApiError, OSError)):
        client.auth_test()
    assert value("careers_bot_slack_api_errors_total", method="auth.test") == before + 1
