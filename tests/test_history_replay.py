"""Replays the real edit history of a careers site and re-indexes along the way (issue 2).

Every commit is written to the folder; the index is rebuilt after the first commits, after every
commit that deletes a posting, and at intervals in between (the benchmark re-indexes after every
commit). Each rebuild must embed exactly the chunks that changed since the last one (chunk texts
the index did not have), all of them from postings that changed, and nothing of deleted postings
may remain.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from index.build import build_index
from index.chunking import chunk_posting
from index.replay import read_history, replay_history
from index.search import load_index
from index.sources.hugo import HugoSource

EVERY_COMMIT_AT_FIRST = 8
THEN_EVERY = 25


class RecordingEmbedder:
    """The real model, remembering what each build asked to embed (and caching by text, so a
    text that comes back in a later commit costs nothing the second time)."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.cache: dict[str, np.ndarray] = {}
        self.asked: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.asked.extend(texts)
        new = [text for text in dict.fromkeys(texts) if text not in self.cache]
        self.cache.update(zip(new, self.inner.encode(new), strict=True))
        return np.stack([self.cache[text] for text in texts]).astype(np.float32)


@pytest.fixture(scope="module")
def history(corpus_dir):
    return corpus_dir / "safespring-history.jsonl"


def rebuild_points(history) -> set[str]:
    commits = [commit for commit, _ in read_history(history)]
    deleting = {c.id for c in commits if any(ch.status == "D" for ch in c.changes)}
    regular = {
        c.id for n, c in enumerate(commits) if n < EVERY_COMMIT_AT_FIRST or n % THEN_EVERY == 0
    }
    return deleting | regular | {commits[-1].id}


def test_replaying_history_embeds_exactly_the_changed_postings(tmp_path, history, embedder):
    site, index_dir = tmp_path / "site", tmp_path / "index"
    recorder = RecordingEmbedder(embedder)
    points = rebuild_points(history)
    indexed: dict[str, str] = {}  # uid -> content hash at the last rebuild
    indexed_texts: set[str] = set()
    rebuilds = deletions = 0
    for commit in replay_history(history, site, base_url="https://jobs.example.org/"):
        if commit.id not in points:
            continue
        postings = HugoSource(site).read().postings
        chunks = {p.uid: chunk_posting(p) for p in postings}
        texts = [c.embedding_text() for p in postings for c in chunks[p.uid]]
        new_texts = [text for text in texts if text not in indexed_texts]
        changed = [p for p in postings if indexed.get(p.uid) != p.content_hash()]
        changed_texts = {c.embedding_text() for p in changed for c in chunks[p.uid]}
        gone = set(indexed) - {p.uid for p in postings}

        recorder.asked.clear()
        report = build_index([HugoSource(site)], index_dir, recorder)

        assert Counter(recorder.asked) == Counter(set(new_texts)), commit.id
        assert set(recorder.asked) <= changed_texts
        assert (report.embedded, report.reused) == (len(new_texts), len(texts) - len(new_texts))
        assert set(report.deleted) == gone
        index = load_index(index_dir, embedder)
        assert set(index.postings) == {p.uid for p in postings}
        assert not gone & {chunk.posting_uid for chunk in index.chunks}
        indexed = {p.uid: p.content_hash() for p in postings}
        indexed_texts = set(texts)
        rebuilds += 1
        deletions += len(gone)
    assert rebuilds >= EVERY_COMMIT_AT_FIRST and deletions >= 1
