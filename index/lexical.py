"""Keyword search: bm25s over chunks, each analyzed with its language's stemmer and stopwords."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import bm25s
import bm25s.stopwords as bm25s_stopwords
import numpy as np
import Stemmer

from index.models import Chunk

# ISO 639-1 → (Snowball stemmer, bm25s stopword list); nynorsk and bokmål use the Norwegian ones.
LANGUAGES: dict[str, tuple[str, str | None]] = {
    "en": ("english", "STOPWORDS_EN"),
    "sv": ("swedish", "STOPWORDS_SWEDISH"),
    "nb": ("norwegian", "STOPWORDS_NORWEGIAN"),
    "nn": ("norwegian", "STOPWORDS_NORWEGIAN"),
    "no": ("norwegian", "STOPWORDS_NORWEGIAN"),
    "da": ("danish", "STOPWORDS_DANISH"),
    "de": ("german", "STOPWORDS_GERMAN"),
    "nl": ("dutch", "STOPWORDS_DUTCH"),
    "fr": ("french", "STOPWORDS_FRENCH"),
    "es": ("spanish", "STOPWORDS_SPANISH"),
    "it": ("italian", "STOPWORDS_ITALIAN"),
    "pt": ("portuguese", "STOPWORDS_PORTUGUESE"),
    "fi": ("finnish", None),
}
FALLBACK_LANGUAGE = "en"
_WORD = re.compile(r"\w+", re.UNICODE)
VOCAB_FILE = "vocab.index.json"  # bm25s's name for it


class Analyzer:
    """Lower-cased words, minus the language's stopwords, stemmed with its Snowball stemmer."""

    def __init__(self, language: str):
        stemmer_name, stopword_list = LANGUAGES.get(language, LANGUAGES[FALLBACK_LANGUAGE])
        self.language = language
        self.stemmer = Stemmer.Stemmer(stemmer_name)
        words = getattr(bm25s_stopwords, stopword_list) if stopword_list else ()
        self.stopwords = frozenset(w.lower() for w in words)

    def analyze(self, text: str) -> list[str]:
        words = [w for w in _WORD.findall(text.lower()) if w not in self.stopwords]
        return self.stemmer.stemWords(words)


@cache
def analyzer_for(language: str) -> Analyzer:
    return Analyzer(language if language in LANGUAGES else FALLBACK_LANGUAGE)


def lexical_text(chunk: Chunk) -> str:
    """What keyword search sees of a chunk: its posting title, heading path and text."""
    return "\n".join((chunk.title, *chunk.heading_path, chunk.text))


