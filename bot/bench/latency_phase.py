"""Answer latency on the real corpus: the questions of the eval file, in a fresh process."""

from __future__ import annotations

import time
from pathlib import Path


def run(config: dict) -> dict:
    from bot.answer.engine import Answerer
    from bot.bench.latency import measure_latency, read_qa_questions
    from index.build import build_index
    from index.embeddings import load_embedder
    from index.search import load_index
    from index.sources.hugo import HugoSource

    index_dir = Path(config["index_dir"])
    embedder = load_embedder()
    started = time.perf_counter()
    report = build_index([HugoSource(Path(site)) for site in config["sites"]], index_dir, embedder)
    build_s = time.perf_counter() - started
    loaded = load_index(index_dir, embedder)
    questions = read_qa_questions(Path(config["qa"]), config.get("limit"))
    known_sites = {meta.site for meta in loaded.postings.values()}
    questions = [q for q in questions if q.site is None or q.site in known_sites]
    latency = measure_latency(Answerer(loaded), embedder, questions, index=loaded)
    return {
        "postings": report.postings,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "build_s": build_s,
        "answer": vars(latency.answer),
        "embedding": vars(latency.embedding),
        "answer_ms": latency.answer_ms,
        "embedding_ms": latency.embedding_ms,
        "outcomes": latency.outcomes,
    }
