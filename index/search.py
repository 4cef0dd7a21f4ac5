"""A loaded index: dense, keyword and hybrid search over chunks, with filters."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.chunk_lines import ChunkRows
from index.embeddings import Embedder
from index.lexical import LexicalIndex
from index.models import Chunk, Hit
from index.segment import Segment
from index.segmented import SegmentedChunks, SegmentedVectorIndex
from index.serialize import PostingMeta
from index.store import (
    Generation,
    load_segments,
    parse_missing,
    read_generation,
    read_posting_lines,
)

_META_NAMES = {"posting_uid": "uid"}
RRF_K = 60  # the usual reciprocal-rank-fusion constant: damps the weight of the very top ranks
FUSION_DEPTH = 50  # how deep each list is read before fusing


def load_index(
    index_dir: Path, embedder: Embedder, *, reuse: LoadedIndex | None = None
) -> LoadedIndex:
    """The live index in `index_dir`; IndexLoadError when missing, corrupt or from another model.

    Segments that `reuse` (the index a bot is serving) already holds are shared, not read again:
    after an edit only the new small segment is loaded.
    """
    generation = read_generation(Path(index_dir), embedder.name, embedder.dim)
    load_segments(generation, getattr(reuse, "segments", None))
    return LoadedIndex(generation, embedder, getattr(reuse, "_metas_by_line", None))


class LoadedIndex:
    def __init__(
        self,
        generation: Generation,
        embedder: Embedder,
        known: dict[bytes, PostingMeta] | None = None,
    ):
        self.manifest: dict = generation.manifest
        lines = read_posting_lines(generation)
        metas = [known.get(line) if known else None for line in lines]
        self._metas_by_line = dict(zip(lines, parse_missing(generation, lines, metas), strict=True))
        self.postings: dict[str, PostingMeta] = {m.uid: m for m in self._metas_by_line.values()}
        self.segments: dict[str, Segment] = {s.id: s for s in generation.segments}
        row_map = generation.row_map
        self.chunks: ChunkRows = SegmentedChunks(generation.segments, row_map)
        self.vector_index = SegmentedVectorIndex(generation.segments, row_map, embedder.dim)
        self.vectors = self.vector_index.vectors
        parts = [
            (s.terms, rows) for s, rows in zip(generation.segments, row_map.rows_of, strict=True)
        ]
        self.lexical_index = LexicalIndex(parts, len(row_map))
        self.folder: Path = generation.folder
        self.embedder = embedder
        self._columns = _FilterColumns(self.postings, len(self.chunks))
        self._embed_cached = lru_cache(maxsize=1024)(self._embed)
        self._prefetched: dict[str, np.ndarray] = {}

    @property
    def generation(self) -> str:
        return self.manifest.get("generation", "")

    def embed_query(self, text: str) -> np.ndarray:
        """The query's vector, computed once per distinct text (shared by every search)."""
        prefetched = self._prefetched.get(text)
        return prefetched if prefetched is not None else self._embed_cached(text)

    def embed_queries(self, texts: list[str]) -> None:
        """Embed several queries in one model call (about the cost of one) for later searches."""
        texts = [t for t in dict.fromkeys(texts) if t not in self._prefetched]
        if len(texts) > 1:
            vectors = np.asarray(self.embedder.encode(texts), dtype=np.float32)
            if len(self._prefetched) > 256:
                self._prefetched = {}
            self._prefetched.update(zip(texts, vectors, strict=True))

    def _embed(self, text: str) -> np.ndarray:
        encode_query = getattr(self.embedder, "encode_query", None)
        vector = encode_query(text) if encode_query else self.embedder.encode([text])[0]
        return np.asarray(vector, dtype=np.float32)

    def chunks_of(self, posting_uid: str, mentioning: str = "") -> list[Chunk]:
        """The posting's chunks; with `mentioning`, only those whose text has it (found in the
        stored chunks before any is parsed: a scan of every posting stays cheap)."""
        meta = self.postings.get(posting_uid)
        if not meta:
            return []
        rows = meta.chunk_indices
        if mentioning:
            rows = [r for r in rows if self.chunks.may_contain(r, mentioning)]
        chunks = [self.chunks[row] for row in rows]
        return [c for c in chunks if mentioning in c.text] if mentioning else chunks

    def dense_scores(self, query: str, rows: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query to the chunks at `rows` (exact)."""
        return self.vectors[rows] @ self.embed_query(query)

    def dense(self, query: str, k: int = 20, **filters) -> list[Hit]:
        found = self._dense_rows(query, k, filters)
        return [Hit(self.chunks[row], score, dense=score) for row, score in found]

    def lexical(self, query: str, k: int = 20, language: str | None = None, **filters) -> list[Hit]:
        found = self._lexical_rows(query, k, language, filters)
        return [Hit(self.chunks[row], score, lexical=score) for row, score in found]

    def posting_hits(
        self, kind: str, query: str, k: int = 20, **filters
    ) -> list[tuple[str, float]]:
        """(posting uid, score) of each hit of `dense` or `lexical` (`kind`), best first, without
        reading the chunks: what ranking postings needs."""
        if kind == "dense":
            found = self._dense_rows(query, k, filters)
        else:
            found = self._lexical_rows(query, k, filters.pop("language", None), filters)
        return [(self._columns.posting_of(row), score) for row, score in found]

    def _dense_rows(self, query: str, k: int, filters: dict) -> list[tuple[int, float]]:
        allowed = self._searched_rows(filters)
        scores, rows = self.vector_index.search(self.embed_query(query), k, allowed)
        return [
            (int(row), float(score))
            for score, row in zip(scores[0], rows[0], strict=True)
            if row >= 0
        ]

    def _lexical_rows(
        self, query: str, k: int, language: str | None, filters: dict
    ) -> list[tuple[int, float]]:
        scores = self.lexical_index.scores(query, language)
        rows = _top_rows(scores, k, self._searched_rows(filters))
        return [(int(r), float(scores[r])) for r in rows]

    def search(
        self, query: str, k: int = 20, *, language: str | None = None, **filters
    ) -> list[Hit]:
        """Hybrid: reciprocal rank fusion of dense and keyword results; both scores on each hit."""
        depth = max(k, FUSION_DEPTH)
        allowed = self._searched_rows(filters)
        _, dense_rows = self.vector_index.search(self.embed_query(query), depth, allowed)
        lexical_scores = self.lexical_index.scores(query, language)
        lexical_rows = _top_rows(lexical_scores, depth, allowed)
        fused: dict[int, float] = {}
        for ranking in (dense_rows[0][dense_rows[0] >= 0], lexical_rows):
            for rank, row in enumerate(ranking):
                fused[int(row)] = fused.get(int(row), 0.0) + 1.0 / (RRF_K + rank + 1)
        best = sorted(fused, key=lambda row: -fused[row])[:k]
        dense_scores = self.dense_scores(query, np.asarray(best, dtype=np.int64))
        return [
            Hit(self.chunks[row], fused[row], dense=float(d), lexical=float(lexical_scores[row]))
            for row, d in zip(best, dense_scores, strict=True)
        ]

    def _searched_rows(self, filters: dict) -> np.ndarray | None:
        """`allowed_rows`, or None when every row passes: searched unfiltered, far cheaper
        (no selector of 130,000 ids per query at 10,000 postings)."""
        allowed = self.allowed_rows(**filters)
        return None if allowed is not None and len(allowed) == len(self.chunks) else allowed

    def allowed_rows(
        self,
        sites: Collection[str] | None = None,
        visibilities: Collection[str] | None = None,
        languages: Collection[str] | None = None,
        posting_uids: Collection[str] | None = None,
    ) -> np.ndarray | None:
        """Rows of the chunks passing every given filter; None when nothing is filtered."""
        return self._columns.allowed(
            site=sites, visibility=visibilities, language=languages, posting_uid=posting_uids
        )


class _FilterColumns:
    """One integer code per chunk and field, so a filter is a vectorized comparison.

    Built from the postings (a chunk has its posting's site, visibility, language and uid), so
    no chunk has to be parsed to filter.
    """

    FIELDS = ("site", "visibility", "language", "posting_uid")

    def __init__(self, postings: dict[str, PostingMeta], size: int):
        self.size = size
        self.codes: dict[str, dict[str, int]] = {}
        self.columns: dict[str, np.ndarray] = {}
        self._allowed: dict[tuple, np.ndarray | None] = {}  # a few audiences ask everything
        self._uids: list[str] | None = None
        metas = list(postings.values())
        rows = np.fromiter((r for m in metas for r in m.chunk_indices), np.int64)
        counts = np.fromiter((len(m.chunk_indices) for m in metas), np.int64, len(metas))
        for name in self.FIELDS:
            values = [str(getattr(meta, _META_NAMES.get(name, name))) for meta in metas]
            codes = {value: n for n, value in enumerate(dict.fromkeys(values))}
            column = np.full(size, -1, dtype=np.int32)
            column[rows] = np.repeat(np.fromiter(map(codes.get, values), np.int32), counts)
            self.codes[name] = codes
            self.columns[name] = column

    def posting_of(self, row: int) -> str:
        if self._uids is None:
            self._uids = list(self.codes["posting_uid"])
        return self._uids[self.columns["posting_uid"][row]]

    def allowed(self, **wanted: Collection[str] | None) -> np.ndarray | None:
        key = tuple(
            (name, None if v is None else (v,) if isinstance(v, str) else tuple(v))
            for name, v in wanted.items()
        )
        if key not in self._allowed:
            if len(self._allowed) >= 64:
                self._allowed.clear()
            self._allowed[key] = self._compute_allowed(**wanted)
        return self._allowed[key]

    def _compute_allowed(self, **wanted: Collection[str] | None) -> np.ndarray | None:
        mask = None
        for name, values in wanted.items():
            if values is None:
                continue
            if isinstance(values, str):
                values = [values]
            codes = [self.codes[name][str(v)] for v in values if str(v) in self.codes[name]]
            column_mask = np.isin(self.columns[name], codes)
            mask = column_mask if mask is None else mask & column_mask
        if mask is None:
            return None
        rows = np.flatnonzero(mask)
        rows.flags.writeable = False  # shared by every search with these filters
        return rows


def _top_rows(scores: np.ndarray, k: int, allowed: np.ndarray | None) -> np.ndarray:
    """Rows of the k best scores (among `allowed`), best first; zero scores never match."""
    rows = np.flatnonzero(scores > 0) if allowed is None else allowed[scores[allowed] > 0]
    candidates = scores[rows]
    if len(rows) > k:
        top = np.argpartition(-candidates, k - 1)[:k]
        rows, candidates = rows[top], candidates[top]
    return rows[np.argsort(-candidates, kind="stable")]
