"""The new generation from a build's entries: kept postings stay in the segments that hold them,
new and changed ones go into one new segment, and the merge rules (index.compaction) apply."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from index.build_report import BuildReport, build_manifest
from index.compaction import AnySegment, compact, drop_unused
from index.embeddings import Embedder
from index.segment import Segment, SegmentParts
from index.serialize import PostingMeta
from index.store import Generation, NewGeneration, parse_posting_line, posting_line
from index.vectors import choose_kind

if TYPE_CHECKING:
    from index.build import _Entry


def assemble(
    entries: Mapping[str, _Entry],
    previous: Generation | None,
    delta: SegmentParts,
    embedder: Embedder,
    report: BuildReport,
    vector_kind: str,
) -> NewGeneration:
    old: list[AnySegment] = list(previous.segments) if previous is not None else []
    postings = _Postings(previous)
    pairs: list[np.ndarray] = []
    rows = 0
    for uid, entry in entries.items():
        if entry.kept is not None:
            postings.keep(uid, entry.summary, rows)
            pairs.append(previous.row_map.pairs[entry.kept[0] : entry.kept[1]])
        else:
            postings.add(_placed(entry.meta, rows))
            pairs.append(_rows_in(len(old), entry.first, entry.count))
        rows += entry.size
    joined = np.concatenate(pairs) if pairs else np.zeros((0, 2), np.int64)
    segments, joined = drop_unused([*old, delta], joined)
    segments, joined = compact(segments, joined, embedder.dim, vector_kind)
    report.vector_index = _kind(segments, vector_kind)
    report.chunks = rows
    summaries = postings.summaries
    report.postings_by_visibility = dict(Counter(s["visibility"] for s in summaries.values()))
    manifest = build_manifest(summaries, embedder, report)
    return NewGeneration(manifest, postings.lines, joined, segments, vector_kind)


class _Postings:
    """The new postings.json lines and manifest summaries; a kept posting that did not move
    keeps its stored line as is (never parsed)."""

    def __init__(self, previous: Generation | None):
        self.previous = previous
        self.lines: list[bytes] = []
        self.summaries: dict[str, dict] = {}
        self._positions: dict[str, int] | None = None

    def keep(self, uid: str, summary: dict, first_row: int) -> None:
        if self._positions is None:
            self._positions = {uid: n for n, uid in enumerate(self.previous.summaries)}
        line = self.previous.posting_lines()[self._positions[uid]]
        if summary["rows"][0] == first_row:
            self.lines.append(line)
            self.summaries[uid] = summary
        else:
            self.add(parse_posting_line(line).placed_at(first_row))

    def add(self, meta: PostingMeta) -> None:
        self.lines.append(posting_line(meta))
        self.summaries[meta.uid] = {
            "hash": meta.content_hash,
            "site": meta.site,
            "visibility": str(meta.visibility),
            "rows": [meta.chunk_indices[0] if meta.chunk_indices else 0, len(meta.chunk_indices)],
        }


def _rows_in(segment: int, first: int, count: int) -> np.ndarray:
    local = np.arange(first, first + count, dtype=np.int64)
    return np.column_stack((np.full(count, segment, dtype=np.int64), local))


def _placed(meta: PostingMeta, first_row: int) -> PostingMeta:
    rows = meta.chunk_indices
    if rows and rows[0] == first_row and rows[-1] == first_row + len(rows) - 1:
        return meta  # where it was: most postings of an incremental build
    return meta.placed_at(first_row)


def _kind(segments: list[AnySegment], vector_kind: str) -> str:
    """ "hnsw" when some segment is searched approximately, else "flat"."""
    for segment in segments:
        if isinstance(segment, Segment):
            kind = segment.info.get("vector_index")
        elif segment.vector_index is not None:
            kind = segment.vector_index.kind
        else:
            kind = choose_kind(vector_kind, segment.rows)
        if kind == "hnsw":
            return "hnsw"
    return "flat"
