"""Scale: synthetic corpora of growing size; build time, size on disk, peak RSS, answer latency,
recall@10 of the approximate index, and how fast one edited posting goes live.

Each size runs in two fresh processes (build, then serve), each reporting its own peak RSS.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bot.bench.child import peak_rss_mb, run_child
from bot.bench.results import Percentiles, Plan, ScaleRow


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def build_phase(config: dict) -> dict:
    from bot.bench.embedders import CachingEmbedder
    from bot.bench.synthetic import write_site
    from index.build import build_index
    from index.embeddings import load_embedder
    from index.sources.hugo import HugoSource

    site_dir, index_dir = Path(config["site"]), Path(config["index_dir"])
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(index_dir, ignore_errors=True)
    site = write_site(site_dir, config["size"], seed=config.get("seed", 7))
    embedder = load_embedder()
    if config.get("cache"):
        embedder = CachingEmbedder(
            embedder, Path(config["cache"]), budget_s=config.get("embed_budget_s")
        )
    started = time.perf_counter()
    report = build_index([HugoSource(site_dir)], index_dir, embedder)
    build_s = time.perf_counter() - started
    return {
        "postings": report.postings,
        "words": site.words,
        "languages": site.languages,
        "chunks": report.chunks,
        "embedded": getattr(embedder, "misses", report.embedded),
        "cache_hits": getattr(embedder, "hits", 0),
        "stand_ins": getattr(embedder, "stand_ins", 0),
        "embed_s": getattr(embedder, "embed_s", 0.0),
        "vector_kind": report.vector_index,
        "build_s": build_s,
        "index_mb": folder_mb(index_dir),
        "peak_rss_mb": peak_rss_mb(),
    }


def serve_phase(config: dict) -> dict:
    """Load the index as `serve` would, answer synthetic questions, then measure recall and an
    edit going live (after the peak RSS of serving was taken)."""
    from bot.answer.engine import Answerer
    from bot.bench.latency import Question, measure_latency
    from bot.bench.recall import find_vector_index, measure_recall
    from bot.bench.synthetic import synthetic_questions
    from index.embeddings import load_embedder
    from index.search import load_index

    index_dir = Path(config["index_dir"])
    embedder = load_embedder()
    loaded = load_index(index_dir, embedder)
    answerer = Answerer(loaded)
    texts = synthetic_questions(config["questions"] + config["recall_queries"])
    questions = [Question(text, include_drafts=True) for text in texts[: config["questions"]]]
    latency = measure_latency(answerer, embedder, questions, index=loaded)
    serve_rss = peak_rss_mb()
    result = {
        "answer": vars(latency.answer),
        "embedding": vars(latency.embedding),
        "outcomes": latency.outcomes,
        "serve_peak_rss_mb": serve_rss,
        "recall": None,
    }
    vector_index = find_vector_index(loaded)
    if vector_index is not None:
        queries = embedder.encode(texts[config["questions"] :] or texts)
        result["recall"] = vars(measure_recall(vector_index, queries))
    if config.get("update"):
        result["update_live_s"] = measure_update(config, embedder, loaded)
    return result


def measure_update(config: dict, embedder, serving) -> float:
    """Edit one posting, then time the incremental build, the swap to the new generation (as
    `serve` does it: segments the serving index holds are reused) and the first answer."""
    from bot.answer.engine import Answerer
    from bot.bench.synthetic import edit_posting
    from index.build import build_index
    from index.search import load_index
    from index.sources.hugo import HugoSource

    site_dir, index_dir = Path(config["site"]), Path(config["index_dir"])
    edit_posting(site_dir, config["size"] // 2, "Relocation support is available on request.")
    started = time.perf_counter()
    build_index([HugoSource(site_dir)], index_dir, embedder)
    swapped = load_index(index_dir, embedder, reuse=serving)
    Answerer(swapped).ask("is relocation support available?", [])
    return time.perf_counter() - started


def measure_size(size: int, workdir: Path, *, cache: Path | None, plan: Plan) -> ScaleRow:
    site, index_dir = workdir / f"site-{size}", workdir / f"index-{size}"
    build_config = {
        "size": size,
        "site": str(site),
        "index_dir": str(index_dir),
        "cache": str(cache or ""),
        "embed_budget_s": plan.embed_budget_s,
    }
    built = run_child("scale-build", build_config)
    serve_config = {
        "size": size,
        "site": str(site),
        "index_dir": str(index_dir),
        "questions": plan.scale_questions,
        "recall_queries": plan.recall_queries,
        "update": True,
    }
    served = run_child("scale-serve", serve_config)
    recall = served.get("recall") or {}
    return ScaleRow(
        postings=size,
        chunks=built["chunks"],
        build_s=built["build_s"],
        embedded=built["embedded"],
        cache_hits=built["cache_hits"],
        stand_ins=built["stand_ins"],
        embed_s=built["embed_s"],
        index_mb=built["index_mb"],
        build_peak_rss_mb=built["peak_rss_mb"],
        serve_peak_rss_mb=served["serve_peak_rss_mb"],
        answer=Percentiles(**served["answer"]),
        embedding=Percentiles(**served["embedding"]),
        vector_kind=built["vector_kind"],
        recall_at_10=recall.get("recall"),
        recall_kind=recall.get("kind", ""),
        update_live_s=served.get("update_live_s"),
    )
