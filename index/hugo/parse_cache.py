"""What each content file of a Hugo site parsed into, so a rebuild parses changed files only.

On disk, for the cache path `<p>`: a small table at `<p>` itself (per content file its size,
mtime, sha256, warnings, posting uid, content hash and visibility), the site's last file listing
in `<p>.listing`, and the pickled `Posting`s in shard files in `<p>.shards/` (see
`index.hugo.posting_shards`). A read loads the table and the listing only; a posting is unpickled
when a build needs it. Shards are written first and the table last, each atomically, and a shard
file is removed only once the table no longer names it, so the table never points at a posting
that is not there; a posting that went missing all the same is a cache miss (parsed again).

The whole cache is dropped when the site config, the reader's options or the parser's own code
change. A file is trusted on its size and mtime alone only when it was last written well before
the cache recorded it (git's "racy clean" rule); otherwise its bytes are hashed and compared.
The listing is reused while the content folders hold the same file and folder names.

The cache lives in the index folder and is as trusted as the index itself (it is a pickle).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from index.hugo.content_files import _walk
from index.hugo.posting_shards import UNREADABLE, PostingShards, shard_of, write_atomically
from index.hugo.visibility import to_datetime
from index.models import Posting, ReadResult, Visibility

CACHE_VERSION = 2
RACY_WINDOW_NS = 2_000_000_000  # mtimes this close to the recording time may hide an edit
ALWAYS = (-(2**63), 2**63)  # a visibility window without end (µs since the epoch)
_TABLE_TAG = "careers-bot parse cache table"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CONTENT_HASH = "_cached_content_hash"  # memo of Posting.content_hash(), see content_hash_of
_code_fingerprint: str | None = None

Listed = tuple[str, str, str, bool]  # a content file: name, content path, language, section page?


@dataclass
class FileOutcome:
    """What one content file gave: a posting (or None when skipped) and warnings."""

    posting: Posting | None
    warnings: list[str] = field(default_factory=list)
    dates: dict = field(default_factory=dict)  # front-matter values visibility depends on
    content_hash: str = ""  # of `posting` as parsed (with its visibility at parse time)


class CacheRecord(NamedTuple):
    """A file's stat and hash, and its posting as of the last read (the posting is in a shard)."""

    size: int
    mtime_ns: int
    digest: bytes  # sha256 of the file
    recorded_ns: int
    warnings: tuple[str, ...]
    uid: str | None
    visibility: str  # as of the last read, and `content_hash` of the posting with it
    content_hash: str
    visible_from: int  # `visibility` holds from this clock time (µs since the epoch) ...
    visible_until: int  # ... until just before this one

    def visible_as_before(self, now_us: int) -> bool:
        return self.visible_from <= now_us < self.visible_until


@dataclass(slots=True)
class CachedPosting:
    """A posting the cache holds unchanged: its uid and hash now, the posting itself on demand."""

    uid: str
    content_hash: str
    cache: ParseCache
    name: str

    def load(self) -> Posting:
        return self.cache.posting(self.name)


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


def micros(when: datetime) -> int:
    """An aware datetime as whole microseconds since the epoch (exact, unlike a float)."""
    return (when - _EPOCH) // timedelta(microseconds=1)


def visibility_window(dates: dict[str, Any], now_us: int) -> tuple[int, int]:
    """The clock times around `now_us` over which the visibility these front-matter values give
    stays the same: it is decided by comparing the clock with them, so it can only change at one
    of the dates among them."""
    moments = [micros(when) for value in dates.values() if (when := to_datetime(value))]
    start = max((moment for moment in moments if moment <= now_us), default=ALWAYS[0])
    end = min((moment for moment in moments if moment > now_us), default=ALWAYS[1])
    return start, end


def folders_fingerprint(folders: list[Path]) -> str:
    """A hash of every file and folder name under `folders` (content roots), as listed for
    pages. A root inside another one (`content/en` in `content`) was listed with it (unless it
    is a link: links to folders are not followed)."""
    digest = hashlib.sha256()
    listed: set[str] = set()
    for folder in sorted({str(folder) for folder in folders}, key=len):
        if folder in listed:
            continue
        files, subfolders = _walk(folder)
        listed.update(subfolders)
        for names in ([folder], files, subfolders):
            digest.update("\0".join(names).encode(errors="surrogateescape") + b"\1")
    return digest.hexdigest()


