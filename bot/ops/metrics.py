"""Prometheus metrics of a running bot, with one small function per thing worth recording.

The metric objects live in the default registry, so `/metrics` also carries the process metrics
(memory, CPU, open files) that prometheus-client collects out of the box.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

from bot.answer.models import Outcome

QUESTIONS = Counter(
    "careers_bot_questions",
    "Questions answered, by outcome (answered, not_stated, abstained, listing, ambiguous, error).",
    ["outcome"],
)
ANSWER_SECONDS = Histogram(
    "careers_bot_answer_seconds",
    "Time from question to answer, in seconds.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0),
)
INDEX_POSTINGS = Gauge("careers_bot_index_postings", "Postings in the loaded index.")
INDEX_CHUNKS = Gauge("careers_bot_index_chunks", "Chunks in the loaded index.")
INDEX_BUILT = Gauge(
    "careers_bot_index_built_timestamp_seconds", "Unix time the loaded index was built."
)
INDEX_AGE = Gauge("careers_bot_index_age_seconds", "Seconds since the loaded index was built.")
INDEX_SWAPS = Counter(
    "careers_bot_index_swaps",
    "New index generations seen by the hot swap, by result (swapped, refused).",
    ["result"],
)
SLACK_API_ERRORS = Counter(
    "careers_bot_slack_api_errors", "Failed Slack Web API calls, by method.", ["method"]
)
SLACK_RATE_LIMITS = Counter(
    "careers_bot_slack_rate_limits", "Slack Web API calls answered with 429, by method.", ["method"]
)
FEEDBACK_VOTES = Counter("careers_bot_feedback_votes", "Feedback button votes, by vote.", ["vote"])

for _outcome in Outcome:  # every outcome is exported from the start, at 0
    QUESTIONS.labels(outcome=str(_outcome))

_built_at: list[float] = []  # set once an index is recorded; the age gauge reads it at scrape time
INDEX_AGE.set_function(lambda: time.time() - _built_at[-1] if _built_at else float("nan"))


def record_question(outcome: str, seconds: float) -> None:
    QUESTIONS.labels(outcome=str(outcome)).inc()
    ANSWER_SECONDS.observe(seconds)


def record_index(postings: int, chunks: int, manifest: Mapping[str, Any] | None = None) -> None:
    INDEX_POSTINGS.set(postings)
    INDEX_CHUNKS.set(chunks)
    built_at = built_timestamp(manifest or {})
    if built_at is not None:
        INDEX_BUILT.set(built_at)
        _built_at[:] = [built_at]


def record_loaded_index(index: Any) -> None:
    """Gauges from a `LoadedIndex` (postings, chunks, manifest)."""
    record_index(len(index.postings), len(index.chunks), getattr(index, "manifest", None))


def record_index_swap(swapped: bool) -> None:
    INDEX_SWAPS.labels(result="swapped" if swapped else "refused").inc()


def record_slack_error(method: str) -> None:
    SLACK_API_ERRORS.labels(method=method).inc()


def record_slack_rate_limit(method: str) -> None:
    SLACK_RATE_LIMITS.labels(method=method).inc()


def record_feedback(vote: str) -> None:
    FEEDBACK_VOTES.labels(vote=vote).inc()


def built_timestamp(manifest: Mapping[str, Any]) -> float | None:
    """The manifest's `built_at` (Unix seconds or ISO 8601) as Unix seconds."""
    value = manifest.get("built_at")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value:
        from datetime import UTC, datetime

        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    return None
