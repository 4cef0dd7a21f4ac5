"""Small result types shared by the measurements: a figure with its target, a report of figures."""

from __future__ import annotations

import os
import platform
import time
from dataclasses import asdict, dataclass, field

import numpy as np


@dataclass
class Figure:
    """One measured number next to its target. `passed` is None when the figure has no target
    or could not be measured (then `note` says why)."""

    key: str
    label: str
    value: float | None
    unit: str
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def measured(self) -> bool:
        return self.value is not None

    def shown_value(self) -> str:
        if self.value is None:
            return "not measured"
        if self.unit in ("", "x") and abs(self.value) < 10:
            return f"{self.value:.3f}{self.unit}"
        return f"{self.value:,.1f} {self.unit}".strip()

    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "-"}[self.passed]


def not_measured(key: str, label: str, unit: str, target: str, why: str) -> Figure:
    return Figure(key, label, None, unit, target, None, why)


def at_most(key: str, label: str, value: float, limit: float, unit: str, **kw) -> Figure:
    target = kw.pop("target", f"<= {limit:g} {unit}".strip())
    return Figure(key, label, value, unit, target, value <= limit, **kw)


def at_least(key: str, label: str, value: float, limit: float, unit: str, **kw) -> Figure:
    target = kw.pop("target", f">= {limit:g} {unit}".strip())
    return Figure(key, label, value, unit, target, value >= limit, **kw)


@dataclass
class Percentiles:
    count: int
    p50: float
    p95: float
    p99: float
    mean: float

    @classmethod
    def of(cls, millis: list[float]) -> Percentiles:
        if not millis:
            return cls(0, float("nan"), float("nan"), float("nan"), float("nan"))
        values = np.asarray(millis, dtype=float)
        p50, p95, p99 = np.percentile(values, [50, 95, 99])
        return cls(len(values), float(p50), float(p95), float(p99), float(values.mean()))


@dataclass(frozen=True)
class Plan:
    """How much each measurement does: `--quick` must finish in under 3 minutes on 2 cores."""

    sizes: tuple[int, ...]
    real_questions: int | None  # of qa.jsonl (None: all)
    scale_questions: int  # per size
    recall_queries: int
    throughput_size: int  # postings
    replay_limit: int | None  # commits (None: the whole history)
    embed_budget_s: float  # seconds of new embeddings per size (the rest: cache or stand-ins)
    ask_runs: int


@dataclass
class ScaleRow:
    """One corpus size of the scale benchmark."""

    postings: int
    chunks: int
    build_s: float
    embedded: int  # chunks the build embedded (the rest came from the embedding cache)
    cache_hits: int
    index_mb: float
    build_peak_rss_mb: float
    serve_peak_rss_mb: float
    answer: Percentiles
    embedding: Percentiles
    vector_kind: str
    recall_at_10: float | None
    recall_kind: str  # which approximate index the recall is of
    update_live_s: float | None = None  # one edited posting: edit -> updated index loaded
    stand_ins: int = 0  # chunks given a stand-in vector (beyond the run's embedding budget)
    embed_s: float = 0.0  # of build_s, the time spent embedding chunks new to the cache


@dataclass
class BenchReport:
    mode: str  # "quick" or "full"
    figures: list[Figure] = field(default_factory=list)
    scale: list[ScaleRow] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    machine: dict = field(default_factory=lambda: machine_info())
    started_at: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    duration_s: float = 0.0

    def add(self, *figures: Figure) -> None:
        self.figures.extend(figures)

    def to_dict(self) -> dict:
        data = asdict(self)
        for figure, row in zip(data["figures"], self.figures, strict=True):
            figure["shown"] = row.shown_value()
            figure["verdict"] = row.verdict()
        return data


def machine_info() -> dict:
    import psutil

    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
