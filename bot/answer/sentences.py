"""A posting's sentences prepared once for scoring against any question.

Scoring a posting compares every question word with every sentence; what depends only on the
posting (its words per sentence, labels, IDF, the fuzzy matches of a word among its vocabulary)
is computed here once and kept, so a question pays only for what is new about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.answer.matching import idf_weights, tokens
from bot.answer.vocabulary import Vocabulary
from index.models import Chunk

LABEL_MAX = 30  # a sentence this short, or ending in ":", is a label: quote what follows too


@dataclass(frozen=True)
class Line:
    """One sentence: its text, with the label before it, and its words."""

    text: str
    labeled: str
    words: frozenset[str]


@dataclass(frozen=True)
class Section:
    heading: str
    heading_words: frozenset[str]
    lines: tuple[Line, ...]


class PostingText:
    """The sentences of a posting's chunks, in order, with a shared vocabulary and IDF."""

    def __init__(self, sections: tuple[Section, ...], sentence_tokens: list[tuple[str, ...]]):
        self.sections = sections
        self.weights = idf_weights(sentence_tokens)  # a posting's own vocabulary decides rarity
        self.default_weight = max(self.weights.values(), default=1.0)
        self.vocabulary = Vocabulary(
            word
            for section in sections
            for words in (section.heading_words, *(line.words for line in section.lines))
            for word in words
        )

    def query(self, words: Sequence[str]) -> Query:
        """The question's distinct words with their weights and matches in this posting."""
        distinct = list(dict.fromkeys(words))
        weighted = tuple(
            (word, self.weights.get(word, self.default_weight), self.vocabulary.matches(word))
            for word in distinct
        )
        total = 0.0
        for _, weight, _ in weighted:
            total += weight
        return Query(weighted, total)

    @staticmethod
    def overlap(query: Query, present: frozenset[str]) -> float:
        """IDF-weighted share of the query's words found fuzzily among `present` (a sentence's
        or heading's words), without comparing word by word."""
        matched = 0.0
        for word, weight, matches in query.words:
            if word in present:
                matched += weight
                continue
            for score, other in matches:
                if other in present:
                    matched += weight * score
                    break
        return matched / query.total if query.total else 0.0


@dataclass(frozen=True)
class Query:
    words: tuple[tuple[str, float, tuple[tuple[float, str], ...]], ...]
    total: float


def posting_text(chunks: Sequence[Chunk]) -> PostingText:
    return _prepared(tuple((chunk.heading_path, chunk.sentences) for chunk in chunks))


@lru_cache(maxsize=1024)  # ~200 KB each: bounded for big indexes
def _prepared(content: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]) -> PostingText:
    sections = []
    for heading_path, sentences in content:
        heading = " ".join(heading_path)
        lines = tuple(
            Line(sentence, with_label(sentences, i), frozenset(tokens(sentence)))
            for i, sentence in enumerate(sentences)
        )
        sections.append(Section(heading, frozenset(tokens(heading)), lines))
    return PostingText(
        tuple(sections), [tokens(sentence) for _, sentences in content for sentence in sentences]
    )


def with_label(sentences: Sequence[str], i: int) -> str:
    """A sentence with the label before it ("Salary range:" + "€50,000 - €80,000")."""
    previous = sentences[i - 1] if i else ""
    if previous and (previous.rstrip().endswith(":") or len(previous) <= LABEL_MAX):
        return f"{previous} {sentences[i]}"
    return sentences[i]
