"""The FAISS side of the index: exact search for small corpora, HNSW for large ones.

Vectors are L2-normalized and every index uses inner product, so a score is a cosine similarity.
A vector's FAISS id is its row in the stored vectors array (= the chunk's position).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

FLAT_LIMIT = 20_000  # up to this many vectors exact search is fast enough (~10 ms on one core)
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 256  # recall@10 ≥ 0.98 on clustered 384-d vectors (tests/test_search.py)
KINDS = ("auto", "flat", "hnsw")


@dataclass
class VectorIndex:
    index: faiss.Index
    kind: str  # "flat" or "hnsw"
    vectors: np.ndarray  # (n, dim) float32, row i has FAISS id i
    ef_search: int = HNSW_EF_SEARCH
    exact_subset_limit: int = FLAT_LIMIT

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def search(
        self, queries: np.ndarray, k: int, allowed_ids: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) per query row, best first; ids are -1 where fewer than k match.

        `allowed_ids` restricts the search to those rows: a small set is scored exactly with
        numpy, a large one goes through FAISS with an id selector.
        """
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.size)) if self.size else 1
        if self.size == 0:
            return _empty(len(queries), k)
        if allowed_ids is None:
            return self.index.search(queries, k, params=self._params(None))
        allowed_ids = np.asarray(allowed_ids, dtype=np.int64)
        if len(allowed_ids) == 0:
            return _empty(len(queries), k)
        if len(allowed_ids) <= self.exact_subset_limit:
            return _exact_subset(self.vectors, queries, k, allowed_ids)
        selector = faiss.IDSelectorBatch(allowed_ids)
        return self.index.search(queries, k, params=self._params(selector))

    def _params(self, selector) -> faiss.SearchParameters | None:
        if self.kind == "hnsw":
            return faiss.SearchParametersHNSW(sel=selector, efSearch=self.ef_search)
        return faiss.SearchParameters(sel=selector) if selector is not None else None

    def save(self, path: Path) -> None:
        """Only HNSW has a graph worth saving; a flat index is rebuilt from the vectors."""
        if self.kind == "hnsw":
            faiss.write_index(self.index, str(path))


def build_vector_index(
    vectors: np.ndarray,
    kind: str = "auto",
    *,
    flat_limit: int = FLAT_LIMIT,
    m: int = HNSW_M,
    ef_construction: int = HNSW_EF_CONSTRUCTION,
    ef_search: int = HNSW_EF_SEARCH,
) -> VectorIndex:
    """Exact `IndexFlatIP` up to `flat_limit` vectors ("auto"), HNSW on inner product above."""
    if kind not in KINDS:
        raise ValueError(f"unknown vector index kind {kind!r}; use one of {KINDS}")
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if kind == "auto":
        kind = "flat" if len(vectors) <= flat_limit else "hnsw"
    if kind == "flat":
        index = faiss.IndexFlatIP(vectors.shape[1])
    else:
        index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
    index.add(vectors)
    return VectorIndex(index, kind, vectors, ef_search=ef_search, exact_subset_limit=flat_limit)


def load_vector_index(path: Path, vectors: np.ndarray, kind: str) -> VectorIndex:
    """The saved HNSW graph at `path`, or a flat index over `vectors`."""
    if kind == "flat":
        return build_vector_index(vectors, "flat")
    index = faiss.read_index(str(path))
    if index.ntotal != len(vectors):
        raise ValueError(f"{path} holds {index.ntotal} vectors, expected {len(vectors)}")
    return VectorIndex(index, "hnsw", vectors)


def _exact_subset(
    vectors: np.ndarray, queries: np.ndarray, k: int, allowed_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    scores = queries @ vectors[allowed_ids].T
    k = min(k, len(allowed_ids))
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    top_scores = np.take_along_axis(scores, top, axis=1)
    order = np.argsort(-top_scores, axis=1, kind="stable")
    return np.take_along_axis(top_scores, order, axis=1), allowed_ids[
        np.take_along_axis(top, order, axis=1)
    ]


def _empty(n_queries: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((n_queries, k), np.float32), np.full((n_queries, k), -1, np.int64)
