"""What a build reports (to the command line) and records (in the index manifest)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from index.embeddings import Embedder
from index.models import SkipWarning
from index.sources.base import Source
from index.store import FORMAT_VERSION, new_generation_id


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


def build_manifest(summaries: dict[str, dict], embedder: Embedder, report: BuildReport) -> dict:
    """The manifest; `summaries` (uid → hash, site, visibility and rows, in the order of
    postings.json) is also what the next build compares against without parsing postings."""
    return {
        "format": FORMAT_VERSION,
        "generation": new_generation_id(),
        "model": embedder.name,
        "dim": embedder.dim,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "vector_index": report.vector_index,
        "counts": {
            "postings": len(summaries),
            "chunks": report.chunks,
            "by_visibility": report.postings_by_visibility,
            "embedded": report.embedded,
            "reused": report.reused,
            "skipped": len(report.skipped),
        },
        "sources": _source_status(summaries, report),
        "postings": summaries,
    }


def _source_status(summaries: dict[str, dict], report: BuildReport) -> dict[str, dict]:
    """Per source: postings in the index, and whether this build could read it."""
    counts = Counter(summary["site"] for summary in summaries.values())
    status: dict[str, dict] = {}
    for site in sorted(set(counts) | set(report.failed_sources)):
        status[site] = {"postings": counts[site], "status": "ok"}
        if site in report.failed_sources:
            status[site].update(status="failed", error=report.failed_sources[site])
    return status


def nothing_message(sources: Sequence[Source], report: BuildReport) -> str:
    names = ", ".join(source.name for source in sources) or "no sources given"
    reasons = [str(warning) for warning in report.skipped[:5]]
    reasons += [f"{name}: {why}" for name, why in report.failed_sources.items()]
    detail = f" ({'; '.join(reasons)})" if reasons else ""
    return f"no posting could be indexed from {names}{detail}"
