"""Build throughput: chunks per second of a full build against the model's own encode rate on
the same texts, in one fresh process (no embedding cache).

The model encodes the texts before and after the build and the faster of the two counts, so a
busy machine can only make the build look worse, never better.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path


def run(config: dict) -> dict:
    from bot.bench.synthetic import write_site
    from index.build import build_index
    from index.embeddings import load_embedder
    from index.sources.hugo import HugoSource

    site_dir, index_dir = Path(config["site"]), Path(config["index_dir"])
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(index_dir, ignore_errors=True)
    write_site(site_dir, config["size"], seed=config.get("seed", 11))
    embedder = load_embedder()
    texts = sample_texts(site_dir, embedder)
    encode_before = timed(lambda: model_encode(embedder, texts))
    started = time.perf_counter()
    report = build_index([HugoSource(site_dir)], index_dir, embedder)
    build_s = time.perf_counter() - started
    encode_after = timed(lambda: model_encode(embedder, texts))
    encode_s = min(encode_before, encode_after)
    if len(texts) != report.chunks:
        raise ValueError(f"sampled {len(texts)} chunk texts, the build made {report.chunks}")
    return {
        "postings": report.postings,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "build_s": build_s,
        "encode_s": encode_s,
        "encode_runs_s": [encode_before, encode_after],
        "build_rate": report.chunks / build_s,
        "encode_rate": len(texts) / encode_s,
        "ratio": (report.chunks / build_s) / (len(texts) / encode_s),
    }


def sample_texts(site_dir: Path, embedder) -> list[str]:
    """The embedding texts of the sample's chunks, as the build will make them."""
    from index.chunking import chunk_posting
    from index.sources.hugo import HugoSource

    postings = HugoSource(site_dir).read().postings
    model_encode(embedder, ["warm up the model"] * 64)
    return [chunk.embedding_text() for p in postings for chunk in chunk_posting(p)]


def model_encode(embedder, texts: list[str]):
    """The model's own `encode` with its defaults (batch size 32), normalized like the index."""
    model = getattr(embedder, "model", None)
    if model is None:
        return embedder.encode(texts)
    return model.encode(texts, normalize_embeddings=True, show_progress_bar=False)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
