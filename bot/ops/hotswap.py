"""Live index updates: follow the index folder and swap a newer generation in without a restart.

`IndexHolder` is what the answer engine is given (it is a zero-argument callable returning the
current `LoadedIndex`). A background thread polls the folder's `CURRENT` pointer; when it names a
new generation the thread loads it, validates it and replaces the reference in one assignment.
Answers in flight keep the index object they already hold, so they finish on the old generation;
a new index that fails to load or to validate is refused and the old one keeps serving.

Polling (not inotify) because the folder is often a network volume written from another node.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.ops import metrics
from index.embeddings import Embedder
from index.errors import IndexLoadError
from index.search import LoadedIndex, load_index
from index.store import GENERATIONS, current_generation, generation_folder, read_manifest

DEFAULT_POLL_SECONDS = 5.0
log = logging.getLogger(__name__)

Validator = Callable[[LoadedIndex], None]


@dataclass(frozen=True)
class SwapResult:
    generation: str | None
    swapped: bool
    reason: str = ""  # why a new generation was refused, or "unchanged"


def validate_index(index: LoadedIndex) -> None:
    """Refuse an index that could not answer: empty, or one whose search fails."""
    if not index.postings or not index.chunks:
        raise IndexLoadError(f"{index.folder}: the new index holds no postings")
    missing = [uid for uid, meta in index.postings.items() if not index.chunks_of(uid)]
    if len(missing) == len(index.postings):
        raise IndexLoadError(f"{index.folder}: no posting of the new index has chunks")
    try:
        index.search(next(iter(index.postings.values())).title or "job", k=1)
    except Exception as error:
        raise IndexLoadError(f"{index.folder}: search fails on the new index ({error})") from error


class IndexHolder:
    def __init__(
        self,
        index_dir: Path,
        embedder: Embedder,
        *,
        validator: Validator = validate_index,
        on_swap: Callable[[LoadedIndex], None] | None = None,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self._validator = validator
        self._on_swap = on_swap
        self._index: LoadedIndex | None = None
        self._seen: str | None = None  # the last generation tried, swapped in or refused
        self._check_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def of(cls, index: LoadedIndex, embedder: Embedder | None = None) -> IndexHolder:
        """A holder already serving `index` (loaded by the caller) from its folder."""
        holder = cls(_index_dir_of(index), embedder or index.embedder)
        holder._index = index
        holder._seen = _fingerprint(holder.index_dir)
        metrics.record_loaded_index(index)
        return holder

    @property
    def current(self) -> LoadedIndex:
        index = self._index
        if index is None:
            raise IndexLoadError(f"no index loaded from {self.index_dir} yet")
        return index

    def __call__(self) -> LoadedIndex:
        return self.current

    @property
    def generation(self) -> str | None:
        return self._index.generation if self._index is not None else None

    def is_ready(self) -> bool:
        return self._index is not None

    def load(self) -> LoadedIndex:
        """Load the live generation now (start-up); raises IndexLoadError when it can't."""
        result = self.check()
        if self._index is None:
            if result.reason not in ("", "unchanged"):
                raise IndexLoadError(result.reason)
            generation_folder(self.index_dir)  # raises the store's "no index in ..." message
            raise IndexLoadError(f"no index in {self.index_dir}")
        return self._index

    def check(self) -> SwapResult:
        """Swap in the folder's live generation if it is new and valid; one check at a time."""
        with self._check_lock:
            seen = _fingerprint(self.index_dir)
            if seen is None or seen == self._seen:
                return SwapResult(self.generation, False, "unchanged")
            self._seen = seen
            try:
                candidate = load_index(self.index_dir, self.embedder, reuse=self._index)
                self._validator(candidate)
            except Exception as error:
                return self._refuse(seen, error)
            previous, self._index = self.generation, candidate
        self._announce(candidate, previous)
        return SwapResult(candidate.generation, True)

    def _refuse(self, seen: str, error: Exception) -> SwapResult:
        metrics.record_index_swap(False)
        log.error(
            "new index refused; still serving the previous one",
            extra={"index_generation": seen, "serving": self.generation, "error": str(error)},
        )
        return SwapResult(self.generation, False, str(error))

    def _announce(self, index: LoadedIndex, previous: str | None) -> None:
        metrics.record_index_swap(True)
        metrics.record_loaded_index(index)
        log.info(
            "index swapped in" if previous else "index loaded",
            extra={
                "index_generation": index.generation,
                "previous_generation": previous,
                "postings": len(index.postings),
                "chunks": len(index.chunks),
            },
        )
        if self._on_swap is not None:
            try:
                self._on_swap(index)
            except Exception:
                log.exception("index swap listener failed")

    def start(self, poll_seconds: float = DEFAULT_POLL_SECONDS) -> IndexHolder:
        """Poll for new generations in a daemon thread until `stop()`."""
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._poll, args=(poll_seconds,), name="careers-bot-index-watch", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def _poll(self, poll_seconds: float) -> None:
        while not self._stop.wait(poll_seconds):
            try:
                self.check()
            except Exception:  # never let the watcher die: the old index keeps serving
                log.exception("index watch check failed")


def _fingerprint(index_dir: Path) -> str | None:
    """What changes when a new index is published: the CURRENT pointer, else the manifest."""
    generation = current_generation(index_dir)
    if generation is not None:
        return generation
    try:
        manifest = read_manifest(index_dir)
    except IndexLoadError:
        return None
    return str(manifest.get("generation") or manifest.get("built_at") or "") or None


def _index_dir_of(index: LoadedIndex) -> Path:
    folder = Path(index.folder)
    return folder.parent.parent if folder.parent.name == GENERATIONS else folder
