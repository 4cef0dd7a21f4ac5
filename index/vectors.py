"""The FAISS side of the index: exact search for small corpora, HNSW for large ones.

Vectors are L2-normalized and every index uses inner product, so a score is a cosine similarity.
Searches take and return rows of the stored vectors array (= chunk positions). A flat index is
rebuilt from the vectors in milliseconds; an HNSW graph is expensive to build, so a rebuild keeps
the previous graph, adds the new vectors and hides removed ones (tombstones) until too many are
dead, then builds afresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

FLAT_LIMIT = 20_000  # up to this many vectors exact search is fast enough (~10 ms on one core)
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
# Candidates kept while searching. Postings written from templates embed into tight clusters of
# near-twins: at 10,000 such postings (130k chunks) recall@10 was 0.957 at 256, 0.990 at 768
# (about 2 ms a search on two cores).
HNSW_EF_SEARCH = 768
MAX_DEAD_FRACTION = 0.2  # rebuild the graph when more of it than this is tombstones
KINDS = ("auto", "flat", "hnsw")


@dataclass
class VectorIndex:
    index: faiss.Index
    kind: str  # "flat" or "hnsw"
    vectors: np.ndarray  # (rows, dim) float32
    ef_search: int = HNSW_EF_SEARCH
    exact_subset_limit: int = FLAT_LIMIT
    row_ids: np.ndarray | None = None  # FAISS id of each row (None: id == row)
    _id_rows: np.ndarray | None = field(default=None, repr=False)  # row of each id, -1 if dead
    _live: tuple | None = field(default=None, repr=False)  # (selector, bitmap kept alive)

    def __post_init__(self) -> None:
        if self.row_ids is not None and np.array_equal(self.row_ids, np.arange(self.index.ntotal)):
            self.row_ids = None
        if self.row_ids is None:
            return
        self._id_rows = np.full(self.index.ntotal, -1, dtype=np.int64)
        self._id_rows[self.row_ids] = np.arange(len(self.row_ids))
        if self.dead:
            self._live = bitmap_selector(self._id_rows >= 0)

    @property
    def size(self) -> int:
        return len(self.vectors)

    @property
    def dead(self) -> int:
        return int(self.index.ntotal) - self.size

    def search(
        self,
        queries: np.ndarray,
        k: int,
        allowed_ids: np.ndarray | None = None,
        *,
        selector: faiss.IDSelector | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) per query, best first; rows are -1 where fewer than k match.

        `allowed_ids` (rows) restricts the search: a small set is scored exactly with numpy, a
        large one goes through FAISS with an id selector. Without it, `selector` (over FAISS
        ids, covering this index's own tombstones too) may hide some rows.
        """
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.size))
        if self.size == 0:
            return _empty(len(queries), k)
        if allowed_ids is None:
            if selector is None:
                selector = self._live[0] if self._live else None
            return self._search_faiss(queries, k, selector)
        allowed_ids = np.asarray(allowed_ids, dtype=np.int64)
        if len(allowed_ids) == 0:
            return _empty(len(queries), k)
        if len(allowed_ids) <= self.exact_subset_limit:
            return _exact_subset(self.vectors, queries, k, allowed_ids)
        ids = allowed_ids if self.row_ids is None else self.row_ids[allowed_ids]
        return self._search_faiss(queries, k, faiss.IDSelectorBatch(ids))

    def _search_faiss(self, queries, k, selector) -> tuple[np.ndarray, np.ndarray]:
        if self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(self.ef_search, k))
        else:
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
        scores, ids = self.index.search(queries, k, params=params)
        if self._id_rows is None:
            return scores, ids
        return scores, np.where(ids >= 0, self._id_rows[np.maximum(ids, 0)], -1)

    def save(self, path: Path) -> None:
        """Only HNSW has a graph worth saving; a flat index is rebuilt from the vectors."""
        if self.kind == "hnsw":
            faiss.write_index(self.index, str(path))
            row_ids = self.row_ids if self.row_ids is not None else np.arange(self.size)
            np.save(_rows_path(path), row_ids.astype(np.int64))


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
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = choose_kind(kind, len(vectors), flat_limit)
    if kind == "flat":
        index = faiss.IndexFlatIP(vectors.shape[1])
    else:
        index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
    index.add(vectors)
    return VectorIndex(index, kind, vectors, ef_search=ef_search, exact_subset_limit=flat_limit)


