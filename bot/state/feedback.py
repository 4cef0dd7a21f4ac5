"""Questions, answers and votes in SQLite, for `careers-bot report` and for edits of a question.

The asking user's id is stored only as a salted SHA-256 hash. The salt comes from the settings, or
is made once and kept in the database, so hashes stay comparable across restarts.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
    key TEXT PRIMARY KEY, asked_at REAL NOT NULL, channel TEXT NOT NULL, user_hash TEXT NOT NULL,
    question TEXT NOT NULL, outcome TEXT NOT NULL, sources TEXT NOT NULL, answer_ts TEXT
);
CREATE TABLE IF NOT EXISTS votes (
    key TEXT NOT NULL, user_hash TEXT NOT NULL, vote INTEGER NOT NULL, voted_at REAL NOT NULL,
    PRIMARY KEY (key, user_hash)
);
"""
UNANSWERED_OUTCOMES = ("abstained", "not_stated", "error")


@dataclass(frozen=True)
class QuestionRecord:
    key: str
    channel: str
    user: str
    question: str
    outcome: str
    sources: list[str]
    answer_ts: str = ""


@dataclass(frozen=True)
class ReportRow:
    asked_at: float
    channel: str
    user_hash: str
    question: str
    outcome: str
    sources: list[str]
    vote: str  # "down", "up", or "" when nobody voted


class FeedbackStore:
    def __init__(self, path: Path | str, salt: str | None = None) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._db:
            if str(path) != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        self._salt = salt or self._stored_salt()

    def _stored_salt(self) -> str:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),)
            )
            return self._db.execute("SELECT value FROM meta WHERE name='salt'").fetchone()[0]

    def hash_user(self, user_id: str) -> str:
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()[:16]

    def record_question(self, record: QuestionRecord) -> None:
        row = (
            record.key,
            time.time(),
            record.channel,
            self.hash_user(record.user),
            record.question,
            record.outcome,
            json.dumps(record.sources),
            record.answer_ts or None,
        )
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE "
                "SET question=excluded.question, outcome=excluded.outcome, "
                "sources=excluded.sources, answer_ts=COALESCE(excluded.answer_ts, answer_ts)",
                row,
            )

    def answer_ts(self, key: str) -> str:
        with self._lock:
            row = self._db.execute("SELECT answer_ts FROM questions WHERE key=?", (key,)).fetchone()
        return row[0] if row and row[0] else ""

    def record_vote(self, key: str, user_id: str, vote: str) -> None:
        value = {"up": 1, "down": -1}[vote]
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT(key, user_hash) DO UPDATE "
                "SET vote=excluded.vote, voted_at=excluded.voted_at",
                (key, self.hash_user(user_id), value, time.time()),
            )

    def votes(self, key: str) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT vote FROM votes WHERE key=?", (key,)).fetchall()
        return {"up": sum(v == 1 for (v,) in rows), "down": sum(v == -1 for (v,) in rows)}

    def report(self, *, since: float = 0.0) -> list[ReportRow]:
        """Unanswered and downvoted questions, newest first: what recruiters should improve."""
        placeholders = ",".join("?" * len(UNANSWERED_OUTCOMES))
        query = f"""
            SELECT q.asked_at, q.channel, q.user_hash, q.question, q.outcome, q.sources,
                   COALESCE(SUM(v.vote = -1), 0), COALESCE(SUM(v.vote = 1), 0)
            FROM questions q LEFT JOIN votes v ON v.key = q.key
            WHERE q.asked_at >= ?
            GROUP BY q.key
            HAVING q.outcome IN ({placeholders}) OR SUM(v.vote = -1) > 0
            ORDER BY q.asked_at DESC"""
        with self._lock:
            rows = self._db.execute(query, (since, *UNANSWERED_OUTCOMES)).fetchall()
        return [_report_row(row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _report_row(row: tuple) -> ReportRow:
    asked_at, channel, user_hash, question, outcome, sources, downs, ups = row
    vote = "down" if downs else ("up" if ups else "")
    return ReportRow(asked_at, channel, user_hash, question, outcome, json.loads(sources), vote)
