"""A set of words indexed by how words can match (`matching.words_match`)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from bot.answer.matching import SYNONYMS, fold, words_match


class Vocabulary:
    """The distinct words of some texts, indexed by how words can match (`words_match`), so a
    word's matches are found once per vocabulary instead of once per sentence and word.

    The index is built on the third word looked up: a posting scored for one question needs
    the matches of a word or two, and scanning its words costs less than indexing them."""

    _SCANS = 2

    def __init__(self, words_: Iterable[str]) -> None:
        self.words = frozenset(words_)
        self._matches: dict[str, tuple[tuple[float, str], ...]] = {}
        self._indexed = False

    def matches(self, word: str) -> tuple[tuple[float, str], ...]:
        """(score, vocabulary word) for every word `word` matches at all, best first."""
        found = self._matches.get(word)
        if found is None:
            if len(self._matches) > 4096:  # question words keep coming: stay bounded
                self._matches.clear()
            if not self._indexed and len(self._matches) >= self._SCANS:
                self._index()
            others = self._candidates(word) if self._indexed else self._scan(word)
            scored = ((words_match(word, other), other) for other in others)
            found = tuple(sorted(((s, o) for s, o in scored if s > 0), reverse=True))
            self._matches[word] = found
        return found

    def best(self, word: str, present: frozenset[str] | set[str]) -> float:
        """How well `word` matches its best counterpart among `present` (words of this
        vocabulary): 1 when it is there itself."""
        if word in present:
            return 1.0
        for score, other in self.matches(word):
            if other in present:
                return score
        return 0.0

    def _scan(self, word: str) -> list[str]:
        """`_candidates`, word by word."""
        mapped = _mapped(word)
        first = mapped[:1]
        inside = len(mapped) >= 4
        contains = len(mapped) >= 8
        return [
            other
            for other in self.words
            if (m := _mapped(other))[:1] == first
            or (inside and len(m) >= 8 and mapped in m)
            or (contains and len(m) >= 4 and m in mapped)
        ]

    def _index(self) -> None:
        self._indexed = True
        self._by_initial: dict[str, list[str]] = {}
        long_words: list[tuple[str, str]] = []  # (spelling, synonym-mapped), 8+ letters mapped
        self._by_mapped: dict[str, list[str]] = {}
        for word in self.words:
            mapped = _mapped(word)
            self._by_initial.setdefault(mapped[:1], []).append(word)
            self._by_mapped.setdefault(mapped, []).append(word)
            if len(mapped) >= 8:
                long_words.append((word, mapped))
        self._long_words = [word for word, _ in long_words]
        self._long_starts: list[int] = []
        position = 1
        for _, mapped in long_words:
            self._long_starts.append(position)
            position += len(mapped) + 1
        self._long_text = "\n" + "\n".join(mapped for _, mapped in long_words) + "\n"

    def _candidates(self, word: str) -> set[str]:
        """Words that may match `word`: the same first letter, or one contains the other
        (compounds), compared without accents; every other pair scores 0 in `words_match`."""
        mapped = _mapped(word)
        out = set(self._by_initial.get(mapped[:1], ()))
        if len(mapped) >= 4:  # `mapped` inside a longer word
            start = self._long_text.find(mapped)
            while start >= 0:
                out.add(self._long_words[bisect_right(self._long_starts, start) - 1])
                start = self._long_text.find(mapped, start + 1)
        if len(mapped) >= 8:  # a word of 4+ letters inside `mapped`
            for begin in range(len(mapped) - 3):
                for end in range(begin + 4, len(mapped) + 1):
                    out.update(self._by_mapped.get(mapped[begin:end], ()))
        return out


@lru_cache(maxsize=200_000)
def _mapped(word: str) -> str:
    return fold(SYNONYMS.get(word, word))
