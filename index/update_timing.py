"""How long one edit takes to go live: an incremental build of a Hugo site, then loading the index.

For benchmarks (`bot/bench`) and `docs/incremental.md`; no test asserts on these times.
Measure with the embedder already loaded (and warm), so model start-up is not counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from index.build import build_index
from index.embeddings import Embedder
from index.search import load_index
from index.sources.hugo import HugoSource


@dataclass
class UpdateTiming:
    build_s: float  # read (through the parse cache), embed what changed, write a generation
    load_s: float  # load_index of the new generation
    embedded: int
    reused: int
    chunks: int
    changed: list[str]

    @property
    def live_s(self) -> float:
        return self.build_s + self.load_s


def time_update(
    site: Path, index_dir: Path, embedder: Embedder, edit: Callable[[], object] | None = None
) -> UpdateTiming:
    """Apply `edit()` (e.g. rewrite one posting file) to the site, then time the incremental
    build and the load of the new generation. The index must have been built before."""
    if edit is not None:
        edit()
    started = time.perf_counter()
    report = build_index([HugoSource(Path(site))], Path(index_dir), embedder)
    built = time.perf_counter()
    load_index(Path(index_dir), embedder)
    loaded = time.perf_counter()
    return UpdateTiming(
        built - started,
        loaded - built,
        report.embedded,
        report.reused,
        report.chunks,
        report.changed,
    )
