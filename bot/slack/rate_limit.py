"""A per-user sliding-window rate limit on questions (in process: each replica counts its own)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class RateLimiter:
    def __init__(self, per_minute: int, window_seconds: float = 60.0) -> None:
        self.per_minute = per_minute
        self._window = window_seconds
        self._asked: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, user: str) -> bool:
        """Count a question by `user`; False when they already asked `per_minute` in the window."""
        now = time.monotonic()
        with self._lock:
            times = self._asked[user]
            while times and times[0] <= now - self._window:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            return True
