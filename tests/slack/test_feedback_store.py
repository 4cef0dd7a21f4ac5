"""The SQLite store of questions and votes behind `careers-bot report`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.state.feedback import FeedbackStore, QuestionRecord


def record(key: str, outcome: str = "answered", user: str = "U1") -> QuestionRecord:
    return QuestionRecord(
        key=key,
        channel="C1",
        user=user,
        question=f"q {key}",
        outcome=outcome,
        sources=["https://x.test/a/#pay"],
        answer_ts="9.1",
    )


def test_report_lists_unanswered_and_downvoted_only(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "bot.sqlite3", salt="pepper")
    store.record_question(record("C1:1", "answered"))
    store.record_question(record("C1:2", "abstained"))
    store.record_question(record("C1:3", "answered"))
    store.record_question(record("C1:4", "answered"))
    store.record_vote("C1:3", "U7", "down")
    store.record_vote("C1:4", "U7", "up")
    rows = {row.question: row for row in store.report()}
    assert set(rows) == {"q C1:2", "q C1:3"}
    assert rows["q C1:3"].vote == "down" and rows["q C1:2"].outcome == "abstained"
    assert rows["q C1:3"].sources == ["https://x.test/a/#pay"]


def test_a_user_votes_once_per_answer(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "bot.sqlite3", salt="pepper")
    store.record_question(record("C1:1"))
    store.record_vote("C1:1", "U7", "down")
    store.record_vote("C1:1", "U7", "up")
    assert store.votes("C1:1") == {"up": 1, "down": 0}


def test_user_ids_are_stored_only_as_salted_hashes(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = FeedbackStore(path)
    store.record_question(record("C1:1", user="U0SECRET"))
    store.record_vote("C1:1", "U0SECRET", "down")
    store.close()
    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert "U0SECRET" not in dump
    again = FeedbackStore(path)  # the generated salt is kept: hashes stay comparable
    assert again.hash_user("U0SECRET") == again.report()[0].user_hash
    assert FeedbackStore(tmp_path / "other.sqlite3").hash_user("U0SECRET") != again.hash_user(
        "U0SECRET"
    )


def test_answer_ts_is_kept_for_edits(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "bot.sqlite3")
    store.record_question(record("C1:1"))
    assert store.answer_ts("C1:1") == "9.1"
    assert store.answer_ts("C1:2") == ""
