"""Keyword search: bm25s over chunks, each analyzed with its language's stemmer and stopwords."""

from __future__ import annotations

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
    """BM25 over chunks; row i is chunk i of the index."""

    def __init__(self, retriever: bm25s.BM25, languages: Sequence[str]):
        self.retriever = retriever
        self.languages = tuple(sorted(set(languages)))

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> LexicalIndex:
        corpus = [analyzer_for(c.language).analyze(lexical_text(c)) or [""] for c in chunks]
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        return cls(retriever, [c.language for c in chunks])

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

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        retriever = bm25s.BM25.load(str(folder), show_progress=False)
        languages = (folder / "languages.txt").read_text(encoding="utf-8").split()
        return cls(retriever, languages)
