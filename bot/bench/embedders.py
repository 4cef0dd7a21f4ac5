"""Embedder wrappers for measuring builds: one counts what it encodes, one caches on disk.

Both keep the wrapped model's `name` and `dim`, so an index built through them is identical to
one built with the model directly (the manifest's model check passes).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import time
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
    cores: each run embeds new texts for at most `budget_s` seconds (in batches) and stores them,
    so the cache fills over runs. Texts beyond the budget get a *stand-in* vector (`stand_in`),
    counted in `stand_ins`, so that figures that depend on the number of vectors but not on
    their values (size, RSS, latency, update time) can still be measured at scale.
    """

    def __init__(self, inner: Embedder, path: Path, *, budget_s: float | None = None):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.budget_s = budget_s
        self.embed_s = 0.0
        self.hits = 0
        self.misses = 0
        self.stand_ins = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=60)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [self._key(text) for text in texts]
        found = self._lookup(set(keys))
        text_of = dict(zip(keys, texts, strict=True))
        missing = [key for key in text_of if key not in found]
        embedded = self._embed_within_budget(missing, text_of, found)
        self.misses += embedded
        self.hits += sum(1 for key in keys if key in found) - embedded
        rows = [found.get(key) for key in keys]
        if any(row is None for row in rows):
            rows = self._stand_ins(texts, rows)
        return np.stack(rows).astype(np.float32)

    def _embed_within_budget(
        self, missing: list[str], text_of: dict[str, str], found: dict[str, np.ndarray]
    ) -> int:
        """Encode and store missing texts batch by batch until the time budget is spent."""
        embedded = 0
        for start in range(0, len(missing), BATCH):
            if self.budget_s is not None and self.embed_s >= self.budget_s:
                break
            batch = missing[start : start + BATCH]
            started = time.perf_counter()
            vectors = self.inner.encode([text_of[key] for key in batch])
            self.embed_s += time.perf_counter() - started
            fresh = dict(zip(batch, vectors, strict=True))
            self._store(fresh)
            found.update(fresh)
            embedded += len(batch)
        return embedded

    def close(self) -> None:
        self._db.close()

    def _stand_ins(self, texts: list[str], rows: list) -> list[np.ndarray]:
        donors: dict[str, list[np.ndarray]] = {}
        for text, row in zip(texts, rows, strict=True):
            if row is not None:
                donors.setdefault(section_key(text), []).append(row)
        fallback = [row for row in rows if row is not None]
        out = []
        for text, row in zip(texts, rows, strict=True):
            if row is None:
                row = stand_in(text, donors.get(section_key(text)) or fallback, self.dim)
                self.stand_ins += 1
            out.append(row)
        return out

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


BATCH = 512  # texts encoded between two checks of the time budget
STAND_IN_NOISE = 0.5  # norm of the noise added to a donor vector (cosine to the donor ~0.9)


def section_key(text: str) -> str:
    """What kind of section an embedding text is: its heading, or "facts" / "intro"."""
    first, _, body = text.partition("\n")
    if " > " in first:
        return first.split(" > ", 1)[1]
    return "facts" if re.match(r"[^:\n]{1,40}: ", body) else "intro"


def stand_in(text: str, donors: list[np.ndarray], dim: int) -> np.ndarray:
    """A real vector of a chunk of the same kind plus noise, both chosen by the text's hash."""
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(dim).astype(np.float32)
    noise *= STAND_IN_NOISE / np.linalg.norm(noise)
    base = donors[seed % len(donors)] if donors else np.zeros(dim, dtype=np.float32)
    vector = base + noise
    return (vector / np.linalg.norm(vector)).astype(np.float32)
