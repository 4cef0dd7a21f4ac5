"""The index folder on disk, written atomically.

    <index-dir>/CURRENT                 name of the live generation (replaced atomically)
    <index-dir>/generations/<id>/       manifest.json, postings.json, rows.npy (the segment and
                                        local row of each index row), segments/<id>/ (see
                                        index.segment; kept segments are hard links)
    <index-dir>/cache/                  the sources' parse caches (see index.hugo.parse_cache)

A build writes a new generation into a hidden sibling folder, fsyncs it, renames it into place and
only then points CURRENT at it, so at every instant CURRENT names a complete, loadable index. A
running bot can hot-swap by watching `current_generation()`. An edit writes one small segment;
the segments it did not touch are hard-linked, so a generation costs O(changed) bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.chunk_lines import json_line, read_chunk_lines, write_chunk_lines
from index.errors import IndexLoadError
from index.segment import Segment, SegmentParts
from index.segmented import RowMap
from index.serialize import PostingMeta

FORMAT_VERSION = 3  # 3: segments/, rows.npy
DEFAULT_INDEX_DIR = Path(".careers-bot/index")
POINTER = "CURRENT"
GENERATIONS = "generations"
SEGMENTS = "segments"
KEEP_GENERATIONS = 2  # the live one and the one before, for a bot still loading it


@dataclass
class Generation:
    """One generation: where each row lives, its segments (read lazily) and its postings, one
    JSON line each, parsed only when needed."""

    manifest: dict
    row_map: RowMap
    segments: list[Segment]
    folder: Path
    _lines: list[bytes] | None = None

    @property
    def summaries(self) -> dict[str, dict]:
        """uid → hash, site, visibility and [first row, rows], in the order of the lines."""
        return self.manifest["postings"]

    def posting_lines(self) -> list[bytes]:
        if self._lines is None:
            self._lines = read_chunk_lines(self.folder / "postings.json", len(self.summaries))
        return self._lines


@dataclass
class NewGeneration:
    """A generation to write: segments kept from the last one are hard-linked, parts written."""

    manifest: dict
    posting_lines: list[bytes]  # one JSON line per posting (PostingMeta.to_dict)
    pairs: np.ndarray  # (rows, 2): segment number and local row of each index row
    segments: list[Segment | SegmentParts]
    vector_kind: str = "auto"


def new_generation_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:6]}"


def current_generation(index_dir: Path) -> str | None:
    """The live generation's id, or None: cheap enough to poll for hot swaps."""
    try:
        return (Path(index_dir) / POINTER).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def write_index(index_dir: Path, new: NewGeneration) -> Path:
    """Write `new` as a generation and make it the live one; returns its folder."""
    index_dir = Path(index_dir)
    generations = index_dir / GENERATIONS
    generations.mkdir(parents=True, exist_ok=True)
    generation = new.manifest["generation"]
    staging = generations / f".tmp-{generation}"
    try:
        staging.mkdir()
        _write_segments(staging / SEGMENTS, new)
        _write_metadata(staging, new)
        _fsync_tree(staging)
        final = generations / generation
        staging.rename(final)
        _fsync_dir(generations)
        _point_to(index_dir, generation)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _prune(generations, keep=generation)
    return final


def _write_segments(folder: Path, new: NewGeneration) -> None:
    folder.mkdir()
    for segment in new.segments:
        if isinstance(segment, Segment):
            segment.link_into(folder / segment.id)
        else:
            segment.write(folder / segment.id, new.vector_kind)


def _write_metadata(folder: Path, new: NewGeneration) -> None:
    write_chunk_lines(folder / "postings.json", new.posting_lines)
    np.save(folder / "rows.npy", np.asarray(new.pairs, dtype=np.int32).reshape(-1, 2))
    segments = [{"id": segment.id, "rows": segment.rows} for segment in new.segments]
    manifest = {**new.manifest, "segments": segments}
    _write_json(folder / "manifest.json", manifest)  # last: its presence marks a whole set


def _write_json(path: Path, data: dict | list) -> None:
    path.write_bytes(json_line(data))


