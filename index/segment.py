"""A segment: an immutable block of chunks with their vectors, BM25 columns and, when big, an HNSW
graph. A generation of the index is a few segments (a big base and small deltas); a new
generation hard-links the segments it keeps and writes only the new ones.

    <segment>/chunks.json        one chunk a line (index.chunk_lines)
              text_keys.npy      a key of each chunk's embedded text, to reuse its vector
              vectors.npy        float32 (rows, dim), L2-normalized
              tokens.npy         each chunk's token ids (the segment's own vocabulary),
              token_offsets.npy    chunk i's are tokens[offsets[i]:offsets[i + 1]]
              terms.*            the BM25 columns (index.lexical.TermColumns)
              hnsw.faiss         only when the segment is searched approximately
              segment.json       rows, vector kind, languages; written last
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from index.chunk_lines import KEY_DTYPE, LazyChunks, read_chunk_lines, write_chunk_lines
from index.lexical import TermColumns
from index.vectors import (
    VectorIndex,
    build_hnsw_from_batches,
    build_vector_index,
    choose_kind,
    load_vector_index,
)

INFO_FILE = "segment.json"
BLOCK_BYTES = 40 << 20  # > 32 MiB, glibc's largest dynamic mmap threshold


def new_segment_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass
class SegmentParts:
    """A segment not yet written: its rows' stored lines, text keys, vectors and token ids."""

    dim: int
    lines: list[bytes] = field(default_factory=list)
    keys: list[np.ndarray] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    tokens: list[np.ndarray] = field(default_factory=list)
    lengths: list[np.ndarray] = field(default_factory=list)
    vocab: dict[str, int] = field(default_factory=dict)
    languages: set[str] = field(default_factory=set)
    vector_index: VectorIndex | None = None  # set by a merge that extends an existing graph
    id: str = field(default_factory=new_segment_id)

    def append_vectors(self, rows: np.ndarray) -> None:
        """Add vectors into big blocks: a block is above the C allocator's largest threshold for
        using its own memory map, so it goes back to the system when freed (per-posting arrays
        would stay in the heap, and a 10,000-posting build would hold its vectors twice)."""
        block_rows = max(1, BLOCK_BYTES // (4 * self.dim))
        while len(rows):
            if not self._blocks or self._filled == block_rows:
                self._blocks.append(np.empty((block_rows, self.dim), dtype=np.float32))
                self.vectors.append(self._blocks[-1][:0])
                self._filled = 0
            take = min(len(rows), block_rows - self._filled)
            self._blocks[-1][self._filled : self._filled + take] = rows[:take]
            self._filled += take
            self.vectors[-1] = self._blocks[-1][: self._filled]
            rows = rows[take:]

    @property
    def rows(self) -> int:
        return len(self.lines) or self._written_rows

    _written_rows: int = 0  # once written (its lines let go)
    _blocks: list[np.ndarray] = field(default_factory=list, repr=False)
    _filled: int = 0

    def write(self, folder: Path, vector_kind: str) -> Segment:
        """Write the segment, letting go of each part once written (a build's peak memory)."""
        folder.mkdir(parents=True)
        rows, languages = self.rows, sorted(self.languages)
        write_chunk_lines(folder / "chunks.json", self.lines)
        self.lines, self._written_rows = [], rows
        np.save(folder / "text_keys.npy", joined(self.keys, (0,), KEY_DTYPE))
        tokens = joined(self.tokens, (0,), np.int32)
        lengths = joined(self.lengths, (0,), np.int64)
        self.tokens, self.lengths = [], []
        np.save(folder / "tokens.npy", tokens)
        np.save(folder / "token_offsets.npy", token_offsets(lengths))
        TermColumns.from_tokens(self.vocab, tokens, lengths, languages).save(folder)
        del tokens, lengths
        vector_index = self._vector_index(vector_kind)
        np.save(folder / "vectors.npy", vector_index.vectors)
        vector_index.save(folder / "hnsw.faiss")
        sizes = {path.name: path.stat().st_size for path in folder.iterdir()}
        info = {"rows": rows, "vector_index": vector_index.kind, "languages": languages}
        info["files"] = sizes
        (folder / INFO_FILE).write_text(json.dumps(info), encoding="utf-8")
        segment = Segment(folder)
        vector_index.vectors = segment.vectors  # the memory-mapped copy, not the one built
        segment.__dict__["vector_index"] = vector_index
        return segment

    def _vector_index(self, kind: str) -> VectorIndex:
        """The segment's vector index; a new HNSW graph takes the vectors batch by batch (and
        they are dropped here as it does), so its storage is their only copy."""
        if self.vector_index is not None:
            return self.vector_index
        if choose_kind(kind, self.rows) != "hnsw" or not self.vectors:
            return build_vector_index(joined(self.vectors, (0, self.dim), np.float32), kind)
        self.vectors.reverse()
        self._blocks = []
        return build_hnsw_from_batches(_drain(self.vectors), self.dim)


def _drain(parts: list[np.ndarray], rows: int = 8192) -> Iterator[np.ndarray]:
    """Batches of about `rows` rows popped from the end of `parts` (a reversed list)."""
    while parts:
        batch, size = [], 0
        while parts and size < rows:
            batch.append(parts.pop())
            size += len(batch[-1])
        yield np.concatenate(batch)


class Segment:
    """A written segment; each part is read from disk on first use (a build needs few of them)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.id = self.folder.name
        try:
            self.info: dict = json.loads((self.folder / INFO_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ValueError(f"segment {self.id}: {INFO_FILE} unreadable ({error})") from error
        self.rows: int = int(self.info["rows"])
        self._check_files()

    @cached_property
    def lines(self) -> list[bytes]:
        return read_chunk_lines(self.folder / "chunks.json", self.rows)

    @cached_property
    def chunks(self) -> LazyChunks:
        chunks = LazyChunks(self.lines)
        if len(chunks):  # a torn or foreign file fails at load rather than at the first search
            chunks[0], chunks[-1]
        return chunks

    @cached_property
    def vectors(self) -> np.ndarray:
        # Memory-mapped: pages come from the page cache, shared by every generation holding it.
        vectors = np.load(self.folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
        self._check("vectors.npy", vectors.shape[:1], vectors.ndim == 2)
        return vectors

    @cached_property
    def keys(self) -> np.ndarray:
        keys = np.load(self.folder / "text_keys.npy", allow_pickle=False)
        self._check("text_keys.npy", keys.shape, keys.ndim == 1)
        return keys

    @property
    def vocab(self) -> dict[str, int]:
        return self.terms.vocab

    @cached_property
    def tokens(self) -> tuple[np.ndarray, np.ndarray]:
        """(token ids, offsets): chunk i's ids are ids[offsets[i]:offsets[i + 1]]."""
        ids = np.load(self.folder / "tokens.npy", mmap_mode="r", allow_pickle=False)
        offsets = np.load(self.folder / "token_offsets.npy", allow_pickle=False)
        self._check("token_offsets.npy", (len(offsets) - 1,), offsets[-1] == len(ids))
        return ids, offsets

    @cached_property
    def terms(self) -> TermColumns:
        terms = TermColumns.load(self.folder)
        self._check("terms", (terms.size,), True)
        return terms

    @cached_property
    def vector_index(self) -> VectorIndex:
        return load_vector_index(
            self.folder / "hnsw.faiss", self.vectors, self.info["vector_index"]
        )

    @property
    def languages(self) -> list[str]:
        return list(self.info.get("languages", []))

    def load_for_search(self) -> Segment:
        """Read everything a search needs now, so a broken segment fails at load."""
        self.chunks, self.vectors, self.vector_index, self.terms  # noqa: B018
        return self

    def link_into(self, folder: Path) -> None:
        """This segment's files in `folder` as hard links: a kept segment costs no bytes."""
        folder.mkdir(parents=True)
        for path in self.folder.iterdir():
            target = folder / path.name
            try:
                target.hardlink_to(path)
            except OSError:  # a file system without hard links
                target.write_bytes(path.read_bytes())

    def _check_files(self) -> None:
        """Every file there with the size it was written with (a cheap check for builds)."""
        for name, size in self.info.get("files", {}).items():
            try:
                found = (self.folder / name).stat().st_size
            except OSError:
                raise ValueError(f"segment {self.id}: {name} is missing") from None
            if found != size:
                raise ValueError(f"segment {self.id}: {name} has {found} bytes, not {size}")

    def _check(self, name: str, shape: tuple, consistent: bool) -> None:
        if shape[:1] != (self.rows,) or not consistent:
            raise ValueError(f"segment {self.id}: {name} does not hold {self.rows} rows")


def joined(parts: list[np.ndarray], empty_shape: tuple, dtype) -> np.ndarray:
    """`parts` as one contiguous array (of `empty_shape` when there are none)."""
    if not parts:
        return np.zeros(empty_shape, dtype=dtype)
    return np.ascontiguousarray(np.concatenate(parts), dtype=dtype)


def token_offsets(lengths: np.ndarray) -> np.ndarray:
    """Where each doc's token ids start among the joined ids, and their end: doc i's are
    ids[offsets[i]:offsets[i + 1]]."""
    return np.concatenate(([0], np.cumsum(lengths)))
