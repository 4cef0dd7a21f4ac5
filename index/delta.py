"""The new segment of a build: new and changed postings chunked, embedded and analyzed a batch at
a time, so a build from nothing holds one batch of chunks, not every chunk of the corpus."""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from index.build_report import BuildReport
from index.chunk_lines import KEY_DTYPE, chunk_line, text_key
from index.embeddings import Embedder
from index.lexical import analyze_into
from index.models import Chunk, Posting
from index.segment import SegmentParts
from index.serialize import PostingMeta

if TYPE_CHECKING:
    from index.build import _Entry

Chunker = Callable[[Posting], list[Chunk]]
KnownVector = Callable[[bytes], "np.ndarray | None"]
BATCH_POSTINGS = 256  # postings chunked and embedded together


def fill_delta(
    pending: Sequence[_Entry],
    chunker: Chunker,
    known_vector: KnownVector,
    embedder: Embedder,
    report: BuildReport,
    progress: bool = False,
) -> SegmentParts:
    """Chunk, embed and analyze the `pending` entries into one new segment, in order; each entry
    keeps its meta and where its rows start (`first`), and lets go of its chunks."""
    delta = SegmentParts(embedder.dim)
    for batch in _batches(pending, progress):
        vectors = [_chunked(entry, chunker, known_vector) for entry in batch]
        report.embedded += _embed_missing(batch, vectors, embedder)
        rows = [_add(delta, entry, v) for entry, v in zip(batch, vectors, strict=True)]
        delta.append_vectors(np.concatenate(rows).reshape(-1, delta.dim))
        release_free_memory()
    return delta


def release_free_memory() -> None:
    """Hand memory freed by the batch (its postings, chunks and the model's activations) back
    to the system. glibc keeps freed blocks inside its heaps, so a build's RSS would only grow;
    `malloc_trim` returns free pages from the middle of the heaps too. A no-op elsewhere."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _load_libc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018  # glibc only
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _load_libc()


def _batches(pending: Sequence[_Entry], progress: bool) -> Iterator[Sequence[_Entry]]:
    bar = None
    if progress and len(pending) > BATCH_POSTINGS:
        from tqdm import tqdm

        bar = tqdm(total=len(pending), unit="posting", desc="Indexing")
    for start in range(0, len(pending), BATCH_POSTINGS):
        batch = pending[start : start + BATCH_POSTINGS]
        yield batch
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()


def _chunked(entry: _Entry, chunker: Chunker, known_vector: KnownVector) -> list:
    """The entry's chunks and meta; returns each chunk's vector when its text is known.

    Reuse goes by the embedded text rather than by posting, so an edit to one section of a
    posting re-embeds that section only.
    """
    entry.chunks = chunker(entry.posting)
    entry.meta = PostingMeta.of(entry.posting, entry.chunks, entry.content_hash or None)
    entry.keys = [text_key(chunk) for chunk in entry.chunks]
    return [known_vector(key) for key in entry.keys]


def _embed_missing(batch: Sequence[_Entry], vectors: list[list], embedder: Embedder) -> int:
    missing = [
        (n, m) for n, entry_vectors in enumerate(vectors) for m, v in enumerate(entry_vectors)
        if v is None
    ]  # fmt: skip
    if not missing:
        return 0
    texts = [batch[n].chunks[m].embedding_text() for n, m in missing]
    unique = list(dict.fromkeys(texts))  # a text repeated in several chunks is embedded once
    by_text = dict(zip(unique, embedder.encode(unique), strict=True))
    for (n, m), text in zip(missing, texts, strict=True):
        vectors[n][m] = by_text[text]
    return len(missing)


def _add(delta: SegmentParts, entry: _Entry, vectors: list) -> np.ndarray:
    """Add the entry's rows to `delta` (all but their vectors, which are returned)."""
    chunks = entry.chunks
    entry.first, entry.count = delta.rows, len(chunks)
    delta.lines.extend(chunk_line(chunk) for chunk in chunks)
    delta.keys.append(np.array(entry.keys, dtype=KEY_DTYPE))
    ids = [analyze_into(chunk, delta.vocab) for chunk in chunks]
    delta.tokens.append(np.concatenate(ids) if ids else np.zeros(0, np.int32))
    delta.lengths.append(np.array([len(part) for part in ids], dtype=np.int64))
    delta.languages.update(chunk.language for chunk in chunks)
    entry.chunks, entry.keys, entry.posting = [], [], None
    return np.array(vectors, dtype=np.float32).reshape(-1, delta.dim)
