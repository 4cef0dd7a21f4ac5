"""An index's rows over its segments: row i of the index is one live row of one segment.

Rows are what the rest of the code sees (`PostingMeta.chunk_indices`, search results); dead rows
of a segment (a changed or deleted posting's old chunks) have no index row and are never found.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import faiss
import numpy as np

from index.chunk_lines import ChunkRows
from index.models import Chunk
from index.segment import Segment
from index.vectors import VectorIndex, bitmap_selector


class RowMap:
    """Where each index row lives: `segment[row]` (position in the list) and `local[row]`."""

    def __init__(self, pairs: np.ndarray, segment_rows: Sequence[int]):
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        self.pairs = pairs
        self.segment = pairs[:, 0]
        self.local = pairs[:, 1]
        self.segment_rows = list(segment_rows)
        if len(pairs) and (
            self.segment.min() < 0
            or self.segment.max() >= len(self.segment_rows)
            or (self.local < 0).any()
            or (self.local >= np.asarray(self.segment_rows)[self.segment]).any()
        ):
            raise ValueError("the row map points outside its segments")
        # Per segment: the index row of each local row, -1 where it is dead.
        self.rows_of: list[np.ndarray] = []
        for number, size in enumerate(self.segment_rows):
            rows = np.full(size, -1, dtype=np.int64)
            mine = np.flatnonzero(self.segment == number)
            rows[self.local[mine]] = mine
            self.rows_of.append(rows)

    def __len__(self) -> int:
        return len(self.pairs)

    @property
    def dead(self) -> int:
        return sum(self.segment_rows) - len(self.pairs)

    def by_segment(self, rows: np.ndarray) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """(segment, positions in `rows`, local rows) for each segment holding some of `rows`."""
        rows = np.asarray(rows, dtype=np.int64)
        segments = self.segment[rows]
        for number in np.unique(segments):
            positions = np.flatnonzero(segments == number)
            yield int(number), positions, self.local[rows[positions]]


class SegmentedChunks(ChunkRows):
    """The index's chunks by row, each parsed on first use by its segment."""

    def __init__(self, segments: Sequence[Segment], row_map: RowMap):
        self._chunks = [segment.chunks for segment in segments]
        self._segment = row_map.segment.tolist()
        self._local = row_map.local.tolist()

    def __len__(self) -> int:
        return len(self._segment)

    def chunk(self, row: int) -> Chunk:
        return self._chunks[self._segment[row]].chunk(self._local[row])

    def may_contain(self, row: int, needle: str) -> bool:
        return self._chunks[self._segment[row]].may_contain(self._local[row], needle)


class SegmentedVectors:
    """The index's vectors by row, gathered from the segments' memory-mapped arrays."""

    def __init__(self, segments: Sequence[Segment], row_map: RowMap, dim: int):
        self._vectors = [segment.vectors for segment in segments]
        self._map = row_map
        self.dim = dim

    def __len__(self) -> int:
        return len(self._map)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self), self.dim)

    def __getitem__(self, rows) -> np.ndarray:
        if isinstance(rows, int | np.integer):
            return np.asarray(self._vectors[self._map.segment[rows]][self._map.local[rows]])
        if isinstance(rows, slice):
            rows = np.arange(len(self))[rows]
        rows = np.asarray(rows, dtype=np.int64)
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        for number, positions, local in self._map.by_segment(rows):
            out[positions] = self._vectors[number][local]
        return out

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        whole = self[np.arange(len(self))]
        return whole if dtype is None else whole.astype(dtype)


class SegmentedVectorIndex:
    """Dense search over every segment (each exact or HNSW), merged into the index's top k.

    Vectors are L2-normalized and searched by inner product, so every score is a cosine and
    scores of different segments compare directly.
    """

    def __init__(self, segments: Sequence[Segment], row_map: RowMap, dim: int):
        self._map = row_map
        self.vectors = SegmentedVectors(segments, row_map, dim)
        self.parts: list[VectorIndex] = []
        self._live: list[faiss.IDSelector | None] = []
        self._keep: list[np.ndarray] = []  # bitmaps the selectors point into
        for number, segment in enumerate(segments):
            part = segment.vector_index
            self.parts.append(part)
            self._live.append(self._live_selector(part, row_map.rows_of[number] >= 0))

    def _live_selector(self, part: VectorIndex, live_rows: np.ndarray) -> faiss.IDSelector | None:
        ids_live = np.zeros(part.index.ntotal, dtype=bool)
        ids = np.flatnonzero(live_rows) if part.row_ids is None else part.row_ids[live_rows]
        ids_live[ids] = True
        if ids_live.all():
            return None
        selector, bitmap = bitmap_selector(ids_live)
        self._keep.append(bitmap)
        return selector

    @property
    def kind(self) -> str:
        return "hnsw" if any(part.kind == "hnsw" for part in self.parts) else "flat"

    @property
    def size(self) -> int:
        return len(self._map)

    @property
    def dead(self) -> int:
        return self._map.dead + sum(part.dead for part in self.parts)

    def search(
        self, queries: np.ndarray, k: int, allowed_rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) per query, best first; rows are -1 where fewer than k match."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, max(self.size, 1)))
        found_scores, found_rows = [], []
        for number, part in enumerate(self.parts):
            scores, local = self._search_part(number, part, queries, k, allowed_rows)
            rows = np.where(local >= 0, self._map.rows_of[number][np.maximum(local, 0)], -1)
            found_scores.append(np.where(rows >= 0, scores, -np.inf))
            found_rows.append(rows)
        if not found_rows:
            return np.zeros((len(queries), k), np.float32), np.full((len(queries), k), -1)
        scores, rows = np.hstack(found_scores), np.hstack(found_rows)
        order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        top_scores = np.take_along_axis(scores, order, axis=1)
        top_rows = np.where(np.isfinite(top_scores), np.take_along_axis(rows, order, axis=1), -1)
        return np.where(top_rows >= 0, top_scores, 0.0).astype(np.float32), top_rows

    def _search_part(self, number, part, queries, k, allowed_rows):
        if allowed_rows is None:
            return part.search(queries, k, selector=self._live[number])
        allowed_rows = np.asarray(allowed_rows, dtype=np.int64)
        local = self._map.local[allowed_rows[self._map.segment[allowed_rows] == number]]
        if len(local) == 0:
            return np.zeros((len(queries), 1), np.float32), np.full((len(queries), 1), -1)
        return part.search(queries, k, np.sort(local))
