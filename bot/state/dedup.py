"""Exactly-once replies: a store that lets one worker claim a key (an event or message id).

The in-process store serves one replica; the deploy issue adds stores shared between replicas
(SQLite for one host, Redis / PostgreSQL for several), selected by URL in `dedup_store_from_url`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from index.errors import ConfigError


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


class SQLiteDedupStore:
    """One host, any number of processes: the claim is an INSERT OR IGNORE in one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._claims = 0
        self._conn = sqlite3.connect(
            self.path, timeout=30, isolation_level=None, check_same_thread=False
        )
        _retry_while_locked(lambda: self._conn.execute("PRAGMA journal_mode=WAL"))
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS dedup (key TEXT PRIMARY KEY, expires_at REAL NOT NULL)"
        )

    def claim(self, key: str, ttl_seconds: int = 3600) -> bool:
        now = time.time()
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute(
                    "DELETE FROM dedup WHERE key = ? AND expires_at <= ?", (key, now)
                )
                inserted = self._conn.execute(
                    "INSERT OR IGNORE INTO dedup (key, expires_at) VALUES (?, ?)",
                    (key, now + ttl_seconds),
                ).rowcount
                self._purge_now_and_then(now)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return inserted == 1

    def _purge_now_and_then(self, now: float) -> None:
        self._claims += 1
        if self._claims % 1000 == 0:
            self._conn.execute("DELETE FROM dedup WHERE expires_at <= ?", (now,))

    def close(self) -> None:
        self._conn.close()


class RedisDedupStore:
    """Several replicas: `SET key 1 NX EX ttl` is atomic on the server, and Redis expires keys."""

    def __init__(self, url: str, prefix: str = "careers-bot:dedup:") -> None:
        import redis

        self._client = redis.Redis.from_url(url, socket_timeout=5, health_check_interval=30)
        self._prefix = prefix

    def claim(self, key: str, ttl_seconds: int = 3600) -> bool:
        return bool(self._client.set(self._prefix + key, b"1", nx=True, ex=max(1, ttl_seconds)))

    def close(self) -> None:
        self._client.close()


_PG_TABLE = "careers_bot_dedup"
# ON CONFLICT ... WHERE: one atomic statement that also lets an expired key be claimed again.
_PG_CLAIM = f"""
INSERT INTO {_PG_TABLE} (key, expires_at) VALUES (%s, now() + make_interval(secs => %s))
ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at
WHERE {_PG_TABLE}.expires_at <= now()
RETURNING key
"""


class PostgresDedupStore:
    """Several replicas sharing a PostgreSQL database: the claim is one INSERT ... ON CONFLICT."""

    def __init__(self, url: str) -> None:
        import psycopg

        self._psycopg = psycopg
        self._url = url
        self._lock = threading.Lock()
        self._conn = self._connect()
        self._claims = 0

    def _connect(self) -> Any:  # a psycopg.Connection; psycopg is an optional dependency
        conn = self._psycopg.connect(self._url, autocommit=True, connect_timeout=10)
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {_PG_TABLE} "
            "(key TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL)"
        )
        return conn

    def claim(self, key: str, ttl_seconds: int = 3600) -> bool:
        with self._lock:
            if self._conn.closed:
                self._conn = self._connect()
            row = self._conn.execute(_PG_CLAIM, (key, ttl_seconds)).fetchone()
            self._claims += 1
            if self._claims % 1000 == 0:
                self._conn.execute(f"DELETE FROM {_PG_TABLE} WHERE expires_at <= now()")
        return row is not None

    def close(self) -> None:
        self._conn.close()


def _retry_while_locked(statement, seconds: float = 30.0) -> None:
    """Switching to WAL needs a moment alone with the file; the busy timeout doesn't cover it
    when another process opens the same database at the same instant."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def dedup_store_from_url(url: str = "memory://") -> DedupStore:
    """`memory://`, `sqlite:///relative.db` or `sqlite:////absolute.db`, `redis://host:6379/0`
    (or `rediss://`), `postgresql://user:pass@host/db` (or `postgres://`)."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "memory":
        return MemoryDedupStore()
    if scheme == "sqlite" and url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return SQLiteDedupStore(url[len("sqlite:///") :])
    if scheme in ("redis", "rediss", "unix"):
        return RedisDedupStore(url)
    if scheme in ("postgresql", "postgres"):
        return PostgresDedupStore(url)
    raise ConfigError(
        f"unsupported dedup store URL {url!r} "
        "(use memory://, sqlite:///path, redis://host:port/db or postgresql://host/db)"
    )
