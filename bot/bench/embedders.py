"""Embedder wrappers for measuring builds: one counts what it encodes, one caches on disk.

Both keep the wrapped model's `name` and `dim`, so an index built through them is identical to
one built with the model directly (the manifest's model check passes).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np

from index.embeddings import Embedder


class CountingEmbedder:
    """Counts the texts a build asks to embed (to compare with the chunks that changed)."""

    def __init__(self, inner: Embedder):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.encode(texts)

    def take(self) -> list[str]:
        """The texts encoded since the last call."""
        taken, self.texts = self.texts, []
        return taken


class CachingEmbedder:
    """Looks vectors up in an SQLite file keyed by sha256(model, text); encodes only misses.

    Used for the large synthetic corpora, whose ~130k chunks take most of an hour to embed on two
    cores: the first run fills the cache, later runs reuse it. `hits`/`misses` are reported.
    """

    def __init__(self, inner: Embedder, path: Path):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.hits = 0
        self.misses = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [self._key(text) for text in texts]
        found = self._lookup(set(keys))
        missing = [i for i, key in enumerate(keys) if key not in found]
        if missing:
            vectors = self.inner.encode([texts[i] for i in missing])
            fresh = {keys[i]: vector for i, vector in zip(missing, vectors, strict=True)}
            self._store(fresh)
            found.update(fresh)
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[key] for key in keys]).astype(np.float32)

    def close(self) -> None:
        self._db.close()

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\0{text}".encode()).hexdigest()

    def _lookup(self, keys: set[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        ordered = sorted(keys)
        with self._lock:
            for start in range(0, len(ordered), 500):
                batch = ordered[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        rows = [(key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in vectors.items()]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