def build_hnsw_from_batches(batches: Iterable[np.ndarray], dim: int) -> VectorIndex:
    """An HNSW index fed batch by batch, its `vectors` a view of the graph's own storage: a big
    build never holds the vectors twice (the caller drops each batch once it is added)."""
    index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    for batch in batches:
        index.add(np.ascontiguousarray(batch, dtype=np.float32))
    storage = faiss.downcast_index(index.storage)
    vectors = faiss.rev_swig_ptr(storage.get_xb(), index.ntotal * dim).reshape(index.ntotal, dim)
    return VectorIndex(index, "hnsw", vectors)


def update_vector_index(
    previous: VectorIndex | None,
    vectors: np.ndarray,
    origins: Sequence[int | None],
    kind: str = "auto",
    *,
    flat_limit: int = FLAT_LIMIT,
) -> VectorIndex:
    """The index for `vectors`, where row i equals row `origins[i]` of `previous` when set.

    An HNSW graph is extended in place (the previous one is only ever a loaded copy); anything
    else is built from scratch.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = choose_kind(kind, len(vectors), flat_limit)
    if kind != "hnsw" or previous is None or previous.kind != "hnsw":
        return build_vector_index(vectors, kind, flat_limit=flat_limit)
    old_ids = previous.row_ids if previous.row_ids is not None else np.arange(previous.size)
    kept = _first_uses(origins)
    fresh = np.array([origin is None for origin in kept], dtype=bool)
    row_ids = np.empty(len(vectors), dtype=np.int64)
    row_ids[~fresh] = old_ids[[origin for origin in kept if origin is not None]]
    total = previous.index.ntotal + int(fresh.sum())
    if total - len(vectors) > MAX_DEAD_FRACTION * total:
        return build_vector_index(vectors, kind, flat_limit=flat_limit)
    row_ids[fresh] = np.arange(previous.index.ntotal, total)
    previous.index.add(vectors[fresh])
    return VectorIndex(
        previous.index, "hnsw", vectors, exact_subset_limit=flat_limit, row_ids=row_ids
    )


def load_vector_index(path: Path, vectors: np.ndarray, kind: str) -> VectorIndex:
    """The saved HNSW graph at `path`, or a flat index over `vectors`."""
    if kind == "flat":
        return build_vector_index(vectors, "flat")
    index = faiss.read_index(str(path))
    row_ids = np.load(_rows_path(path), allow_pickle=False)
    if len(row_ids) != len(vectors) or (len(row_ids) and row_ids.max() >= index.ntotal):
        raise ValueError(f"{path} does not match the {len(vectors)} stored vectors")
    return VectorIndex(index, "hnsw", vectors, row_ids=row_ids)


def _first_uses(origins: Sequence[int | None]) -> list[int | None]:
    """Origins with repeats dropped: a graph node can stand for one row only."""
    seen: set[int] = set()
    kept: list[int | None] = []
    for origin in origins:
        kept.append(origin if origin is not None and origin not in seen else None)
        if origin is not None:
            seen.add(origin)
    return kept


def choose_kind(kind: str, size: int, flat_limit: int = FLAT_LIMIT) -> str:
    """The vector index `size` vectors get for the requested `kind`."""
    if kind not in KINDS:
        raise ValueError(f"unknown vector index kind {kind!r}; use one of {KINDS}")
    if kind == "auto":
        return "flat" if size <= flat_limit else "hnsw"
    return kind


def bitmap_selector(live_ids: np.ndarray) -> tuple[faiss.IDSelector, np.ndarray]:
    """A FAISS selector of the ids where `live_ids` (one bool per id) is set, and the bitmap it
    points into (keep it alive as long as the selector)."""
    bitmap = np.packbits(live_ids, bitorder="little")
    return faiss.IDSelectorBitmap(len(live_ids), faiss.swig_ptr(bitmap)), bitmap


def _rows_path(path: Path) -> Path:
    return Path(path).with_suffix(".rows.npy")


def _exact_subset(
    vectors: np.ndarray, queries: np.ndarray, k: int, allowed_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    scores = queries @ vectors[allowed_ids].T
    k = min(k, len(allowed_ids))
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    top_scores = np.take_along_axis(scores, top, axis=1)
    order = np.argsort(-top_scores, axis=1, kind="stable")
    rows = allowed_ids[np.take_along_axis(top, order, axis=1)]
    return np.take_along_axis(top_scores, order, axis=1), rows


def _empty(n_queries: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((n_queries, k), np.float32), np.full((n_queries, k), -1, np.int64)
