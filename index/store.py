"""The index folder on disk, written atomically.

    <index-dir>/CURRENT                 name of the live generation (replaced atomically)
    <index-dir>/generations/<id>/       manifest.json, chunks.json, vectors.npy, bm25/, [hnsw.faiss]

A build writes a new generation into a hidden sibling folder, fsyncs it, renames it into place and
only then points CURRENT at it, so at every instant CURRENT names a complete, loadable index. A
running bot can hot-swap by watching `current_generation()`.
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

from index.errors import IndexLoadError
from index.lexical import LexicalIndex
from index.models import Chunk
from index.serialize import PostingMeta, chunk_from_dict, chunk_to_dict
from index.vectors import VectorIndex, load_vector_index

FORMAT_VERSION = 1
DEFAULT_INDEX_DIR = Path(".careers-bot/index")
POINTER = "CURRENT"
GENERATIONS = "generations"
KEEP_GENERATIONS = 2  # the live one and the one before, for a bot still loading it


@dataclass
class StoredIndex:
    """Everything in one generation, loaded into memory."""

    manifest: dict
    postings: dict[str, PostingMeta]
    chunks: list[Chunk]
    vectors: np.ndarray
    vector_index: VectorIndex
    lexical: LexicalIndex
    folder: Path
    # Each chunk as stored (kept for builds only): an unchanged chunk is written back as is.
    chunk_records: list[dict | None] | None = None


def new_generation_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:6]}"


def current_generation(index_dir: Path) -> str | None:
    """The live generation's id, or None: cheap enough to poll for hot swaps."""
    try:
        return (Path(index_dir) / POINTER).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def write_index(index_dir: Path, stored: StoredIndex) -> Path:
    """Write `stored` as a new generation and make it the live one; returns its folder."""
    index_dir = Path(index_dir)
    generations = index_dir / GENERATIONS
    generations.mkdir(parents=True, exist_ok=True)
    generation = stored.manifest["generation"]
    staging = generations / f".tmp-{generation}"
    try:
        staging.mkdir()
        _write_files(staging, stored)
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


def _write_files(folder: Path, stored: StoredIndex) -> None:
    _write_metadata(folder, stored)
    _write_vectors(folder, stored)
    stored.lexical.save(folder / "bm25")
    stored.vector_index.save(folder / "hnsw.faiss")
    _write_json(folder / "manifest.json", stored.manifest)  # last: its presence marks a whole set


def _write_metadata(folder: Path, stored: StoredIndex) -> None:
    payload = {
        "postings": [meta.to_dict() for meta in stored.postings.values()],
        "chunks": [
            record if record is not None else chunk_to_dict(chunk)
            for chunk, record in zip(stored.chunks, _records_of(stored), strict=True)
        ],
    }
    _write_json(folder / "chunks.json", payload)


def _records_of(stored: StoredIndex) -> list[dict | None]:
    return stored.chunk_records if stored.chunk_records is not None else [None] * len(stored.chunks)


def _write_vectors(folder: Path, stored: StoredIndex) -> None:
    np.save(folder / "vectors.npy", np.ascontiguousarray(stored.vectors, dtype=np.float32))


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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
    folder = generation_folder(index_dir)
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


def read_index(
    index_dir: Path, model_name: str, dim: int, *, keep_records: bool = False
) -> StoredIndex:
    """Load the live generation; IndexLoadError when missing, corrupt or from another model."""
    manifest = read_manifest(index_dir)
    folder = generation_folder(index_dir)
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexLoadError(
            f"{folder}: index format {manifest.get('format')!r} is not {FORMAT_VERSION}; rebuild it"
        )
    check_model(manifest, folder, model_name, dim)
    try:
        return _read_files(folder, manifest, keep_records)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
        raise IndexLoadError(f"{folder}: corrupt index ({error}); rebuild it") from error


def _read_files(folder: Path, manifest: dict, keep_records: bool) -> StoredIndex:
    metadata = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
    postings = [PostingMeta.from_dict(item) for item in metadata["postings"]]
    chunks = [chunk_from_dict(item) for item in metadata["chunks"]]
    # Memory-mapped: pages come from the page cache and are shared by a bot holding two
    # generations during a hot swap.
    vectors = np.load(folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
    if vectors.shape != (len(chunks), manifest["dim"]) or vectors.dtype != np.float32:
        raise ValueError(f"vectors.npy has shape {vectors.shape}, expected {len(chunks)} chunks")
    vector_index = load_vector_index(folder / "hnsw.faiss", vectors, manifest["vector_index"])
    lexical = LexicalIndex.load(folder / "bm25")
    if lexical.size != len(chunks):
        raise ValueError(f"bm25 holds {lexical.size} chunks, expected {len(chunks)}")
    by_uid = {meta.uid: meta for meta in postings}
    records = metadata["chunks"] if keep_records else None
    return StoredIndex(manifest, by_uid, chunks, vectors, vector_index, lexical, folder, records)
