"""JSON logs: one object a line, the request id of the question, message text only when enabled."""

from __future__ import annotations

import json
import logging

import pytest

from bot.ops.logging import JsonFormatter, configure_logging, request_context


def format_line(formatter: JsonFormatter, message: str, **extra: object) -> dict:
    record = logging.makeLogRecord({"name": "careers_bot.test", "levelname": "INFO"})
    record.msg = message
    record.__dict__.update(extra)
    return json.loads(formatter.format(record))


def test_request_id_is_attached_inside_the_context() -> None:
    formatter = JsonFormatter()
    with request_context() as request_id:
        inside = format_line(formatter, "answered", outcome="answered")
    outside = format_line(formatter, "idle")
    assert inside["request_id"] == request_id and len(request_id) == 16
    assert inside["outcome"] == "answered" and inside["level"] == "info"
    assert "request_id" not in outside


def test_nested_contexts_restore_the_outer_id() -> None:
    with request_context("outer"), request_context("inner") as inner:
        assert inner == "inner"
    with request_context("outer") as outer:
        with request_context("inner"):
            pass
        assert format_line(JsonFormatter(), "x")["request_id"] == outer


def test_message_text_is_redacted_by_default() -> None:
    line = format_line(JsonFormatter(), "question received", question="What is the salary?")
    assert "What is the salary?" not in json.dumps(line)
    assert line["question_chars"] == len("What is the salary?")


def test_message_text_is_logged_when_enabled() -> None:
    line = format_line(JsonFormatter(log_messages=True), "q", question="Is it remote?")
    assert line["question"] == "Is it remote?"


def test_configure_logging_writes_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_logging(json_logs=True, level="INFO")
        with request_context("abc123"):
            logging.getLogger("careers_bot.test").warning("slow answer", extra={"seconds": 4.2})
        line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        assert line == line | {"request_id": "abc123", "seconds": 4.2, "message": "slow answer"}
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
