"""Incremental updates: replay a site's edit history commit by commit, re-indexing after each.

Per commit: the chunk texts the build embedded, and those that changed: distinct embedded texts
the previous index did not have anywhere (a copy of an existing text, or a second chunk with the
same new text, needs no embedding); and the time to update (incremental build + index reload).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path


def run(config: dict) -> dict:
    from bot.bench.embedders import CountingEmbedder
    from index.build import build_index
    from index.embeddings import load_embedder
    from index.errors import NothingIndexedError
    from index.replay import replay_history
    from index.search import load_index
    from index.sources.hugo import HugoSource

    site_dir, index_dir = Path(config["site"]), Path(config["index_dir"])
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(index_dir, ignore_errors=True)
    embedder = CountingEmbedder(load_embedder())
    previous: set[str] = set()
    commits = []
    for n, commit in enumerate(replay_history(Path(config["history"]), site_dir)):
        if config.get("limit") and n >= config["limit"]:
            break
        started = time.perf_counter()
        try:
            report = build_index([HugoSource(site_dir)], index_dir, embedder)
        except NothingIndexedError:
            continue
        built = time.perf_counter()
        loaded = load_index(index_dir, embedder.inner)
        finished = time.perf_counter()
        texts = [chunk.embedding_text() for chunk in loaded.chunks]
        commits.append(
            {
                "commit": commit.id[:10],
                "files": len(commit.changes),
                "postings": report.postings,
                "chunks": report.chunks,
                "embedded": len(embedder.take()),
                "changed": len({text for text in texts if text not in previous}),
                "build_s": built - started,
                "update_s": finished - started,
            }
        )
        previous = set(texts)
    return summarize(commits)


def summarize(commits: list[dict]) -> dict:
    """Totals over the replay; the first commit (a build from nothing) is kept apart."""
    later = commits[1:]
    mismatched = [c for c in later if c["embedded"] != c["changed"]]
    return {
        "commits": len(commits),
        "embedded": sum(c["embedded"] for c in later),
        "changed": sum(c["changed"] for c in later),
        "mismatched_commits": len(mismatched),
        "examples": mismatched[:5],
        "update_ms": [c["update_s"] * 1000 for c in later],
        "per_commit": commits,
    }
