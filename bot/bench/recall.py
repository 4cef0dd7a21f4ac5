"""recall@k of the approximate FAISS index against exact search over the same vectors."""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np

from index.vectors import VectorIndex, build_vector_index


@dataclass
class RecallResult:
    recall: float
    k: int
    queries: int
    vectors: int
    kind: str  # the approximate index measured, e.g. "hnsw (the index's own)"


def find_vector_index(loaded):
    """The index's dense search (a `SegmentedVectorIndex` for a loaded index)."""
    return getattr(loaded, "vector_index", None)


def measure_recall(vector_index, queries: np.ndarray, k: int = 10) -> RecallResult:
    """Recall of the index's approximate search; a flat index gets an HNSW built to measure."""
    vectors = np.asarray(vector_index.vectors, dtype=np.float32)
    approximate, kind = vector_index, f"{vector_index.kind} (the index's own)"
    if vector_index.kind == "flat":
        approximate = build_vector_index(vectors, "hnsw")
        kind = "hnsw (built to measure; this size is searched exactly)"
    recall = recall_at_k(approximate, vectors, queries, k)
    return RecallResult(recall, k, len(queries), vector_index.size, kind)


def recall_at_k(
    approximate: VectorIndex, vectors: np.ndarray, queries: np.ndarray, k: int
) -> float:
    """Mean share of the exact top-k found by the approximate search.

    Ties count as found: an approximate hit scoring at least the exact k-th score is a correct
    neighbour even if exact search returned an equally scored twin (repeated chunk texts).
    """
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(np.ascontiguousarray(vectors, dtype=np.float32))
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    exact_scores, _ = exact.search(queries, k)
    _, found_ids = approximate.search(queries, k)
    shares = []
    for row, ids in enumerate(found_ids):
        valid = ids[ids >= 0]
        found_scores = vectors[valid] @ queries[row]
        kth = exact_scores[row, -1] - 1e-5
        shares.append(min(k, int((found_scores >= kth).sum())) / k)
    return float(np.mean(shares))
