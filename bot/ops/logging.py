"""Structured JSON logs: one object per line, a request id per question, no message text by default.

Code logs a question's text through the `extra` fields in `MESSAGE_FIELDS`; the formatter replaces
them with their length unless message logging was enabled (`configure_logging(log_messages=True)`),
so a forgotten flag can never leak what people asked.
"""

from __future__ import annotations

import json
import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

MESSAGE_FIELDS = frozenset({"question", "message_text", "answer_text", "history"})
request_id_var: ContextVar[str] = ContextVar("careers_bot_request_id", default="")

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextmanager
def request_context(request_id: str | None = None) -> Iterator[str]:
    """Every log line inside the block carries `request_id` (threads: enter it in the worker)."""
    token = request_id_var.set(request_id or new_request_id())
    try:
        yield request_id_var.get()
    finally:
        request_id_var.reset(token)


class JsonFormatter(logging.Formatter):
    def __init__(self, *, log_messages: bool = False) -> None:
        super().__init__()
        self.log_messages = log_messages

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRS and key != "request_id":
                entry.update(self._field(key, value))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    def _field(self, key: str, value: object) -> dict[str, object]:
        if key in MESSAGE_FIELDS and not self.log_messages:
            return {f"{key}_chars": len(value) if isinstance(value, str | list) else None}
        return {key: value}


def configure_logging(
    *, json_logs: bool = True, level: str | int = "INFO", log_messages: bool = False
) -> None:
    """Route the root logger to stderr, as JSON lines (production) or plain text (a terminal)."""
    handler = logging.StreamHandler(sys.stderr)
    if json_logs:
        handler.setFormatter(JsonFormatter(log_messages=log_messages))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
