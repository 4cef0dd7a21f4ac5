"""Incremental builds: read the sources, embed only chunk texts not yet indexed, swap atomically."""

from __future__ import annotations

import fcntl
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.build_report import BuildReport, build_manifest, nothing_message
from index.embeddings import Embedder
from index.errors import IndexLoadError, NothingIndexedError, SourceFetchError
from index.lexical import LexicalIndex, lexical_text
from index.models import Chunk, Posting, SkipWarning
from index.serialize import PostingMeta
from index.sources.base import Source
from index.store import StoredIndex, current_generation, read_index, write_index
from index.vectors import update_vector_index

Chunker = Callable[[Posting], list[Chunk]]
EMBED_SLICE = 256  # texts per progress-bar step


@dataclass
class _Entry:
    """One posting of the new index: its metadata, chunks, and (once known) vectors."""

    meta: PostingMeta
    chunks: list[Chunk]
    vectors: list[np.ndarray | None]
    origins: list[int | None]  # each chunk's row in the previous index, when reused from it


def build_index(
    sources: Sequence[Source],
    index_dir: Path,
    embedder: Embedder,
    *,
    progress: bool = False,
    chunker: Chunker | None = None,
    vector_kind: str = "auto",
) -> BuildReport:
    """Bring the index in `index_dir` up to date with `sources`, reusing unchanged vectors."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    report = BuildReport(index_dir=index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with _build_lock(index_dir):
        previous = _load_previous(index_dir, embedder, report)
        entries = _collect(sources, previous, chunker or _default_chunker(), report)
        if not entries:
            raise NothingIndexedError(nothing_message(sources, report))
        _embed_missing(entries, embedder, report, progress)
        stored = _assemble(entries, previous, embedder, report, vector_kind)
        stored.manifest["seconds"] = round(time.perf_counter() - started, 3)  # before writing
        write_index(index_dir, stored)
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder (a CronJob and `index --watch` may overlap)."""
    with open(index_dir / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _default_chunker() -> Chunker:
    from index.chunking import chunk_posting

    return chunk_posting


def _load_previous(index_dir: Path, embedder: Embedder, report: BuildReport) -> StoredIndex | None:
    if current_generation(index_dir) is None:
        return None
    try:
        return read_index(index_dir, embedder.name, embedder.dim, keep_records=True)
    except IndexLoadError as error:
        report.notes.append(f"previous index not reused: {error}")
        return None


def _collect(
    sources: Sequence[Source], previous: StoredIndex | None, chunker: Chunker, report: BuildReport
) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    known = _rows_by_text(previous)
    for source in sources:
        try:
            result = source.read()
        except SourceFetchError as error:
            report.failed_sources[source.name] = str(error)
            entries.update(_kept_from(previous, source.name))
            continue
        report.skipped.extend(result.warnings)
        for posting in result.postings:
            if posting.uid in entries:
                report.skipped.append(SkipWarning(posting.id, f"duplicate posting {posting.uid}"))
                continue
            entries[posting.uid] = _entry_for(posting, previous, known, chunker, report)
    if previous is not None:
        report.deleted = sorted(set(previous.postings) - set(entries))
    return entries


def _entry_for(
    posting: Posting,
    previous: StoredIndex | None,
    known: dict[str, int],
    chunker: Chunker,
    report: BuildReport,
) -> _Entry:
    """A posting's chunks, each reusing the vector of a previous chunk with the same text.

    Reuse goes by the embedded text rather than by posting, so an edit to one section of a
    posting re-embeds that section only, and nothing of an unchanged posting is embedded again.
    """
    chunks = chunker(posting)
    meta = PostingMeta.of(posting, chunks)
    old = previous.postings.get(posting.uid) if previous is not None else None
    if old is None:
        report.added.append(posting.uid)
    elif old.content_hash != meta.content_hash:
        report.changed.append(posting.uid)
    origins = [known.get(chunk.embedding_text()) for chunk in chunks]
    vectors = [previous.vectors[row] if row is not None else None for row in origins]
    return _Entry(meta, chunks, vectors, origins)


def _rows_by_text(previous: StoredIndex | None) -> dict[str, int]:
    if previous is None:
        return {}
    return {chunk.embedding_text(): row for row, chunk in enumerate(previous.chunks)}


def _kept_from(previous: StoredIndex | None, site: str) -> dict[str, _Entry]:
    if previous is None:
        return {}
    return {
        uid: _Entry(
            meta,
            [previous.chunks[row] for row in meta.chunk_indices],
            [previous.vectors[row] for row in meta.chunk_indices],
            list(meta.chunk_indices),
        )
        for uid, meta in previous.postings.items()
        if meta.site == site
    }


def _embed_missing(
    entries: dict[str, _Entry], embedder: Embedder, report: BuildReport, progress: bool
) -> None:
    missing = [
        (entry, n)
        for entry in entries.values()
        for n, vector in enumerate(entry.vectors)
        if vector is None
    ]
    texts = [entry.chunks[n].embedding_text() for entry, n in missing]
    unique = list(dict.fromkeys(texts))  # a text repeated in several chunks is embedded once
    by_text = dict(zip(unique, _encode(embedder, unique, progress), strict=True))
    for (entry, n), text in zip(missing, texts, strict=True):
        entry.vectors[n] = by_text[text]
    report.embedded = len(missing)
    report.reused = sum(len(entry.chunks) for entry in entries.values()) - len(missing)


def _encode(embedder: Embedder, texts: list[str], progress: bool) -> np.ndarray:
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    if not progress or len(texts) <= EMBED_SLICE:
        return embedder.encode(texts)
    from tqdm import tqdm

    parts = []
    with tqdm(total=len(texts), unit="chunk", desc="Embedding") as bar:
        for start in range(0, len(texts), EMBED_SLICE):
            parts.append(embedder.encode(texts[start : start + EMBED_SLICE]))
            bar.update(len(parts[-1]))
    return np.concatenate(parts)


def _assemble(
    entries: dict[str, _Entry],
    previous: StoredIndex | None,
    embedder: Embedder,
    report: BuildReport,
    vector_kind: str,
) -> StoredIndex:
    postings: dict[str, PostingMeta] = {}
    chunks: list[Chunk] = []
    vectors: list[np.ndarray] = []
    origins: list[int | None] = []
    for uid, entry in entries.items():
        postings[uid] = entry.meta.placed_at(len(chunks))
        chunks.extend(entry.chunks)
        vectors.extend(entry.vectors)
        origins.extend(entry.origins)
    records = _reusable_records(previous, chunks, origins)
    matrix = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, embedder.dim))
    old_vectors = previous.vector_index if previous is not None else None
    vector_index = update_vector_index(old_vectors, matrix, origins, vector_kind)
    report.vector_index = vector_index.kind
    report.chunks = len(chunks)
    report.postings_by_visibility = dict(Counter(str(m.visibility) for m in postings.values()))
    manifest = build_manifest(postings, embedder, report)
    lexical_origins = _same_lexical_text(previous, chunks, origins)
    lexical = LexicalIndex.build(chunks, previous.lexical if previous else None, lexical_origins)
    return StoredIndex(manifest, postings, chunks, matrix, vector_index, lexical, Path(), records)


def _same_lexical_text(
    previous: StoredIndex | None, chunks: list[Chunk], origins: list[int | None]
) -> list[int | None]:
    """Origins whose keyword tokens can be reused: same words, analyzed in the same language."""
    if previous is None:
        return []
    return [
        origin
        if origin is not None
        and previous.chunks[origin].language == chunk.language
        and lexical_text(previous.chunks[origin]) == lexical_text(chunk)
        else None
        for chunk, origin in zip(chunks, origins, strict=True)
    ]


def _reusable_records(
    previous: StoredIndex | None, chunks: list[Chunk], origins: list[int | None]
) -> list[dict | None] | None:
    """The stored form of each chunk that is exactly as before (saves serializing it again)."""
    if previous is None or previous.chunk_records is None:
        return None
    return [
        previous.chunk_records[origin]
        if origin is not None and previous.chunks[origin] == chunk
        else None
        for chunk, origin in zip(chunks, origins, strict=True)
    ]
