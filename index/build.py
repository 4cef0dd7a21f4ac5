"""Incremental builds: read the sources, re-embed only postings that changed, write atomically."""

from __future__ import annotations

import fcntl
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.embeddings import Embedder
from index.errors import IndexLoadError, NothingIndexedError, SourceFetchError
from index.lexical import LexicalIndex
from index.models import Chunk, Posting, SkipWarning
from index.serialize import PostingMeta
from index.sources.base import Source
from index.store import (
    FORMAT_VERSION,
    StoredIndex,
    current_generation,
    new_generation_id,
    read_index,
    write_index,
)
from index.vectors import update_vector_index

Chunker = Callable[[Posting], list[Chunk]]
EMBED_SLICE = 256  # texts per progress-bar step


@dataclass
class BuildReport:
    index_dir: Path
    postings_by_visibility: dict[str, int] = field(default_factory=dict)
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    skipped: list[SkipWarning] = field(default_factory=list)
    failed_sources: dict[str, str] = field(default_factory=dict)  # name -> why; last good kept
    added: list[str] = field(default_factory=list)  # posting uids
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. why nothing could be reused
    vector_index: str = ""
    seconds: float = 0.0

    @property
    def postings(self) -> int:
        return sum(self.postings_by_visibility.values())

    def summary(self) -> str:
        by_visibility = ", ".join(
            f"{n} {v}" for v, n in sorted(self.postings_by_visibility.items())
        )
        reasons = Counter(warning.reason.split(":")[0] for warning in self.skipped)
        skipped = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        line = (
            f"Indexed {self.postings} postings ({by_visibility or 'none'}), {self.chunks} chunks: "
            f"{self.embedded} embedded, {self.reused} reused; "
            f"skipped {len(self.skipped)} files{f' ({skipped})' if skipped else ''}; "
            f"{self.seconds:.1f}s"
        )
        if self.failed_sources:
            line += f"; kept the last good postings of {', '.join(sorted(self.failed_sources))}"
        return line


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
            raise NothingIndexedError(_nothing_message(sources, report))
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
            entries[posting.uid] = _entry_for(posting, previous, chunker, report)
    if previous is not None:
        report.deleted = sorted(set(previous.postings) - set(entries))
    return entries


def _entry_for(
    posting: Posting, previous: StoredIndex | None, chunker: Chunker, report: BuildReport
) -> _Entry:
    chunks = chunker(posting)
    meta = PostingMeta.of(posting, chunks)
    old = previous.postings.get(posting.uid) if previous is not None else None
    vectors: list[np.ndarray | None] = [None] * len(chunks)
    origins: list[int | None] = [None] * len(chunks)
    if old is None:
        report.added.append(posting.uid)
    elif old.content_hash != meta.content_hash:
        report.changed.append(posting.uid)
    else:
        # Unchanged posting: reuse each vector whose chunk text is the same (it is, unless the
        # chunker itself changed since the last build).
        old_rows = {previous.chunks[row].embedding_text(): row for row in old.chunk_indices}
        for n, chunk in enumerate(chunks):
            origins[n] = old_rows.get(chunk.embedding_text())
            vectors[n] = previous.vectors[origins[n]] if origins[n] is not None else None
    return _Entry(meta, chunks, vectors, origins)


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
    vectors = _encode(embedder, texts, progress)
    for (entry, n), vector in zip(missing, vectors, strict=True):
        entry.vectors[n] = vector
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
    manifest = _manifest(postings, embedder, report)
    lexical = LexicalIndex.build(chunks, previous.lexical if previous else None, origins)
    return StoredIndex(manifest, postings, chunks, matrix, vector_index, lexical, Path(), records)


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


def _manifest(postings: dict[str, PostingMeta], embedder: Embedder, report: BuildReport) -> dict:
    return {
        "format": FORMAT_VERSION,
        "generation": new_generation_id(),
        "model": embedder.name,
        "dim": embedder.dim,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "vector_index": report.vector_index,
        "counts": {
            "postings": len(postings),
            "chunks": report.chunks,
            "by_visibility": report.postings_by_visibility,
            "embedded": report.embedded,
            "reused": report.reused,
            "skipped": len(report.skipped),
        },
        "sources": _source_status(postings, report),
        "postings": {
            uid: {"hash": meta.content_hash, "site": meta.site, "visibility": str(meta.visibility)}
            for uid, meta in postings.items()
        },
    }


def _source_status(postings: dict[str, PostingMeta], report: BuildReport) -> dict[str, dict]:
    """Per source: postings in the index, and whether this build could read it."""
    counts = Counter(meta.site for meta in postings.values())
    status: dict[str, dict] = {}
    for site in sorted(set(counts) | set(report.failed_sources)):
        status[site] = {"postings": counts[site], "status": "ok"}
        if site in report.failed_sources:
            status[site].update(status="failed", error=report.failed_sources[site])
    return status


def _nothing_message(sources: Sequence[Source], report: BuildReport) -> str:
    names = ", ".join(source.name for source in sources) or "no sources given"
    reasons = [str(warning) for warning in report.skipped[:5]]
    reasons += [f"{name}: {why}" for name, why in report.failed_sources.items()]
    detail = f" ({'; '.join(reasons)})" if reasons else ""
    return f"no posting could be indexed from {names}{detail}"
