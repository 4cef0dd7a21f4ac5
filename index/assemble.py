"""The new generation from a build's entries: kept postings are copied over as stored (slices of
the previous generation's arrays and lines), new and changed ones are serialized and analyzed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.build_report import BuildReport, build_manifest
from index.chunk_lines import KEY_DTYPE, chunk_line
from index.embeddings import Embedder
from index.lexical import LexicalIndex, analyze_into
from index.serialize import PostingMeta
from index.store import PreviousIndex, StoredIndex
from index.vectors import VectorIndex, update_vector_index

if TYPE_CHECKING:
    from index.build import _Entry


class _Parts:
    """The new generation's arrays, gathered posting by posting."""

    def __init__(self, previous: PreviousIndex | None):
        self.previous = previous
        self.vocab: dict[str, int] = dict(previous.vocab) if previous is not None else {}
        self.lines: list[bytes] = []
        self.keys: list[np.ndarray] = []
        self.vectors: list[np.ndarray] = []
        self.tokens: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []
        self.origins: list[np.ndarray] = []
        self.languages: set[str] = set()

    def take_over(self, start: int, stop: int, language: str) -> None:
        previous = self.previous
        offsets = previous.token_offsets
        self.lines.extend(previous.chunk_lines[start:stop])
        self.keys.append(previous.text_keys[start:stop])
        self.vectors.append(previous.vectors[start:stop])
        self.tokens.append(previous.tokens[offsets[start] : offsets[stop]])
        self.lengths.append(np.diff(offsets[start : stop + 1]))
        self.origins.append(np.arange(start, stop, dtype=np.int64))
        if stop > start:
            self.languages.add(language)

    def add(self, entry: _Entry, dim: int) -> None:
        self.lines.extend(chunk_line(chunk) for chunk in entry.chunks)
        self.keys.append(np.array(entry.keys, dtype=KEY_DTYPE))
        self.vectors.append(np.array(entry.vectors, dtype=np.float32).reshape(-1, dim))
        ids = [analyze_into(chunk, self.vocab) for chunk in entry.chunks]
        self.tokens.extend(ids)
        self.lengths.append(np.array([len(part) for part in ids], dtype=np.int64))
        origins = [-1 if origin is None else origin for origin in entry.origins]
        self.origins.append(np.array(origins, dtype=np.int64))
        self.languages.update(chunk.language for chunk in entry.chunks)


def assemble(
    entries: Mapping[str, _Entry],
    previous: PreviousIndex | None,
    embedder: Embedder,
    report: BuildReport,
    vector_kind: str,
) -> StoredIndex:
    parts = _Parts(previous)
    postings: dict[str, PostingMeta] = {}
    rows = 0
    for uid, entry in entries.items():
        postings[uid] = _placed(entry.meta, rows)
        if entry.kept is not None:
            parts.take_over(*entry.kept, entry.meta.language)
        else:
            parts.add(entry, embedder.dim)
        rows += entry.size
    matrix = _concatenate(parts.vectors, (0, embedder.dim), np.float32)
    origins = _concatenate(parts.origins, (0,), np.int64)
    vector_index = _vector_index(previous, matrix, origins, vector_kind)
    lexical = LexicalIndex.from_tokens(
        parts.vocab,
        _concatenate(parts.tokens, (0,), np.int32),
        _concatenate(parts.lengths, (0,), np.int64),
        parts.languages,
    )
    report.vector_index = vector_index.kind
    report.chunks = rows
    report.postings_by_visibility = dict(Counter(str(m.visibility) for m in postings.values()))
    manifest = build_manifest(postings, embedder, report)
    keys = _concatenate(parts.keys, (0,), KEY_DTYPE)
    return StoredIndex(
        manifest, postings, [], matrix, vector_index, lexical, Path(), parts.lines, keys
    )


def _placed(meta: PostingMeta, first_row: int) -> PostingMeta:
    rows = meta.chunk_indices
    if rows and rows[0] == first_row and rows[-1] == first_row + len(rows) - 1:
        return meta  # where it was: most postings of an incremental build
    return meta.placed_at(first_row)


def _concatenate(parts: list[np.ndarray], empty_shape: tuple, dtype) -> np.ndarray:
    if not parts:
        return np.zeros(empty_shape, dtype=dtype)
    return np.ascontiguousarray(np.concatenate(parts), dtype=dtype)


def _vector_index(
    previous: PreviousIndex | None, matrix: np.ndarray, origins: np.ndarray, kind: str
) -> VectorIndex:
    """Extends the previous HNSW graph when there is one to extend (reading it only then)."""
    old = None
    if previous is not None and previous.manifest.get("vector_index") == "hnsw":
        old = previous.vector_index()
    listed = [None if origin < 0 else origin for origin in origins.tolist()]
    return update_vector_index(old, matrix, listed, kind)
