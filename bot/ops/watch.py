"""`careers-bot index --watch`: rebuild the index whenever its sources change.

Local sources (Hugo sites, markdown folders, the sources file itself) are polled by a cheap
fingerprint of their files' sizes and modification times; remote sources (job boards) have no
change signal, so with any of them the index is also rebuilt every `remote_seconds` (the build
is incremental and its HTTP requests conditional, so an unchanged board costs little).
A failed rebuild is logged and the previous index stays live; the watch goes on.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.errors import describe

DEFAULT_POLL_SECONDS = 5.0
DEFAULT_REMOTE_SECONDS = 300.0
SKIPPED_DIRS = frozenset({"node_modules", "public", "resources", "__pycache__"})  # Hugo output
log = logging.getLogger(__name__)


@dataclass
class WatchResult:
    builds: int = 0
    failures: int = 0


def local_paths(sources: Iterable[object]) -> list[Path]:
    """The folders of sources that live on disk (Hugo: `.path`; markdown: `.spec.path`)."""
    paths = []
    for source in sources:
        path = getattr(source, "path", None) or getattr(getattr(source, "spec", None), "path", None)
        if path is not None:
            paths.append(Path(path))
    return paths


def fingerprint(paths: Sequence[Path], ignored: Sequence[Path] = ()) -> str:
    """Changes when a file under `paths` is added, removed, resized or modified.

    Hidden folders (`.git`, the default `.careers-bot/` index) and `ignored` ones (the index
    folder, wherever it is) are skipped, so a build never triggers the next one.
    """
    digest = hashlib.blake2b(digest_size=16)
    skip = {os.path.realpath(p) for p in ignored}
    for root in sorted(Path(p) for p in paths):
        for path, size, mtime in _files(root, skip):
            digest.update(f"{path}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _files(root: Path, skip: set[str]) -> Iterable[tuple[str, int, int]]:
    if root.is_file():
        stat = root.stat()
        yield str(root), stat.st_size, stat.st_mtime_ns
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if _watched(folder, d, skip))
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:  # removed while walking: the next poll sees it
                continue
            yield path, stat.st_size, stat.st_mtime_ns


def _watched(folder: str, name: str, skip: set[str]) -> bool:
    if name.startswith(".") or name in SKIPPED_DIRS:
        return False
    return os.path.realpath(os.path.join(folder, name)) not in skip


def watch_and_rebuild(
    rebuild: Callable[[], object],
    watched_paths: Callable[[], Sequence[Path]],
    *,
    has_remote_sources: bool = False,
    ignored: Sequence[Path] = (),
    poll_seconds: float = DEFAULT_POLL_SECONDS,
    remote_seconds: float = DEFAULT_REMOTE_SECONDS,
    stop: threading.Event | None = None,
    on_build: Callable[[object], None] | None = None,
) -> WatchResult:
    """Build once, then rebuild on every change until `stop` is set (or Ctrl-C).

    `rebuild` reads the sources afresh each time (so an edited sources file takes effect);
    `watched_paths` names what to poll, re-evaluated after each build for the same reason.
    """
    stop = stop or threading.Event()
    result = WatchResult()
    seen: str | None = None
    last_build = float("-inf")
    while not stop.is_set():
        paths = watched_paths()
        current = fingerprint(paths, ignored)
        remote_due = has_remote_sources and time.monotonic() - last_build >= remote_seconds
        if current != seen or remote_due:
            seen, last_build = current, time.monotonic()
            _build_once(rebuild, result, on_build)
        stop.wait(poll_seconds)
    return result


def _build_once(
    rebuild: Callable[[], object], result: WatchResult, on_build: Callable[[object], None] | None
) -> None:
    try:
        report = rebuild()
    except Exception as error:  # keep watching: the previous index stays live
        result.failures += 1
        reason = describe(error)  # in the message too: a plain-text log shows no extra fields
        log.error(
            "index rebuild failed (%s); previous index stays live", reason, extra={"error": reason}
        )
        return
    result.builds += 1
    summary = getattr(report, "summary", None)
    log.info(summary() if callable(summary) else "index rebuilt")
    if on_build is not None:
        on_build(report)


def watch_sources(
    make_sources: Callable[[], Sequence[object]],
    rebuild_with: Callable[[Sequence[object]], object],
    *,
    index_dir: Path,
    config: Path | None = None,
    poll_seconds: float = DEFAULT_POLL_SECONDS,
    remote_seconds: float = DEFAULT_REMOTE_SECONDS,
    stop: threading.Event | None = None,
    on_build: Callable[[object], None] | None = None,
) -> WatchResult:
    """`index --watch`: sources are resolved again before every build (the file may change)."""
    current = list(make_sources())

    def rebuild() -> object:
        current[:] = make_sources() or current
        return rebuild_with(current)

    def watched() -> list[Path]:
        return [*local_paths(current), *([Path(config)] if config else [])]

    has_remote = len(local_paths(current)) < len(current)
    return watch_and_rebuild(
        rebuild,
        watched,
        has_remote_sources=has_remote,
        ignored=[Path(index_dir)],
        poll_seconds=poll_seconds,
        remote_seconds=remote_seconds,
        stop=stop,
        on_build=on_build,
    )
