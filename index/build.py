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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.assemble import assemble
from index.build_report import BuildReport, nothing_message
from index.delta import Chunker, fill_delta
from index.embeddings import Embedder
from index.errors import IndexLoadError, NothingIndexedError, SourceFetchError
from index.hugo.parse_cache import CachedPosting, content_hash_of
from index.models import Chunk, Posting, ReadResult, SkipWarning
from index.serialize import PostingMeta
from index.skips import skipped_on_error
from index.sources.base import Source
from index.store import Generation, current_generation, read_generation, write_index

CACHE_FOLDER = "cache"
DICT_AFTER_LOOKUPS = 200  # text-key lookups before a dictionary of all keys pays off


@dataclass
class _Entry:
    """One posting of the new index: either taken over (`kept`: its rows in the previous index)
    or chunked anew, each chunk with its text key and (once known) vector."""

    meta: PostingMeta | None  # None when kept (its stored line is reused) or not yet chunked
    kept: tuple[int, int] | None = None
    summary: dict | None = None  # a kept posting's summary in the previous manifest
    posting: Posting | None = None  # a new or changed posting, until it is chunked
    content_hash: str = ""  # a new or changed posting's
    chunks: list[Chunk] = field(default_factory=list)  # while its batch is being embedded
    keys: list[bytes] = field(default_factory=list)
    first: int = 0  # its first row in the new segment
    count: int = 0  # its number of chunks

    @property
    def size(self) -> int:
        return self.kept[1] - self.kept[0] if self.kept else self.count


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
        pending = [entry for entry in entries.values() if entry.kept is None]
        delta = fill_delta(pending, chunker, collector.known_vector, embedder, report, progress)
        report.reused = sum(entry.size for entry in entries.values()) - report.embedded
        new = assemble(entries, previous, delta, embedder, report, vector_kind)
        new.manifest["chunker"] = _chunker_id(chunker)
        new.manifest["seconds"] = round(time.perf_counter() - started, 3)  # before writing
        write_index(index_dir, new)
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


def _load_previous(index_dir: Path, embedder: Embedder, report: BuildReport) -> Generation | None:
    if current_generation(index_dir) is None:
        return None
    try:
        previous = read_generation(index_dir, embedder.name, embedder.dim)
    except IndexLoadError as error:
        report.notes.append(f"previous index not reused: {error}")
        return None
    return previous


def _can_take_over(previous: Generation | None, chunker_id: str) -> bool:
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
        self, previous: Generation | None, chunker: Chunker, report: BuildReport, cache: Path
    ):
        self.previous = previous
        self.chunker = chunker
        self.report = report
        self.cache = cache
        self.entries: dict[str, _Entry] = {}
        self.take_over = True  # unchanged postings are taken over as stored
        self._known: dict[bytes, tuple[int, int]] | None = None
        self._lookups = 0
        self._live: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # see _live_keys

    def collect(self, sources: Sequence[Source]) -> dict[str, _Entry]:
        for source in sources:
            try:
                postings = self.read(source)
            except SourceFetchError as error:
                self.report.failed_sources[source.name] = str(error)
                self.keep_site(source.name)
                continue
            for posting in postings:
                with skipped_on_error(_file_of(posting), self.report.skipped):
                    self.add(posting)  # a cached posting is loaded here: that may fail
        if self.previous is not None:
            self.report.deleted = sorted(set(self.previous.summaries) - set(self.entries))
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
        old = self.previous.summaries.get(uid) if self.previous is not None else None
        if isinstance(posting, CachedPosting):
            content_hash = posting.content_hash
            if not self.can_keep(old, content_hash):
                posting = posting.load()
                content_hash = content_hash_of(posting)  # known: the cache remembered it
        else:
            content_hash = content_hash_of(posting)
        if self.can_keep(old, content_hash):
            self.entries[uid] = _kept_entry(old)
        else:
            self.entries[uid] = self.chunked(posting, old, content_hash)

    def can_keep(self, old: dict | None, content_hash: str) -> bool:
        """Whether the posting is taken over as stored in the previous index (`old`)."""
        return self.take_over and old is not None and old["hash"] == content_hash

    def keep_site(self, site: str) -> None:
        """A failed source: its postings of the previous index stay as they were."""
        if self.previous is None:
            return
        for uid, summary in self.previous.summaries.items():
            if summary["site"] == site:
                self.entries[uid] = _kept_entry(summary)

    def chunked(self, posting: Posting, old: dict | None, content_hash: str) -> _Entry:
        """A new or changed posting, to be chunked and embedded in its batch (index.delta)."""
        if old is None:
            self.report.added.append(posting.uid)
        elif old["hash"] != content_hash:
            self.report.changed.append(posting.uid)
        return _Entry(None, posting=posting, content_hash=content_hash)

    def known_vector(self, key: bytes) -> np.ndarray | None:
        """The vector of a previous chunk whose embedded text has this key, if any.

        A few lookups (an edit) scan the segments' key arrays; many (a big change) build a
        dictionary of every key once.
        """
        if self.previous is None:
            return None
        self._lookups += 1
        if self._known is None and self._lookups > DICT_AFTER_LOOKUPS:
            self._known = {}
            for number in range(len(self.previous.segments)):
                live, keys = self._live_keys(number)
                for local, text_key in zip(live.tolist(), keys.tolist(), strict=True):
                    self._known.setdefault(text_key, (number, local))
        place = self._known.get(key) if self._known is not None else self._scan(key)
        if place is None:
            return None
        return np.asarray(self.previous.segments[place[0]].vectors[place[1]], dtype=np.float32)

    def _scan(self, key: bytes) -> tuple[int, int] | None:
        for number in range(len(self.previous.segments)):
            live, keys = self._live_keys(number)
            found = np.flatnonzero(keys == np.array(key, dtype=keys.dtype))
            if len(found):
                return number, int(live[found[0]])
        return None

    def _live_keys(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        """A segment's rows that are rows of the index and their text keys, worked out once per
        build (every lookup of an edit scans them): the vectors of dead rows are not reused, so
        what a build embeds is exactly what is new to the live index."""
        if number not in self._live:
            live = np.flatnonzero(self.previous.row_map.rows_of[number] >= 0)
            self._live[number] = live, self.previous.segments[number].keys[live]
        return self._live[number]


def _file_of(posting: Posting | CachedPosting) -> str:
    return posting.name if isinstance(posting, CachedPosting) else posting.id


def _kept_entry(summary: dict) -> _Entry:
    first, count = summary["rows"]
    return _Entry(None, kept=(first, first + count), summary=summary)