class ParseCache:
    """The parse cache of one site at `path`; `key` identifies config and options, `now` is the
    clock of the read (postings' visibility is kept as of `now`)."""

    def __init__(self, path: Path, key: str, now: datetime):
        self.path = Path(path)
        self.listing_path = self.path.with_name(self.path.name + ".listing")
        self.key = hashlib.sha256(f"{parser_fingerprint()}\0{key}".encode()).hexdigest()
        self.now_us = micros(now)
        self.records: dict[str, CacheRecord] = {}
        self.shards = PostingShards(self.path.with_name(self.path.name + ".shards"), {})
        self._load_table()
        self.listing: tuple[str, list[Listed]] = self._load_listing()  # (fingerprint, files)
        self.fallback: Callable[[Listed], Posting] | None = None  # parses a file again
        self.changed = False

    def _load_table(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                if pickle.load(handle) != (_TABLE_TAG, self.key):
                    return
                shard_files, rows = pickle.load(handle)
            records = dict(zip(rows, map(CacheRecord._make, rows.values()), strict=True))
            self.shards = PostingShards(self.shards.folder, shard_files)
        except UNREADABLE:
            return
        if missing := self.shards.missing:  # their postings are gone: those files are parsed again
            records = {n: r for n, r in records.items() if not r.uid or shard_of(n) not in missing}
        self.records = records

    def _load_listing(self) -> tuple[str, list[Listed]]:
        try:
            with open(self.listing_path, "rb") as handle:
                key, fingerprint, names, *columns = pickle.load(handle)
            if key == self.key:
                return fingerprint, list(zip(names, *columns, strict=True))
        except UNREADABLE:
            pass
        return "", []

    def relisted(self, fingerprint: str, listing: list[Listed]) -> None:
        """The content folders changed: this is the site's new listing."""
        self.listing, self.changed = (fingerprint, listing), True
        columns = [list(column) for column in zip(*listing, strict=True)] or [[]] * 4
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.listing_path, (self.key, fingerprint, *columns))

    def lookup(self, name: str, path: str | Path) -> CacheRecord | None:
        """The cached record of the file `path` (keyed `name`) if the file is unchanged."""
        record = self.records.get(name)
        if record is None:
            return None
        stat = os.stat(path)
        same_stat = stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns
        if same_stat and stat.st_mtime_ns < record.recorded_ns - RACY_WINDOW_NS:
            return record
        if stat.st_size == record.size and _digest(path) == record.digest:
            record = record._replace(mtime_ns=stat.st_mtime_ns, recorded_ns=time.time_ns())
            self.records[name], self.changed = record, True
            return record
        return None

    def forget(self, name: str) -> None:
        """Drop the file's entry (it could not be used): the file is parsed and stored again."""
        record = self.records.pop(name, None)
        if record is not None:
            if record.uid is not None:
                self.shards.put(name, None)
            self.changed = True

    def store(self, name: str, stat: os.stat_result, data: bytes, outcome: FileOutcome) -> None:
        """Remember `outcome` of the file's bytes `data`, read after `stat` was taken."""
        posting, digest = outcome.posting, hashlib.sha256(data).digest()
        window = visibility_window(outcome.dates, self.now_us) if posting is not None else ALWAYS
        self.records[name] = CacheRecord(
            *(stat.st_size, stat.st_mtime_ns, digest, time.time_ns(), tuple(outcome.warnings)),
            posting.uid if posting is not None else None,
            str(posting.visibility) if posting is not None else "",
            *(outcome.content_hash, *window),
        )
        if posting is not None:
            blob = pickle.dumps((posting, outcome.dates), protocol=pickle.HIGHEST_PROTOCOL)
            self.shards.put(name, (digest, outcome.content_hash, blob))
        self.changed = True

    def redate(self, name: str, posting: Posting, dates: dict[str, Any]) -> None:
        """The file's posting has another visibility now (a date passed): remember it."""
        visibility, content_hash = str(posting.visibility), content_hash_of(posting)
        remember_content_hash(posting, content_hash)
        window = visibility_window(dates, self.now_us)
        self.records[name] = self.records[name]._replace(
            visibility=visibility,
            content_hash=content_hash,
            visible_from=window[0],
            visible_until=window[1],
        )
        self.changed = True

    def outcome(self, name: str) -> FileOutcome | None:
        """The file's outcome as parsed, or None when its posting can't be found any more."""
        record = self.records[name]
        if record.uid is None:
            return FileOutcome(None, list(record.warnings))
        if (entry := self._entry(name)) is None:
            return None
        posting, dates = entry[1]
        return FileOutcome(posting, list(record.warnings), dates, entry[0])

    def posting(self, name: str) -> Posting:
        """The file's posting with its visibility as of the read (reparsed if it went missing)."""
        record, entry = self.records.get(name), self._entry(name)
        if record is None or entry is None:
            listed = next((listed for listed in self.listing[1] if listed[0] == name), None)
            if self.fallback is None or listed is None:
                raise KeyError(name)
            return self.fallback(listed)
        posting = entry[1][0]
        if str(posting.visibility) != record.visibility:
            posting = replace(posting, visibility=Visibility(record.visibility))
        return remember_content_hash(posting, record.content_hash)

    def _entry(self, name: str) -> tuple[str, tuple[Posting, dict]] | None:
        """The content hash and (posting, dates) as parsed, if the shard has them."""
        entry, record = self.shards.get(name), self.records.get(name)
        if entry is None or record is None or entry[0] != record.digest:
            return None
        try:
            return entry[1], pickle.loads(entry[2])
        except UNREADABLE:
            return None

    def save(self) -> None:
        """Write what changed (atomically); entries of vanished files are dropped."""
        if not self.changed:
            return
        for name in self.records.keys() - {listed[0] for listed in self.listing[1]}:
            if self.records.pop(name).uid is not None:
                self.shards.put(name, None)
        for shard, names in self.shards.write().items():  # old files that could not be read
            lost = [n for n, r in self.records.items() if r.uid and shard_of(n) == shard]
            for name in set(lost) - names:
                del self.records[name]
        rows = dict(zip(self.records, map(tuple, self.records.values()), strict=True))
        write_atomically(self.path, (_TABLE_TAG, self.key), (self.shards.files, rows))
        self.shards.remove_unnamed()
        self.changed = False


def _digest(path: str | Path) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).digest()
