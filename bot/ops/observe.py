"""One-line hooks for the Slack code: observe a question, count Slack API failures.

with observe_question(question.text, channel=question.channel) as observed:
    answer = services.ask(...)
    observed.outcome = answer.outcome

WebClient(..., retry_handlers=[SlackApiMetrics(), *the_retrying_handlers])
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from slack_sdk.http_retry.handler import RetryHandler

from bot.ops import metrics
from bot.ops.logging import request_context

log = logging.getLogger("careers_bot.questions")


@dataclass
class ObservedQuestion:
    request_id: str
    outcome: str = ""  # set by the caller once the answer is known


@contextmanager
def observe_question(text: str, **fields: Any) -> Iterator[ObservedQuestion]:
    """A request id for every log line of the question, its outcome and latency as metrics.

    An exception counts as outcome `error` and propagates. The text is logged under `question`,
    which the JSON formatter redacts unless message logging is enabled.
    """
    with request_context() as request_id:
        observed = ObservedQuestion(request_id)
        started = time.perf_counter()
        log.info("question received", extra={"question": text, **fields})
        try:
            yield observed
        except BaseException:
            seconds = time.perf_counter() - started
            metrics.record_question("error", seconds)
            log.error("question failed", extra={"seconds": round(seconds, 3), **fields})
            raise
        seconds = time.perf_counter() - started
        outcome = str(observed.outcome or "error")
        metrics.record_question(outcome, seconds)
        log.info(
            "question answered", extra={"outcome": outcome, "seconds": round(seconds, 3), **fields}
        )


class SlackApiMetrics(RetryHandler):
    """Counts failed and rate-limited Web API calls; never retries itself, so put it first."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=0)

    def can_retry(
        self, *, state: Any, request: Any, response: Any = None, error: Any = None
    ) -> bool:
        method = urlsplit(getattr(request, "url", "") or "").path.rsplit("/", 1)[-1] or "unknown"
        status = getattr(response, "status_code", None)
        body = getattr(response, "body", None) or {}
        if status == 429:
            metrics.record_slack_rate_limit(method)
        elif error is not None or (status or 200) >= 400 or body.get("ok") is False:
            metrics.record_slack_error(method)
        return False

    def _can_retry(self, **_: Any) -> bool:
        return False
