"""When and how segments are merged, so edits stay cheap without the index decaying.

Every build that changes something adds one small segment, and the rows of changed or deleted
postings die where they were. Two rules keep searches fast and the folder small:
- more than `MAX_SEGMENTS` segments: all but the largest are merged into one;
- more than `MAX_DEAD_FRACTION` of all rows dead: everything is merged into one segment, the
  largest HNSW graph extended rather than built again (index.vectors.update_vector_index).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from index.chunk_lines import KEY_DTYPE
from index.segment import Segment, SegmentParts, joined, token_offsets
from index.vectors import update_vector_index

MAX_SEGMENTS = 8
MAX_DEAD_FRACTION = 0.2

AnySegment = Segment | SegmentParts


@dataclass
class _Source:
    """One segment's arrays, whether written (memory-mapped) or still in memory."""

    lines: list[bytes]
    keys: np.ndarray
    vectors: np.ndarray
    vocab: dict[str, int]
    tokens: np.ndarray
    offsets: np.ndarray
    languages: Sequence[str]

    @classmethod
    def of(cls, segment: AnySegment) -> _Source:
        if isinstance(segment, Segment):
            tokens, offsets = segment.tokens
            return cls(segment.lines, segment.keys, segment.vectors, segment.vocab, tokens,
                       offsets, segment.languages)  # fmt: skip
        return cls(
            segment.lines,
            joined(segment.keys, (0,), KEY_DTYPE),
            joined(segment.vectors, (0, segment.dim), np.float32),
            segment.vocab,
            joined(segment.tokens, (0,), np.int32),
            token_offsets(joined(segment.lengths, (0,), np.int64)),
            sorted(segment.languages),
        )


def drop_unused(
    segments: list[AnySegment], pairs: np.ndarray
) -> tuple[list[AnySegment], np.ndarray]:
    """Segments no row points into anymore are left out (and rows renumbered)."""
    used = np.unique(pairs[:, 0]) if len(pairs) else np.zeros(0, np.int64)
    renumber = np.full(max(len(segments), 1), -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    kept = [segments[n] for n in used.tolist()]
    return kept, np.column_stack((renumber[pairs[:, 0]], pairs[:, 1])) if len(pairs) else pairs


def compact(
    segments: list[AnySegment], pairs: np.ndarray, dim: int, vector_kind: str
) -> tuple[list[AnySegment], np.ndarray]:
    """Apply the merge rules; returns the segments and rows of the generation to write."""
    physical = sum(segment.rows for segment in segments)
    if physical - len(pairs) > MAX_DEAD_FRACTION * physical:
        chosen = set(range(len(segments)))
    elif len(segments) > MAX_SEGMENTS:
        largest = max(range(len(segments)), key=lambda n: segments[n].rows)
        chosen = set(range(len(segments))) - {largest}
    else:
        return segments, pairs
    merged, moved = merge([segments[n] for n in sorted(chosen)], pairs, sorted(chosen), dim,
                          vector_kind)  # fmt: skip
    rest = [n for n in range(len(segments)) if n not in chosen]
    renumber = np.full(len(segments), -1, dtype=np.int64)
    renumber[rest] = np.arange(len(rest))
    new_pairs = np.column_stack((renumber[pairs[:, 0]], pairs[:, 1]))
    new_pairs[moved] = np.column_stack((np.full(len(moved), len(rest)), np.arange(len(moved))))
    return [*(segments[n] for n in rest), merged], new_pairs


def merge(
    segments: list[AnySegment],
    pairs: np.ndarray,
    numbers: list[int],
    dim: int,
    vector_kind: str,
) -> tuple[SegmentParts, np.ndarray]:
    """One segment holding the live rows of `segments` (numbered `numbers` in `pairs`), in row
    order; returns it and the index rows that moved into it."""
    moved = np.flatnonzero(np.isin(pairs[:, 0], numbers))
    sources = {
        number: _Source.of(segment) for number, segment in zip(numbers, segments, strict=True)
    }
    graph_number = _largest_graph(segments, numbers)
    parts = SegmentParts(dim)
    mappings = {
        number: _token_mapping(parts.vocab, source.vocab) for number, source in sources.items()
    }
    origins: list[int | None] = []
    for number, start, stop in _runs(pairs[moved]):
        _take_rows(parts, sources[number], mappings[number], start, stop)
        origins.extend(range(start, stop) if number == graph_number else [None] * (stop - start))
    for source in sources.values():
        parts.languages.update(source.languages)
    if graph_number is not None:
        graph = segments[numbers.index(graph_number)].vector_index
        vectors = joined(parts.vectors, (0, dim), np.float32)
        parts.vector_index = update_vector_index(graph, vectors, origins, vector_kind)
    return parts, moved


def _take_rows(
    parts: SegmentParts, source: _Source, mapping: np.ndarray, start: int, stop: int
) -> None:
    offsets = source.offsets
    parts.lines.extend(source.lines[start:stop])
    parts.keys.append(np.asarray(source.keys[start:stop]))
    parts.vectors.append(np.asarray(source.vectors[start:stop], dtype=np.float32))
    parts.tokens.append(mapping[np.asarray(source.tokens[offsets[start] : offsets[stop]])])
    parts.lengths.append(np.diff(offsets[start : stop + 1]).astype(np.int64))


def _token_mapping(merged: dict[str, int], vocab: dict[str, int]) -> np.ndarray:
    """The merged vocabulary's id of each of a segment's token ids (new words are added)."""
    mapping = np.zeros(len(vocab), dtype=np.int32)
    for word, token in vocab.items():
        mapping[token] = merged.setdefault(word, len(merged))
    return mapping


def _largest_graph(segments: list[AnySegment], numbers: list[int]) -> int | None:
    """The number of the biggest written segment with an HNSW graph worth extending."""
    graphs = [
        (segment.rows, number)
        for number, segment in zip(numbers, segments, strict=True)
        if isinstance(segment, Segment) and segment.info.get("vector_index") == "hnsw"
    ]
    return max(graphs)[1] if graphs else None


def _runs(pairs: np.ndarray) -> Iterator[tuple[int, int, int]]:
    """(segment, first local row, stop) of each stretch of consecutive rows of one segment."""
    if not len(pairs):
        return
    breaks = np.flatnonzero((np.diff(pairs[:, 0]) != 0) | (np.diff(pairs[:, 1]) != 1)) + 1
    for chunk in np.split(pairs, breaks):
        yield int(chunk[0, 0]), int(chunk[0, 1]), int(chunk[-1, 1]) + 1
