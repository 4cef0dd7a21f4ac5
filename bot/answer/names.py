"""The names of postings, and how well a question's words name each one.

A posting is named by its title, its URL slug and its team. What its naming scores depend on
(those words and the title) is its *signature*: many postings share one (500 "Software
Engineer"s). Signatures are held as arrays of name-word ids, so a question is scored against
every signature with a few array operations per naming word.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.answer.matching import (
    content_tokens,
    idf_weights,
    initials,
    spells_initials,
    tokens,
)
from bot.answer.vocabulary import Vocabulary

NAMING_THRESHOLD = 0.6  # a question word "names" a posting when it matches this well
INITIALS_MATCH = 0.9  # "sdr" for "Sales Development Representative"


@dataclass(frozen=True)
class Naming:
    """How a question names each signature (arrays indexed by signature)."""

    share: np.ndarray  # share of the question's naming words its name matches (IDF-weighted)
    mentioned: np.ndarray  # share of its name the question mentions
    shared_phrases: np.ndarray  # word pairs of its name the question says in a row
    closeness: np.ndarray  # how closely the best naming word matches (1: exactly; 1 if unnamed)


@dataclass(frozen=True)
class _Signature:
    names: tuple[str, ...]
    title: str
    initials: str
    distinct: set[str]


class PostingNames:
    """Name tokens of every posting, with weights that favour distinctive words."""

    def __init__(self, postings: dict) -> None:
        self.postings = postings
        self.names = {uid: name_tokens(meta) for uid, meta in postings.items()}
        self.weights = idf_weights(self.names.values())
        self._default_weight = max(self.weights.values(), default=1.0)
        self._naming: dict[str, list[str]] = {}  # the same question is resolved several times
        ids: dict[tuple[tuple[str, ...], str], int] = {}
        self.signature_of = {
            uid: ids.setdefault((tuple(self.names[uid]), meta.title), len(ids))
            for uid, meta in postings.items()
        }
        self._signatures = [_signature(names, title) for names, title in ids]
        self._words = _WordArrays(self._signatures, self.weights, self._default_weight)
        self.company = company_words(postings.values())

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self._words.ids)

    def naming_words(self, question: str) -> list[str]:
        """Question words that match some posting's name: the words that refer to a posting."""
        if question not in self._naming:
            if len(self._naming) > 1024:
                self._naming.clear()
            self._naming[question] = self._find_naming_words(question)
        return self._naming[question]

    def _find_naming_words(self, question: str) -> list[str]:
        found = []
        for word in dict.fromkeys(content_tokens(question)):
            if word.isdigit() or _is_company(word, self.company):
                continue
            matches = self.vocabulary.matches(word)  # best first
            if (matches and matches[0][0] >= NAMING_THRESHOLD) or self._words.by_initials(word):
                found.append(word)
        return found

    def company_in(self, question: str) -> set[str]:
        """The question's words that are the company's name."""
        return {w for w in content_tokens(question) if _is_company(w, self.company)}

    def naming(self, naming: Sequence[str], phrases: set[tuple[str, str]]) -> Naming:
        """How the naming words (in their order) and word pairs of a question name each
        signature; a signature they don't name scores (0, 0, 0, 1)."""
        words = self._words
        count = len(self._signatures)
        matched, closeness = np.zeros(count), np.zeros(count)
        mentioned_words = np.zeros(len(words.ids) + 1, dtype=bool)
        total = 0.0
        for word in naming:
            scores = words.scores(self.vocabulary.matches(word))
            mentioned_words |= scores >= NAMING_THRESHOLD  # words_match is symmetric
            best = scores[words.names].max(axis=1, initial=0.0)
            closeness = np.maximum(closeness, best)
            by_initials = [s for s in words.by_initials(word) if self._spelled(word, s)]
            best[by_initials] = np.maximum(best[by_initials], INITIALS_MATCH)
            weight = self.weights.get(word, self._default_weight)
            total += weight
            matched = matched + weight * np.where(best >= NAMING_THRESHOLD, best, 0.0)
        share = matched / total if naming else matched
        mentioned = words.mentioned(mentioned_words) if naming else np.zeros(count)
        shared = np.zeros(count)
        for bigram in phrases:
            shared[words.by_bigram.get(bigram, [])] += 1
        return Naming(share, mentioned, shared, np.where(share > 0, closeness, 1.0))

    def _spelled(self, word: str, signature: int) -> bool:
        """Initials name a posting from three letters, two only when they spell all of its
        title ("sa" is a Solution Architect, not a Senior Account Manager)."""
        return len(word) >= 3 or spells_initials(word, self._signatures[signature].title)


