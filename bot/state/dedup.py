"""Exactly-once replies: a store that lets one worker claim a key (an event or message id).

The in-process store serves one replica; the deploy issue adds stores shared between replicas
(SQLite for one host, Redis / PostgreSQL for several), selected by URL in `dedup_store_from_url`.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class DedupStore(Protocol):
    def claim(self, key: str, ttl_seconds: int = 3600) -> bool:
        """True for the first caller of `key` within the TTL, False for every later one."""
        ...


class MemoryDedupStore:
    def __init__(self, max_keys: int = 100_000) -> None:
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def claim(self, key: str, ttl_seconds: int = 3600) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._expiry.get(key, 0.0) > now:
                return False
            if len(self._expiry) >= self._max_keys:
                self._evict_expired(now)
            self._expiry[key] = now + ttl_seconds
            return True

    def _evict_expired(self, now: float) -> None:
        for key in [k for k, expiry in self._expiry.items() if expiry <= now]:
            del self._expiry[key]
        if len(self._expiry) >= self._max_keys:  # all still live: drop the oldest half
            for key in sorted(self._expiry, key=self._expiry.__getitem__)[: self._max_keys // 2]:
                del self._expiry[key]


def dedup_store_from_url(url: str = "memory://") -> DedupStore:
    if url.startswith("memory:"):
        return MemoryDedupStore()
    from index.errors import ConfigError

    raise ConfigError(f"unsupported dedup store URL {url!r} (use memory://)")