def _point_to(index_dir: Path, generation: str) -> None:
    temporary = index_dir / f".{POINTER}.{uuid.uuid4().hex[:6]}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(generation + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, index_dir / POINTER)
    _fsync_dir(index_dir)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        else:
            _fsync_dir(path)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _prune(generations: Path, keep: str) -> None:
    """Drop staging leftovers of crashed builds and all but the newest generations."""
    for leftover in generations.glob(".tmp-*"):
        if leftover.name != f".tmp-{keep}":
            shutil.rmtree(leftover, ignore_errors=True)
    finished = sorted(p for p in generations.iterdir() if not p.name.startswith("."))
    for old in finished[:-KEEP_GENERATIONS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def generation_folder(index_dir: Path) -> Path:
    """The live generation's folder (or `index_dir` itself when it is one)."""
    index_dir = Path(index_dir)
    generation = current_generation(index_dir)
    if generation is not None:
        return index_dir / GENERATIONS / generation
    if (index_dir / "manifest.json").is_file():
        return index_dir
    raise IndexLoadError(
        f"no index in {index_dir}: build one with `careers-bot index SITE --index-dir {index_dir}`"
    )


def read_manifest(index_dir: Path) -> dict:
    return _manifest_in(generation_folder(index_dir))


def _manifest_in(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexLoadError(f"{folder}: corrupt index (manifest: {error}); rebuild it") from error
    if not isinstance(manifest, dict):
        raise IndexLoadError(f"{folder}: corrupt index (manifest is not an object); rebuild it")
    return manifest


def check_model(manifest: dict, folder: Path, model_name: str, dim: int) -> None:
    built_with = manifest.get("model")
    if built_with != model_name or manifest.get("dim") != dim:
        raise IndexLoadError(
            f"{folder} was built with the model {built_with!r} (dimension {manifest.get('dim')}), "
            f"but the bot uses {model_name!r} (dimension {dim}); rebuild the index with "
            f"`careers-bot index` or use the model it was built with"
        )


def _checked_manifest(index_dir: Path, model_name: str, dim: int) -> tuple[dict, Path]:
    folder = generation_folder(index_dir)  # once: CURRENT may change meanwhile (a build)
    manifest = _manifest_in(folder)
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexLoadError(
            f"{folder}: index format {manifest.get('format')!r} is not {FORMAT_VERSION}; rebuild it"
        )
    check_model(manifest, folder, model_name, dim)
    return manifest, folder


def read_generation(index_dir: Path, model_name: str, dim: int) -> Generation:
    """The live generation, segments unread; IndexLoadError when missing, corrupt or from another
    model."""
    manifest, folder = _checked_manifest(index_dir, model_name, dim)
    try:
        if len(manifest["postings"]) != manifest["counts"]["postings"]:
            raise ValueError("the manifest's posting list does not match its count")
        segments = [Segment(folder / SEGMENTS / entry["id"]) for entry in manifest["segments"]]
        pairs = np.load(folder / "rows.npy", allow_pickle=False)
        row_map = RowMap(pairs, [segment.rows for segment in segments])
        if len(row_map) != manifest["counts"]["chunks"]:
            raise ValueError(f"rows.npy holds {len(row_map)} rows, expected the chunk count")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexLoadError(f"{folder}: corrupt index ({error}); rebuild it") from error
    return Generation(manifest, row_map, segments, folder)


def load_segments(generation: Generation, loaded: dict[str, Segment] | None = None) -> None:
    """Read what searching needs of every segment, reusing segments already `loaded` (a bot
    swapping generations keeps the big base segment it holds); IndexLoadError when broken."""
    loaded = loaded or {}
    try:
        generation.segments = [
            loaded.get(segment.id) or segment.load_for_search() for segment in generation.segments
        ]
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
        raise IndexLoadError(f"{generation.folder}: corrupt index ({error}); rebuild it") from error


def read_posting_lines(generation: Generation) -> list[bytes]:
    """The generation's postings as stored lines; IndexLoadError when the file is broken."""
    try:
        return generation.posting_lines()
    except (OSError, ValueError) as error:
        raise IndexLoadError(f"{generation.folder}: corrupt index ({error}); rebuild it") from error


def parse_missing(
    generation: Generation, lines: list[bytes], metas: list[PostingMeta | None]
) -> list[PostingMeta]:
    """`metas` with each missing one parsed from its line (an unchanged line of an index loaded
    before keeps its object, so a hot swap parses only what changed)."""
    try:
        return [meta or parse_posting_line(line) for line, meta in zip(lines, metas, strict=True)]
    except (ValueError, KeyError, TypeError) as error:
        raise IndexLoadError(f"{generation.folder}: corrupt index ({error}); rebuild it") from error


def posting_line(meta: PostingMeta) -> bytes:
    return json_line(meta.to_dict())


def parse_posting_line(line: bytes) -> PostingMeta:
    return PostingMeta.from_dict(json.loads(line))
