"""What every listener needs: the answerer, the stores, the rate limit and the worker pool."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.answer.models import Answer
from bot.settings import BotSettings
from bot.slack.rate_limit import RateLimiter
from bot.slack.roles import Role, open_roles
from bot.state.dedup import DedupStore
from bot.state.feedback import FeedbackStore

logger = logging.getLogger("careers_bot.slack")


class AnswererLike(Protocol):
    def ask(
        self,
        question: str,
        history: list[str] = ...,
        *,
        include_drafts: bool = False,
        sites: list[str] | None = None,
        posting_uid: str | None = None,
    ) -> Answer: ...


@dataclass
class BotServices:
    settings: BotSettings
    answerer: AnswererLike
    index_provider: Callable[[], Any] | None
    dedup: DedupStore
    feedback: FeedbackStore
    limiter: RateLimiter
    pool: ThreadPoolExecutor
    include_drafts_everywhere: bool = False
    home_users: set[str] = field(default_factory=set)
    _home_lock: threading.Lock = field(default_factory=threading.Lock)

    def include_drafts(self, channel: str) -> bool:
        """Internal (recruiter) channels see drafts and expired postings; everyone else doesn't."""
        return self.include_drafts_everywhere or channel in self.settings.internal_channels

    def ask(
        self, question: str, history: list[str], channel: str, posting_uid: str | None = None
    ) -> Answer:
        drafts = self.include_drafts(channel)
        return self.answerer.ask(
            question,
            history,
            include_drafts=drafts,
            posting_uid=posting_uid if posting_uid and self._may_see(posting_uid, drafts) else None,
        )

    def _may_see(self, posting_uid: str, drafts: bool) -> bool:
        """A picked posting is re-checked: a button can never show a draft outside its audience."""
        if drafts or self.index_provider is None:
            return True
        meta = self.index_provider().postings.get(posting_uid)
        return meta is not None and str(meta.visibility) == "published"

    def roles(self, channel: str = "") -> list[Role]:
        if self.index_provider is None:
            return []
        return open_roles(self.index_provider(), include_drafts=self.include_drafts(channel))

    def claim(self, key: str) -> bool:
        """True once per key across retries and duplicate deliveries (and replicas, if shared)."""
        return self.dedup.claim(key)

    def submit(self, work: Callable[..., None], *args: Any) -> Future:
        """Run after the ack, on the bounded answering pool; failures are logged, never lost."""
        future = self.pool.submit(work, *args)
        future.add_done_callback(_log_failure)
        return future

    def remember_home_user(self, user: str) -> None:
        with self._home_lock:
            self.home_users.add(user)

    def known_home_users(self) -> list[str]:
        with self._home_lock:
            return sorted(self.home_users)


def _log_failure(future: Future) -> None:
    error = future.exception()
    if error is not None:
        logger.error("background work failed", exc_info=error)
