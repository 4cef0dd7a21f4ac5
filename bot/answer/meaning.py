"""Evidence by meaning: how close a posting's sentence is to the question, by the embedding model.

Word cues find a fact the way people usually state it; the model also finds the sentence that
answers in other words ("who leads the team?" → "You'll join our dev team lead by Yuna."). Only
the best few sentences by cues and words are compared, and each sentence is embedded once per
index: the vectors stay with the index the answerer holds.
"""

from __future__ import annotations

import weakref
from dataclasses import replace

import numpy as np

from bot.answer.quotes import ScoredSentence

_vectors_of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class SentenceVectors:
    """Sentence vectors of one index, computed on first use; at most `most` are kept."""

    def __init__(self, embedder, most: int = 50_000) -> None:
        self.embedder = embedder
        self.most = most
        self._vectors: dict[str, np.ndarray] = {}

    @classmethod
    def of(cls, index) -> SentenceVectors:
        found = _vectors_of.get(index)
        if found is None:
            found = _vectors_of[index] = cls(index.embedder)
        return found

    def vectors(self, sentences: list[str]) -> np.ndarray:
        missing = [s for s in dict.fromkeys(sentences) if s not in self._vectors]
        if missing:
            if len(self._vectors) + len(missing) > self.most:
                self._vectors.clear()
            encoded = np.asarray(self.embedder.encode(missing), dtype=np.float32)
            self._vectors.update(zip(missing, encoded, strict=True))
        return np.stack([self._vectors[s] for s in sentences])


def rerank_by_meaning(
    scored: list[ScoredSentence],
    index,
    question: str,
    weight: float,
    candidates: int,
) -> list[ScoredSentence]:
    """The best `candidates` sentences rescored with their similarity to the question."""
    if weight <= 0 or candidates <= 0 or len(scored) < 2:
        return scored
    head, tail = scored[:candidates], scored[candidates:]
    # FAISS-style cosine: every vector of the model is L2-normalized, so a dot product is enough
    similarity = SentenceVectors.of(index).vectors([s.sentence for s in head]) @ (
        index.embed_query(question)
    )
    head = [
        replace(s, score=s.score + weight * max(float(sim), 0.0))
        for s, sim in zip(head, similarity, strict=True)
    ]
    return sorted(head, key=lambda s: -s.score) + tail
