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
        """Rows are written straight into the result: the cache adds no copy of the vectors (the
        build's peak RSS stays that of a build with the model)."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        rows_of: dict[str, list[int]] = {}
        for row, text in enumerate(texts):
            rows_of.setdefault(self._key(text), []).append(row)
        filled = self._fill_from_cache(rows_of, out)
        missing = [key for key in rows_of if key not in filled]
        embedded = self._embed_within_budget(missing, texts, rows_of, out)
        filled.update(embedded)
        self.misses += len(embedded)
        self.hits += sum(len(rows_of[key]) for key in filled) - len(embedded)
        unfilled = [key for key in rows_of if key not in filled]
        if unfilled:
            self._fill_stand_ins(unfilled, texts, rows_of, out)
        return out

    def _fill_from_cache(self, rows_of: dict[str, list[int]], out: np.ndarray) -> set[str]:
        filled: set[str] = set()
        keys = sorted(rows_of)
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, vector FROM vectors WHERE key IN ({marks})"
                for key, blob in self._db.execute(query, batch):
                    out[rows_of[key]] = np.frombuffer(blob, dtype=np.float32)
                    filled.add(key)
        return filled

    def _embed_within_budget(
        self, missing: list[str], texts: list[str], rows_of: dict[str, list[int]], out: np.ndarray
    ) -> list[str]:
        """Encode and store missing texts batch by batch until the time budget is spent."""
        embedded: list[str] = []
        for start in range(0, len(missing), BATCH):
            if self.budget_s is not None and self.embed_s >= self.budget_s:
                break
            batch = missing[start : start + BATCH]
            started = time.perf_counter()
            vectors = self.inner.encode([texts[rows_of[key][0]] for key in batch])
            self.embed_s += time.perf_counter() - started
            for key, vector in zip(batch, vectors, strict=True):
                out[rows_of[key]] = vector
            self._store(dict(zip(batch, vectors, strict=True)))
            embedded.extend(batch)
        return embedded

    def _fill_stand_ins(
        self, unfilled: list[str], texts: list[str], rows_of: dict[str, list[int]], out: np.ndarray
    ) -> None:
        """Stand-ins take their donors among the rows holding real vectors, by section kind."""
        lacking = {row for key in unfilled for row in rows_of[key]}
        donors: dict[str, list[int]] = {}
        for row, text in enumerate(texts):
            if row not in lacking:
                donors.setdefault(section_key(text), []).append(row)
        every_donor = [row for rows in donors.values() for row in rows]
        for key in unfilled:
            text = texts[rows_of[key][0]]
            candidates = donors.get(section_key(text)) or every_donor
            donor = out[candidates[text_seed(text) % len(candidates)]] if candidates else None
            out[rows_of[key]] = stand_in(text, donor, self.dim)
            self.stand_ins += len(rows_of[key])

    def close(self) -> None:
        self._db.close()

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\0{text}".encode()).hexdigest()

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


def text_seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")


def stand_in(text: str, donor: np.ndarray | None, dim: int) -> np.ndarray:
    """`donor` (a real vector of a chunk of the same kind) plus noise seeded by the text."""
    noise = np.random.default_rng(text_seed(text)).standard_normal(dim).astype(np.float32)
    noise *= STAND_IN_NOISE / np.linalg.norm(noise)
    vector = noise if donor is None else donor + noise
    return (vector / np.linalg.norm(vector)).astype(np.float32)
