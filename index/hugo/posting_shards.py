"""The pickled postings of a parse cache, spread over a fixed number of shard files.

A file's posting lives in the shard a stable hash of its name picks. A shard is loaded when one of
its postings is needed, and written again, as a new file with a new name, only when one of its
entries changed; the parse cache's table names the shard files it relies on, so the old file stays
until the table that named it has been replaced (`remove_unnamed`).
"""

from __future__ import annotations

import os
import pickle
import uuid
import zlib
from pathlib import Path

SHARD_COUNT = 64
UNREADABLE = (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError)

Entry = tuple[bytes, str, bytes]  # the file's digest, the posting's content hash, the pickle


def shard_of(name: str) -> int:
    return zlib.crc32(name.encode()) % SHARD_COUNT


class PostingShards:
    """The shard files in `folder`; `files` maps a shard to its file's name and size."""

    def __init__(self, folder: Path, files: dict[int, tuple[str, int]]):
        self.folder = folder
        present = self._file_sizes() if files else {}
        self.files = {
            shard: file for shard, file in files.items() if present.get(file[0]) == file[1]
        }
        self.missing = set(files) - set(self.files)  # named, but gone or cut short
        self.loaded: dict[int, dict[str, Entry]] = {}
        self.pending: dict[int, dict[str, Entry | None]] = {}  # new entries (None: dropped)
        self.lost: set[int] = set()  # shards whose file could not be read

    def get(self, name: str) -> Entry | None:
        shard = shard_of(name)
        pending = self.pending.get(shard, {})
        return pending[name] if name in pending else self._entries(shard).get(name)

    def put(self, name: str, entry: Entry | None) -> None:
        self.pending.setdefault(shard_of(name), {})[name] = entry

    def write(self) -> dict[int, set[str]]:
        """Write each changed shard as a new file; for shards whose old file could not be read,
        the names they still hold (the others lost their postings)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        kept = {}
        for shard in sorted(self.pending.keys() | self.lost):
            entries = dict(self._entries(shard))
            for name, entry in self.pending.get(shard, {}).items():
                if entry is None:
                    entries.pop(name, None)
                else:
                    entries[name] = entry
            file = f"{shard:02x}-{uuid.uuid4().hex[:12]}.pickle"
            self.files[shard] = (file, write_atomically(self.folder / file, entries))
            self.loaded[shard] = entries
            if shard in self.lost:
                kept[shard] = set(entries)
        self.pending.clear()
        self.lost.clear()
        return kept

    def remove_unnamed(self) -> None:
        """Shard files no longer named: replaced ones, or those a crash left behind."""
        named = {file for file, _ in self.files.values()}
        for file in self._file_sizes().keys() - named:
            (self.folder / file).unlink(missing_ok=True)

    def _entries(self, shard: int) -> dict[str, Entry]:
        if shard not in self.loaded:
            entries = None
            if shard in self.files:
                try:
                    with open(self.folder / self.files[shard][0], "rb") as handle:
                        entries = pickle.load(handle)
                except UNREADABLE:
                    pass
                if not isinstance(entries, dict):
                    self.lost.add(shard)
            self.loaded[shard] = entries if isinstance(entries, dict) else {}
        return self.loaded[shard]

    def _file_sizes(self) -> dict[str, int]:
        try:
            with os.scandir(self.folder) as files:
                return {file.name: file.stat().st_size for file in files}
        except OSError:
            return {}


def write_atomically(path: Path, *objects: object) -> int:
    """Pickle `objects` one after the other into `path` via a temporary file; the size."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}")
    try:
        with open(temporary, "wb") as handle:
            for item in objects:
                pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
            size = handle.tell()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return size