class LexicalIndex:
    """BM25 over chunks; row i is chunk i of the index.

    Scoring, saving and loading are bm25s's. The score matrix is computed here, vectorized, from
    each chunk's token ids, which are stored too: a rebuild analyzes only new chunks and reuses
    the ids of the others (bm25s's own `index()` loops in Python and would re-analyze everything).
    """

    def __init__(
        self,
        retriever: bm25s.BM25,
        languages: Sequence[str],
        doc_tokens: np.ndarray,
        doc_offsets: np.ndarray,
    ):
        self.retriever = retriever
        self.languages = tuple(sorted(set(languages)))
        self.doc_tokens = doc_tokens  # token ids of every chunk, concatenated
        self.doc_offsets = doc_offsets  # chunk i's ids are doc_tokens[offsets[i]:offsets[i + 1]]

    @classmethod
    def build(
        cls,
        chunks: Sequence[Chunk],
        previous: LexicalIndex | None = None,
        origins: Sequence[int | None] = (),
    ) -> LexicalIndex:
        """Index `chunks`; chunk i with `origins[i]` set has that row's tokens in `previous`."""
        vocab: dict[str, int] = dict(previous.retriever.vocab_dict) if previous else {}
        parts = []
        for n, chunk in enumerate(chunks):
            origin = origins[n] if n < len(origins) else None
            if previous is not None and origin is not None:
                parts.append(previous.token_ids(origin))
            else:
                parts.append(analyze_into(chunk, vocab))
        lengths = np.fromiter((len(part) for part in parts), np.int64, len(parts))
        tokens = np.concatenate(parts) if parts else np.zeros(0, np.int32)
        return cls.from_tokens(vocab, tokens, lengths, [c.language for c in chunks])

    @classmethod
    def from_tokens(
        cls, vocab: dict[str, int], tokens: np.ndarray, lengths: np.ndarray, languages
    ) -> LexicalIndex:
        """The index of documents given as token ids (concatenated) and their lengths."""
        offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        retriever = bm25s.BM25(method="lucene")
        retriever.nonoccurrence_array = None  # only the bm25l / bm25+ variants use one
        retriever.scores = bm25_matrix(tokens, lengths, len(vocab), retriever.k1, retriever.b)
        retriever.vocab_dict = vocab
        retriever.unique_token_ids_set = set(vocab.values())
        return cls(retriever, languages, tokens.astype(np.int32, copy=False), offsets)

    def token_ids(self, row: int) -> np.ndarray:
        return self.doc_tokens[self.doc_offsets[row] : self.doc_offsets[row + 1]]

    def scores(self, query: str, language: str | None = None) -> np.ndarray:
        """A BM25 score per chunk. Without a language, the best over each indexed language."""
        languages = [language] if language else list(self.languages) or [FALLBACK_LANGUAGE]
        best = np.zeros(self.size, dtype=np.float32)
        by_stemmer = {LANGUAGES.get(lang, LANGUAGES[FALLBACK_LANGUAGE]): lang for lang in languages}
        for each in by_stemmer.values():
            np.maximum(best, self._scores_for(analyzer_for(each).analyze(query)), out=best)
        return best

    def _scores_for(self, tokens: Iterable[str]) -> np.ndarray:
        ids = self.retriever.get_tokens_ids([t for t in tokens if t])
        if not ids or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return self.retriever.get_scores_from_ids(ids).astype(np.float32, copy=False)

    @property
    def size(self) -> int:
        return int(self.retriever.scores["num_docs"]) if self.retriever.scores else 0

    def save(self, folder: Path) -> None:
        self.retriever.save(str(folder), show_progress=False)
        (folder / "languages.txt").write_text("\n".join(self.languages), encoding="utf-8")
        np.save(folder / "doc_tokens.npy", self.doc_tokens)
        np.save(folder / "doc_offsets.npy", self.doc_offsets)

    @staticmethod
    def load_tokens(folder: Path) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """(vocabulary, token ids, offsets) without the score matrix: what a rebuild reuses."""
        vocab = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
        tokens = np.load(folder / "doc_tokens.npy", mmap_mode="r", allow_pickle=False)
        offsets = np.load(folder / "doc_offsets.npy", allow_pickle=False)
        if not isinstance(vocab, dict) or (len(offsets) and offsets[-1] != len(tokens)):
            raise ValueError(f"{folder}: token ids and offsets do not match")
        return vocab, tokens, offsets

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        retriever = bm25s.BM25.load(str(folder), show_progress=False)
        languages = (folder / "languages.txt").read_text(encoding="utf-8").split()
        tokens = np.load(folder / "doc_tokens.npy", allow_pickle=False)
        offsets = np.load(folder / "doc_offsets.npy", allow_pickle=False)
        if len(offsets) != retriever.scores["num_docs"] + 1:
            raise ValueError(f"{folder}: token offsets do not match the number of chunks")
        return cls(retriever, languages, tokens, offsets)


def analyze_into(chunk: Chunk, vocab: dict[str, int]) -> np.ndarray:
    """The chunk's token ids, adding its new words to `vocab`."""
    tokens = analyzer_for(chunk.language).analyze(lexical_text(chunk))
    return np.asarray([vocab.setdefault(token, len(vocab)) for token in tokens], dtype=np.int32)


def bm25_matrix(tokens: np.ndarray, lengths: np.ndarray, vocab_size: int, k1: float, b: float):
    """bm25s's score matrix (Lucene BM25): a CSC matrix, one column per token, one row per doc.

    Each stored value is idf(token) * tf / (tf + k1 * (1 - b + b * doc length / mean length)).
    """
    n_docs = len(lengths)
    docs = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    keys, tf = np.unique(tokens.astype(np.int64) * max(n_docs, 1) + docs, return_counts=True)
    token_of, doc_of = np.divmod(keys, max(n_docs, 1))
    df = np.bincount(token_of, minlength=vocab_size)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    mean_length = max(float(lengths.mean()) if n_docs else 0.0, 1e-9)
    norm = k1 * (1 - b + b * lengths[doc_of] / mean_length)
    data = (idf[token_of] * tf / (tf + norm)).astype(np.float32)
    indptr = np.concatenate(([0], np.cumsum(df))).astype(np.int64)
    return {"data": data, "indices": doc_of.astype(np.int32), "indptr": indptr, "num_docs": n_docs}
