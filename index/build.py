"""Incremental builds: read the sources, embed only chunk texts not yet indexed, swap atomically.

An unchanged posting (same content hash, same chunker) is taken over from the previous generation
as stored: its chunks' lines, vectors, token ids and text keys are copied, never re-chunked,
re-serialized or re-analyzed. Sources that can read through a parse cache (`read_incremental`,
e.g. `HugoSource`) do not even parse or load their unchanged postings.
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.assemble import assemble
from index.build_report import BuildReport, nothing_message
from index.chunk_lines import text_key
from index.embeddings import Embedder
from index.errors import IndexLoadError, NothingIndexedError, SourceFetchError
from index.hugo.parse_cache import CachedPosting, content_hash_of
from index.models import Chunk, Posting, ReadResult, SkipWarning
from index.serialize import PostingMeta
from index.sources.base import Source
from index.store import PreviousIndex, current_generation, read_previous, write_index

Chunker = Callable[[Posting], list[Chunk]]
EMBED_SLICE = 256  # texts per progress-bar step
CACHE_FOLDER = "cache"


@dataclass
class _Entry:
    """One posting of the new index: either taken over (`kept`: its rows in the previous index)
    or chunked anew, each chunk with its text key and (once known) vector."""

    meta: PostingMeta
    kept: tuple[int, int] | None = None
    chunks: list[Chunk] = field(default_factory=list)
    keys: list[bytes] = field(default_factory=list)
    vectors: list[np.ndarray | None] = field(default_factory=list)
    origins: list[int | None] = field(default_factory=list)  # previous row with the same text

    @property
    def size(self) -> int:
        return self.kept[1] - self.kept[0] if self.kept else len(self.chunks)


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
        chunker = chunker or _default_chunker()
        previous = _load_previous(index_dir, embedder, report)
        collector = _Collector(previous, chunker, report, index_dir / CACHE_FOLDER)
        collector.take_over = _can_take_over(previous, _chunker_id(chunker))
        entries = collector.collect(sources)
        if not entries:
            raise NothingIndexedError(nothing_message(sources, report))
        _embed_missing(entries, embedder, report, progress)
        stored = assemble(entries, previous, embedder, report, vector_kind)
        stored.manifest["chunker"] = _chunker_id(chunker)
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


def _chunker_id(chunker: Chunker) -> str:
    """Which chunker made a generation's chunks: another one means nothing can be taken over.
    A chunker passed in by the caller is never trusted to be the one of the last build."""
    from index import chunking

    if chunker is not chunking.chunk_posting:
        return "custom"
    return f"index.chunking.chunk_posting:{chunking.MAX_CHUNK_WORDS}"


def _load_previous(
    index_dir: Path, embedder: Embedder, report: BuildReport
) -> PreviousIndex | None:
    if current_generation(index_dir) is None:
        return None
    try:
        previous = read_previous(index_dir, embedder.name, embedder.dim)
    except IndexLoadError as error:
        report.notes.append(f"previous index not reused: {error}")
        return None
    return previous


def _can_take_over(previous: PreviousIndex | None, chunker_id: str) -> bool:
    """Whether unchanged postings may be taken over as stored: only if chunked the same way
    (otherwise they are chunked again; unchanged texts still reuse their vectors)."""
    return (
        previous is not None
        and chunker_id != "custom"
        and previous.manifest.get("chunker") == chunker_id
    )


class _Collector:
    """Reads every source into entries: unchanged postings kept, the others chunked."""

    def __init__(
        self, previous: PreviousIndex | None, chunker: Chunker, report: BuildReport, cache: Path
    ):
        self.previous = previous
        self.chunker = chunker
        self.report = report
        self.cache = cache
        self.entries: dict[str, _Entry] = {}
        self.take_over = True  # unchanged postings are taken over as stored
        self._known: dict[bytes, int] | None = None

    def collect(self, sources: Sequence[Source]) -> dict[str, _Entry]:
        for source in sources:
            try:
                postings = self.read(source)
            except SourceFetchError as error:
                self.report.failed_sources[source.name] = str(error)
                self.keep_site(source.name)
                continue
            for posting in postings:
                self.add(posting)
        if self.previous is not None:
            self.report.deleted = sorted(set(self.previous.postings) - set(self.entries))
        return self.entries

    def read(self, source: Source) -> list[Posting | CachedPosting]:
        read_incremental = getattr(source, "read_incremental", None)
        if read_incremental is None:
            result: ReadResult = source.read()
            self.report.skipped.extend(result.warnings)
            return list(result.postings)
        name = hashlib.sha256(source.name.encode()).hexdigest()[:16]
        result = read_incremental(self.cache / f"{name}.pickle")
        self.report.skipped.extend(result.warnings)
        return result.in_order()

    def add(self, posting: Posting | CachedPosting) -> None:
        uid = posting.uid
        if uid in self.entries:
            posting_id = uid.split(":", 1)[-1]
            self.report.skipped.append(SkipWarning(posting_id, f"duplicate posting {uid}"))
            return
        content_hash = (
            posting.content_hash if isinstance(posting, CachedPosting) else content_hash_of(posting)
        )
        kept = self.kept(uid, content_hash)
        if kept is None:
            loaded = posting.load() if isinstance(posting, CachedPosting) else posting
            kept = self.chunked(loaded)
        self.entries[uid] = kept

    def kept(self, uid: str, content_hash: str) -> _Entry | None:
        old = self.previous.postings.get(uid) if self.previous is not None else None
        if old is None or old.content_hash != content_hash or not self.take_over:
            return None
        return _kept_entry(old)

    def keep_site(self, site: str) -> None:
        """A failed source: its postings of the previous index stay as they were."""
        if self.previous is None:
            return
        for uid, meta in self.previous.postings.items():
            if meta.site == site:
                self.entries[uid] = _kept_entry(meta)

    def chunked(self, posting: Posting) -> _Entry:
        """A posting's chunks, each reusing the vector of a previous chunk with the same text.

        Reuse goes by the embedded text rather than by posting, so an edit to one section of a
        posting re-embeds that section only.
        """
        chunks = self.chunker(posting)
        meta = PostingMeta.of(posting, chunks)
        old = self.previous.postings.get(posting.uid) if self.previous is not None else None
        if old is None:
            self.report.added.append(posting.uid)
        elif old.content_hash != meta.content_hash:
            self.report.changed.append(posting.uid)
        keys = [text_key(chunk) for chunk in chunks]
        origins = [self.known().get(key) for key in keys]
        vectors = [self.previous.vectors[row] if row is not None else None for row in origins]
        return _Entry(meta, None, chunks, keys, vectors, origins)

    def known(self) -> dict[bytes, int]:
        """Row of each embedded text of the previous index, by text key (built once, on demand)."""
        if self._known is None:
            keys = self.previous.text_keys.tolist() if self.previous is not None else []
            self._known = {key: row for row, key in enumerate(keys)}
        return self._known


def _kept_entry(meta: PostingMeta) -> _Entry:
    rows = meta.chunk_indices
    span = (rows[0], rows[-1] + 1) if rows else (0, 0)
    return _Entry(meta, kept=span)


def _embed_missing(
    entries: dict[str, _Entry], embedder: Embedder, report: BuildReport, progress: bool
) -> None:
    missing = [
        (entry, n)
        for entry in entries.values()
        if entry.kept is None
        for n, vector in enumerate(entry.vectors)
        if vector is None
    ]
    texts = [entry.chunks[n].embedding_text() for entry, n in missing]
    unique = list(dict.fromkeys(texts))  # a text repeated in several chunks is embedded once
    by_text = dict(zip(unique, _encode(embedder, unique, progress), strict=True))
    for (entry, n), text in zip(missing, texts, strict=True):
        entry.vectors[n] = by_text[text]
    report.embedded = len(missing)
    report.reused = sum(entry.size for entry in entries.values()) - len(missing)


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