class _WordArrays:
    """Each signature's name words as rows of word ids, and word → signature maps."""

    def __init__(self, signatures: list[_Signature], weights: dict, default: float) -> None:
        self.ids = {
            w: i for i, w in enumerate(dict.fromkeys(w for s in signatures for w in s.names))
        }
        blank = len(self.ids)  # the id padding rows: no word matches it
        self.names = _rows([[self.ids[w] for w in s.names] for s in signatures], blank)
        # the distinct words in set order: sums over them add in the order they always did
        self.distinct = _rows([[self.ids[w] for w in s.distinct] for s in signatures], blank)
        self.weights = np.array([weights.get(w, default) for w in self.ids] + [0.0])
        self.name_totals = np.array(
            [sum(weights.get(n, default) for n in s.distinct) or 1.0 for s in signatures]
        )
        self.by_bigram = _inverted(bigrams(s.names) for s in signatures)
        self._by_initials = _inverted(_spans(s.initials) for s in signatures)

    def scores(self, matches: tuple[tuple[float, str], ...]) -> np.ndarray:
        """A word's match score with every name word (0 for the padding)."""
        scores = np.zeros(len(self.ids) + 1)
        for score, word in matches:
            scores[self.ids[word]] = score
        return scores

    def by_initials(self, word: str) -> list[int]:
        """Signatures whose initials spell `word` in a row (`matching.initials_match`)."""
        if not (2 <= len(word) <= 5 and word.isalpha()):
            return []
        return self._by_initials.get(word, [])

    def mentioned(self, words: np.ndarray) -> np.ndarray:
        """Share of each signature's name (IDF-weighted) among `words` (a mask of word ids)."""
        contributions = np.where(words[self.distinct], self.weights[self.distinct], 0.0)
        total = np.zeros(len(self.distinct))
        for column in contributions.T:
            total = total + column
        return total / self.name_totals


def company_words(metas) -> frozenset[str]:
    """The company's name as its sites' domains spell it ("variant" of www.variant.no): it is
    in every posting's name that says it ("CTO i Variant Bergen"), so it names none of them."""
    found = set()
    for meta in metas:
        host = re.sub(r"^[a-z]+://", "", meta.url or "").split("/", 1)[0].split(":", 1)[0]
        labels = [label for label in host.lower().split(".") if label and label != "www"]
        found.update(label for label in labels[:-1] if len(label) >= 3)
    return frozenset(found)


def _is_company(word: str, company: frozenset[str]) -> bool:
    return any((name.startswith(word) and len(word) >= 4) or word == name for name in company)


def name_tokens(meta) -> list[str]:
    stem = meta.id.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem in ("_index", "index"):
        stem = meta.id.rsplit("/", 2)[-2] if meta.id.count("/") >= 1 else ""
    team = meta.fields.get("team", "")
    words_ = content_tokens(f"{meta.title} {stem} {team}")
    return [w for w in words_ if not w.isdigit() and len(w) > 1]


def bigrams(words: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(words))


def _signature(names: tuple[str, ...], title: str) -> _Signature:
    return _Signature(names, title, initials(tokens(title)), set(names))


def _spans(letters: str) -> set[str]:
    """Every run of 2 to 5 letters in `letters`."""
    return {
        letters[i:j]
        for i in range(len(letters))
        for j in range(i + 2, min(i + 5, len(letters)) + 1)
    }


def _rows(rows: list[list[int]], blank: int) -> np.ndarray:
    width = max((len(r) for r in rows), default=0)
    return np.array([r + [blank] * (width - len(r)) for r in rows], dtype=np.int64).reshape(
        len(rows), width
    )


def _inverted(values_of) -> dict:
    """value → the signatures (positions in `values_of`) having it, ascending."""
    inverted: dict = {}
    for position, values in enumerate(values_of):
        for value in values:
            inverted.setdefault(value, []).append(position)
    return inverted
