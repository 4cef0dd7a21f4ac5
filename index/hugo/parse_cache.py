"""What each content file of a Hugo site parsed into, so a rebuild parses changed files only.

One pickle file per source holds, per content file: its size, mtime and sha256, and the outcome of
parsing it (a `Posting` with the front-matter values that decide its visibility, plus the warnings
it gave, or the reason it was skipped). The whole cache is dropped when the site config, the
reader's options or the parser's own code change. A file is trusted on its size and mtime alone
only when it was last written well before the cache recorded it (git's "racy clean" rule);
otherwise its bytes are hashed and compared.

The cache lives in the index folder and is as trusted as the index itself (it is a pickle).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from index.models import Posting, ReadResult

CACHE_VERSION = 1
RACY_WINDOW_NS = 2_000_000_000  # mtimes this close to the recording time may hide an edit
_CONTENT_HASH = "_cached_content_hash"  # memo of Posting.content_hash(), see content_hash_of
_code_fingerprint: str | None = None


@dataclass
class FileOutcome:
    """What one content file gave: a posting (or None when skipped) and warnings."""

    posting: Posting | None
    warnings: list[str] = field(default_factory=list)
    dates: dict = field(default_factory=dict)  # front-matter values visibility depends on
    content_hash: str = ""  # of `posting` as parsed (with its visibility at parse time)


@dataclass
class CacheRecord:
    """A file's stat and hash, and its outcome; the posting stays pickled until it is needed."""

    size: int
    mtime_ns: int
    digest: str
    recorded_ns: int
    warnings: list[str]
    dates: dict
    content_hash: str
    uid: str | None
    visibility: str
    blob: bytes  # the pickled Posting ("" when the file was skipped)

    def outcome(self) -> FileOutcome:
        posting = pickle.loads(self.blob) if self.blob else None
        return FileOutcome(posting, list(self.warnings), self.dates, self.content_hash)


@dataclass
class CachedPosting:
    """A posting the cache holds unchanged: its uid and hash now, the posting itself on demand."""

    uid: str
    content_hash: str
    record: CacheRecord

    def load(self) -> Posting:
        posting = pickle.loads(self.record.blob)
        return remember_content_hash(posting, self.content_hash)


@dataclass
class IncrementalRead(ReadResult):
    """A read through the cache: new or changed `postings`, and the `unchanged` ones by uid."""

    unchanged: dict[str, CachedPosting] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # every posting's uid, in the site's order

    def in_order(self) -> list[Posting | CachedPosting]:
        read = {posting.uid: posting for posting in self.postings}
        return [read.get(uid) or self.unchanged[uid] for uid in self.order]


def remember_content_hash(posting: Posting, content_hash: str) -> Posting:
    """Attach a known `content_hash()` to a posting (not a field: equality and repr ignore it).

    Only for postings fresh from a read, which nobody changes afterwards; `dataclasses.replace`
    drops it."""
    posting.__dict__[_CONTENT_HASH] = content_hash
    return posting


def content_hash_of(posting: Posting) -> str:
    """`posting.content_hash()`, unless a parse cache already knows it."""
    return posting.__dict__.get(_CONTENT_HASH) or posting.content_hash()


def parser_fingerprint() -> str:
    """A hash of the parsing code itself: a new version of the parser invalidates every cache."""
    global _code_fingerprint
    if _code_fingerprint is None:
        root = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256(str(CACHE_VERSION).encode())
        for folder in ("hugo", "text"):
            for path in sorted((root / folder).glob("*.py")):
                digest.update(path.name.encode() + path.read_bytes())
        digest.update((root / "models.py").read_bytes())
        _code_fingerprint = digest.hexdigest()
    return _code_fingerprint


class ParseCache:
    """The parse cache of one site, in the file `path`; `key` identifies config and options."""

    def __init__(self, path: Path, key: str):
        self.path = Path(path)
        self.key = hashlib.sha256(f"{parser_fingerprint()}\0{key}".encode()).hexdigest()
        self.records: dict[str, CacheRecord] = self._load()
        self.used: set[str] = set()
        self.changed = False
        self.hits = 0
        self.misses = 0

    def _load(self) -> dict[str, CacheRecord]:
        try:
            with open(self.path, "rb") as handle:
                key, records = pickle.load(handle)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError):
            return {}
        return records if key == self.key and isinstance(records, dict) else {}

    def lookup(self, name: str, path: Path) -> CacheRecord | None:
        """The cached outcome for the file `path` (keyed `name`) if the file is unchanged."""
        self.used.add(name)
        record = self.records.get(name)
        if record is None:
            self.misses += 1
            return None
        stat = path.stat()
        same_stat = stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns
        if same_stat and stat.st_mtime_ns < record.recorded_ns - RACY_WINDOW_NS:
            self.hits += 1
            return record
        if stat.st_size == record.size and _digest(path) == record.digest:
            record.mtime_ns, record.recorded_ns = stat.st_mtime_ns, time.time_ns()
            self.changed = True
            self.hits += 1
            return record
        self.misses += 1
        return None

    def store(self, name: str, stat: os.stat_result, digest: str, outcome: FileOutcome) -> None:
        """Remember `outcome` of the bytes hashing to `digest`, read after `stat` was taken."""
        self.used.add(name)
        posting = outcome.posting
        self.records[name] = CacheRecord(
            stat.st_size,
            stat.st_mtime_ns,
            digest,
            time.time_ns(),
            outcome.warnings,
            outcome.dates,
            outcome.content_hash,
            posting.uid if posting is not None else None,
            str(posting.visibility) if posting is not None else "",
            pickle.dumps(posting, protocol=pickle.HIGHEST_PROTOCOL) if posting is not None else b"",
        )
        self.changed = True

    def save(self) -> None:
        """Write the cache (atomically) when it changed; entries of vanished files are dropped."""
        stale = set(self.records) - self.used
        if not self.changed and not stale:
            return
        for name in stale:
            del self.records[name]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex[:6]}")
        try:
            with open(temporary, "wb") as handle:
                pickle.dump((self.key, self.records), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)
        self.changed = False


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
