"""The index folder on disk, written atomically.

    <index-dir>/CURRENT                 name of the live generation (replaced atomically)
    <index-dir>/generations/<id>/       manifest.json, postings.json, chunks.json (one chunk a
                                        line), text_keys.npy, vectors.npy, bm25/, [hnsw.faiss]
    <index-dir>/cache/                  the sources' parse caches (see index.hugo.parse_cache)

A build writes a new generation into a hidden sibling folder, fsyncs it, renames it into place and
only then points CURRENT at it, so at every instant CURRENT names a complete, loadable index. A
running bot can hot-swap by watching `current_generation()`.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.chunk_lines import (
    KEY_DTYPE,
    chunk_line,
    read_chunk_lines,
    read_chunks,
    text_keys,
    write_chunk_lines,
)
from index.errors import IndexLoadError
from index.lexical import LexicalIndex
from index.models import Chunk
from index.serialize import PostingMeta
from index.vectors import VectorIndex, load_vector_index

FORMAT_VERSION = 2  # 2: postings.json, chunks.json a line per chunk, text_keys.npy
DEFAULT_INDEX_DIR = Path(".careers-bot/index")
POINTER = "CURRENT"
GENERATIONS = "generations"
KEEP_GENERATIONS = 2  # the live one and the one before, for a bot still loading it


@dataclass
class StoredIndex:
    """Everything in one generation, loaded into memory."""

    manifest: dict
    postings: dict[str, PostingMeta]
    chunks: Sequence[Chunk]  # a LazyChunks when loaded
    vectors: np.ndarray
    vector_index: VectorIndex
    lexical: LexicalIndex
    folder: Path
    # Set by builds, which hold every chunk's stored line and embedded-text key (not `chunks`).
    chunk_lines: list[bytes] | None = None
    text_keys: np.ndarray | None = None


@dataclass
class PreviousIndex:
    """The live generation as a build needs it: nothing parsed that an unchanged posting can
    take over as is (its chunks' stored lines, vectors, token ids and text keys)."""

    manifest: dict
    postings: dict[str, PostingMeta]
    folder: Path
    chunk_lines: list[bytes]
    text_keys: np.ndarray
    vectors: np.ndarray
    vocab: dict[str, int]
    tokens: np.ndarray
    token_offsets: np.ndarray

    def vector_index(self) -> VectorIndex:
        """The saved vector index (read only when a build extends an HNSW graph)."""
        return load_vector_index(
            self.folder / "hnsw.faiss", self.vectors, self.manifest["vector_index"]
        )


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
    _write_json(folder / "postings.json", [meta.to_dict() for meta in stored.postings.values()])
    lines = stored.chunk_lines
    if lines is None:
        lines = [chunk_line(chunk) for chunk in stored.chunks]
    write_chunk_lines(folder / "chunks.json", lines)


def _write_vectors(folder: Path, stored: StoredIndex) -> None:
    np.save(folder / "vectors.npy", np.ascontiguousarray(stored.vectors, dtype=np.float32))
    keys = stored.text_keys if stored.text_keys is not None else text_keys(stored.chunks)
    np.save(folder / "text_keys.npy", np.asarray(keys, dtype=KEY_DTYPE))


def _write_json(path: Path, data: dict | list) -> None:
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


def _checked_manifest(index_dir: Path, model_name: str, dim: int) -> tuple[dict, Path]:
    manifest = read_manifest(index_dir)
    folder = generation_folder(index_dir)
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexLoadError(
            f"{folder}: index format {manifest.get('format')!r} is not {FORMAT_VERSION}; rebuild it"
        )
    check_model(manifest, folder, model_name, dim)
    return manifest, folder


def read_index(index_dir: Path, model_name: str, dim: int) -> StoredIndex:
    """Load the live generation; IndexLoadError when missing, corrupt or from another model."""
    manifest, folder = _checked_manifest(index_dir, model_name, dim)
    try:
        return _read_files(folder, manifest)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
        raise IndexLoadError(f"{folder}: corrupt index ({error}); rebuild it") from error


def read_previous(index_dir: Path, model_name: str, dim: int) -> PreviousIndex:
    """The live generation for a rebuild; IndexLoadError as `read_index`."""
    manifest, folder = _checked_manifest(index_dir, model_name, dim)
    try:
        postings = _read_postings(folder)
        chunks = manifest["counts"]["chunks"]
        lines = read_chunk_lines(folder / "chunks.json", chunks)
        vectors, keys = _read_arrays(folder, chunks, manifest["dim"])
        vocab, tokens, offsets = LexicalIndex.load_tokens(folder / "bm25")
        if len(offsets) != chunks + 1:
            raise ValueError(f"bm25 holds {len(offsets) - 1} chunks, expected {chunks}")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexLoadError(f"{folder}: corrupt index ({error}); rebuild it") from error
    return PreviousIndex(manifest, postings, folder, lines, keys, vectors, vocab, tokens, offsets)


def _read_postings(folder: Path) -> dict[str, PostingMeta]:
    items = json.loads((folder / "postings.json").read_text(encoding="utf-8"))
    return {meta.uid: meta for meta in map(PostingMeta.from_dict, items)}


def _read_arrays(folder: Path, chunks: int, dim: int) -> tuple[np.ndarray, np.ndarray]:
    # Memory-mapped: pages come from the page cache and are shared by a bot holding two
    # generations during a hot swap.
    vectors = np.load(folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
    if vectors.shape != (chunks, dim) or vectors.dtype != np.float32:
        raise ValueError(f"vectors.npy has shape {vectors.shape}, expected {chunks} chunks")
    keys = np.load(folder / "text_keys.npy", allow_pickle=False)
    if keys.shape != (chunks,):
        raise ValueError(f"text_keys.npy has shape {keys.shape}, expected {chunks} chunks")
    return vectors, keys


def _read_files(folder: Path, manifest: dict) -> StoredIndex:
    postings = _read_postings(folder)
    chunks = read_chunks(folder / "chunks.json", manifest["counts"]["chunks"])
    vectors, _ = _read_arrays(folder, len(chunks), manifest["dim"])
    vector_index = load_vector_index(folder / "hnsw.faiss", vectors, manifest["vector_index"])
    lexical = LexicalIndex.load(folder / "bm25")
    if lexical.size != len(chunks):
        raise ValueError(f"bm25 holds {lexical.size} chunks, expected {len(chunks)}")
    return StoredIndex(manifest, postings, chunks, vectors, vector_index, lexical, folder)
