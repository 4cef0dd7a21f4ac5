"""Keyword search: BM25 over the live docs of several segments, computed at query time.

Each segment keeps a `TermColumns` (its inverted index) written once; a generation's
`LexicalIndex` maps every segment's docs to rows of the index (-1 for a dead doc) and scores a
query over the live docs only, so a changed posting never requires rescoring the others.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
K1, B = 1.5, 0.75  # Lucene's BM25, as bm25s's default
VOCAB_FILE = "terms.vocab.json"
ARRAYS = {"indptr": np.int64, "docs": np.int32, "tf": np.int32, "lengths": np.int32}
_WORD = re.compile(r"\w+", re.UNICODE)


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


def analyze_into(chunk: Chunk, vocab: dict[str, int]) -> np.ndarray:
    """The chunk's token ids, adding its new words to `vocab`."""
    tokens = analyzer_for(chunk.language).analyze(lexical_text(chunk))
    return np.asarray([vocab.setdefault(token, len(vocab)) for token in tokens], dtype=np.int32)


@dataclass(eq=False)
class TermColumns:
    """One segment's inverted index: for each token id, the (local) docs holding it and the term
    frequency; plus each doc's length in tokens. Built once when a segment is written."""

    vocab: dict[str, int]  # analyzed word -> token id, ids 0..len-1
    indptr: np.ndarray  # token t's postings are [indptr[t]:indptr[t + 1]]
    docs: np.ndarray  # local doc rows, ascending within each token
    tf: np.ndarray
    lengths: np.ndarray  # tokens per local doc
    languages: tuple[str, ...]

    @classmethod
    def from_tokens(
        cls, vocab: dict[str, int], tokens: np.ndarray, lengths: np.ndarray, languages
    ) -> TermColumns:
        """The columns of docs given as token ids (concatenated) and their lengths."""
        lengths = np.asarray(lengths, dtype=np.int64)
        if len(tokens) != lengths.sum() or (len(tokens) and tokens.max() >= len(vocab)):
            raise ValueError("token ids do not match the lengths or the vocabulary")
        # A stable sort by token keeps each token's docs ascending (they are concatenated in doc
        # order); runs of one (token, doc) pair are its term frequency. int32 throughout: this
        # runs on 9M tokens at 10,000 postings and bounds a full build's peak memory.
        order = np.argsort(np.asarray(tokens, dtype=np.int32), kind="stable")
        token_sorted = np.asarray(tokens, dtype=np.int32)[order]
        doc_sorted = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)[order]
        del order
        starts = np.ones(len(token_sorted), dtype=bool)
        starts[1:] = (token_sorted[1:] != token_sorted[:-1]) | (doc_sorted[1:] != doc_sorted[:-1])
        starts = np.flatnonzero(starts)
        tf = np.diff(np.append(starts, len(token_sorted)))
        docs, token_of = doc_sorted[starts], token_sorted[starts]
        del token_sorted, doc_sorted, starts
        indptr = np.concatenate(([0], np.cumsum(np.bincount(token_of, minlength=len(vocab)))))
        arrays = zip((indptr, docs, tf, lengths), ARRAYS.values(), strict=True)
        typed = (array.astype(kind, copy=False) for array, kind in arrays)
        return cls(vocab, *typed, tuple(sorted(set(languages))))

    @classmethod
    def from_chunks(cls, chunks: Sequence[Chunk]) -> TermColumns:
        vocab: dict[str, int] = {}
        docs = [analyze_into(chunk, vocab) for chunk in chunks]
        lengths = np.fromiter(map(len, docs), np.int64, len(docs))
        tokens = np.concatenate(docs) if docs else np.zeros(0, np.int32)
        return cls.from_tokens(vocab, tokens, lengths, [chunk.language for chunk in chunks])

    @property
    def size(self) -> int:
        return len(self.lengths)

    def save(self, folder: Path) -> None:
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = {"languages": list(self.languages), "words": words}
        (folder / VOCAB_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for name in ARRAYS:
            np.save(folder / f"terms.{name}.npy", getattr(self, name))

    @classmethod
    def load(cls, folder: Path) -> TermColumns:
        """The saved columns; ValueError naming the file when one is missing or inconsistent."""
        path = folder / VOCAB_FILE
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
            words, languages = list(meta["words"]), tuple(meta["languages"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}: unreadable ({error})") from error
        vocab = {word: n for n, word in enumerate(words)}
        if len(vocab) != len(words):
            raise ValueError(f"{path}: a word appears twice")
        arrays = {name: _load_array(folder, name) for name in ARRAYS}
        columns = cls(vocab, **arrays, languages=languages)
        if problem := columns._inconsistency():
            name, reason = problem
            raise ValueError(f"{folder / f'terms.{name}.npy'}: {reason}")
        return columns

    def _inconsistency(self) -> tuple[str, str] | None:
        """(array name, reason) of the first check the arrays fail, if any."""
        indptr, docs, tf, lengths = self.indptr, self.docs, self.tf, self.lengths
        if len(indptr) != len(self.vocab) + 1 or indptr[0] != 0 or np.any(np.diff(indptr) < 0):
            return "indptr", f"not {len(self.vocab) + 1} ascending offsets from 0"
        if indptr[-1] != len(docs) or np.any(docs < 0) or np.any(docs >= len(lengths)):
            return "docs", f"not {indptr[-1]} doc rows below {len(lengths)}"
        if len(tf) != len(docs) or np.any(tf < 1):
            return "tf", f"not {len(docs)} positive term frequencies"
        if not np.array_equal(np.bincount(docs, tf, minlength=len(lengths)), lengths):
            return "lengths", "doc lengths differ from the sum of their term frequencies"
        return None


def _load_array(folder: Path, name: str) -> np.ndarray:
    path = folder / f"terms.{name}.npy"
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as error:
        raise ValueError(f"{path}: unreadable ({error})") from error
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise ValueError(f"{path}: not a one-dimensional integer array")
    return array.astype(ARRAYS[name], copy=False)


class _Part:
    """A segment's postings as index rows and BM25 term weights, worked out per word on first
    use: loading an index (a hot swap) does no work per posting, and a word asked again is a
    dictionary lookup."""

    CACHED_WORDS = 50_000

    def __init__(self, columns: TermColumns, rows: np.ndarray, mean_length: float):
        self.columns = columns
        self.rows = rows
        self.live = rows >= 0
        self.norms = K1 * (1 - B + B * columns.lengths / mean_length)
        self._cache: dict[int, tuple[np.ndarray, np.ndarray, int]] = {}

    def postings(self, word: str) -> tuple[np.ndarray, np.ndarray, int]:
        """(index rows, term weights, live docs) of `word`'s live postings."""
        token = self.columns.vocab.get(word)
        if token is None:
            return _NO_ROWS, _NO_WEIGHTS, 0
        found = self._cache.get(token)
        if found is None:
            found = self._postings_of(token)
            if len(self._cache) < self.CACHED_WORDS:
                self._cache[token] = found
        return found

    def _postings_of(self, token: int) -> tuple[np.ndarray, np.ndarray, int]:
        span = slice(self.columns.indptr[token], self.columns.indptr[token + 1])
        docs, tf = self.columns.docs[span], self.columns.tf[span]
        live = self.live[docs]
        docs, tf = docs[live], tf[live]
        weights = (tf / (tf + self.norms[docs])).astype(np.float32)
        return self.rows[docs], weights, len(docs)


_NO_ROWS = np.zeros(0, dtype=np.int64)
_NO_WEIGHTS = np.zeros(0, dtype=np.float32)


class LexicalIndex:
    """BM25 (Lucene variant, k1=1.5, b=0.75, idf = log(1 + (N - df + 0.5) / (df + 0.5))) over the
    live docs of several segments, computed at query time."""

    def __init__(self, parts: Sequence[tuple[TermColumns, np.ndarray]], size: int):
        parts = [(columns, np.asarray(rows, dtype=np.int64)) for columns, rows in parts]
        _check_rows(parts, size)
        self.live_docs = sum(int(np.count_nonzero(rows >= 0)) for _, rows in parts)
        total = sum(int(c.lengths[rows >= 0].sum(dtype=np.int64)) for c, rows in parts)
        mean_length = total / self.live_docs if total else 1.0
        self._size = size
        self._languages = tuple(sorted({lang for c, _ in parts for lang in c.languages}))
        self._parts = [_Part(c, rows, mean_length) for c, rows in parts]

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> LexicalIndex:
        """One part, all live, row i = chunk i."""
        columns = TermColumns.from_chunks(chunks)
        return cls([(columns, np.arange(columns.size, dtype=np.int64))], columns.size)

    @property
    def size(self) -> int:
        return self._size

    @property
    def languages(self) -> tuple[str, ...]:
        return self._languages

    def scores(self, query: str, language: str | None = None) -> np.ndarray:
        """A BM25 score per row. Without a language, the best over each indexed language."""
        languages = [language] if language else list(self.languages) or [FALLBACK_LANGUAGE]
        best = np.zeros(self.size, dtype=np.float32)
        by_stemmer = {LANGUAGES.get(lang, LANGUAGES[FALLBACK_LANGUAGE]): lang for lang in languages}
        for each in by_stemmer.values():
            np.maximum(best, self._scores_for(analyzer_for(each).analyze(query)), out=best)
        return best

    def _scores_for(self, words: Iterable[str]) -> np.ndarray:
        # A repeated query word counts each time, as in bm25s's get_scores.
        scores = np.zeros(self.size, dtype=np.float32)
        for word, repeats in Counter(w for w in words if w).items():
            postings = [part.postings(word) for part in self._parts]
            df = sum(live for _, _, live in postings)
            idf = np.float32(repeats * np.log(1 + (self.live_docs - df + 0.5) / (df + 0.5)))
            for rows, weights, _ in postings:
                scores[rows] += idf * weights  # a token's live rows are distinct: no np.add.at
        return scores


def _check_rows(parts: Sequence[tuple[TermColumns, np.ndarray]], size: int) -> None:
    if any(len(rows) != columns.size for columns, rows in parts):
        raise ValueError("a part's rows do not match its number of docs")
    live_rows = np.concatenate([rows[rows >= 0] for _, rows in parts] or [np.zeros(0, int)])
    if np.any(live_rows >= size) or len(np.unique(live_rows)) != len(live_rows):
        raise ValueError(f"live docs need distinct rows below {size}")
