"""Which posting a question (or its thread) is about.

A posting is named by its title, its URL slug, its team and its date; people also describe it
by content ("the one that's mostly ceph"). Each signal scores every candidate; translations of
one posting are scored together and the reader's language picks the version to quote.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.answer.matching import (
    Vocabulary,
    content_tokens,
    idf_weights,
    initials,
    initials_match,
    spells_initials,
    tokens,
    words_match,
)

NAMING_THRESHOLD = 0.6  # a question word "names" a posting when it matches this well
CONFIDENT = 0.45
PHRASED = 0.3  # enough naming for a posting whose name the question says as a phrase
MONTH_MATCH = 0.35  # date score of a posting from the month and year the question names
TYPO = 0.85  # a naming word that matches no better than this is maybe a typo, maybe another word

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "maj": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "des": 12,
}  # fmt: skip
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_ISO_MONTH = re.compile(r"\b(20\d\d)-(\d\d)\b")


@dataclass(frozen=True)
class PostingMatch:
    uid: str
    score: float
    naming: float  # share of the question's naming words that match this posting's name
    content: float  # how well the posting's text matches the question (0..1, relative)
    dated: bool  # the question's month and year match the posting's (a year alone is too vague)
    weak: bool = False  # named only by words that also ask for a fact ("manager", "lead")
    closeness: float = 1.0  # how closely its best naming word matches: < 0.85 is a typo's match
    phrased: bool = False  # the question holds two words of its name in a row ("network engineer")


class PostingNames:
    """Name tokens of every posting, with weights that favour distinctive words."""

    def __init__(self, postings: dict) -> None:
        self.postings = postings
        self.names = {uid: self._name_tokens(meta) for uid, meta in postings.items()}
        self.title_words = {uid: tokens(meta.title) for uid, meta in postings.items()}
        self.weights = idf_weights(self.names.values())
        self._naming: dict[str, list[str]] = {}  # the same question is resolved several times
        self._default_weight = max(self.weights.values(), default=1.0)
        self._initials = {uid: initials(words_) for uid, words_ in self.title_words.items()}
        self._distinct_names = {uid: set(names) for uid, names in self.names.items()}
        self.name_bigrams = {uid: _bigrams(names) for uid, names in self.names.items()}
        # What a posting's naming scores depend on: many postings share it (500 "Software
        # Engineer"s), and a question is matched against each signature once.
        self.signatures = {uid: (tuple(self.names[uid]), m.title) for uid, m in postings.items()}
        self._by_token = _inverted(self._distinct_names)
        self._by_initials = _inverted({uid: [i] for uid, i in self._initials.items()})
        self._by_bigram = _inverted(self.name_bigrams)
        self._name_totals = {
            uid: sum(self.weights.get(n, self._default_weight) for n in distinct) or 1.0
            for uid, distinct in self._distinct_names.items()
        }

    @staticmethod
    def _name_tokens(meta) -> list[str]:
        stem = meta.id.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem in ("_index", "index"):
            stem = meta.id.rsplit("/", 2)[-2] if meta.id.count("/") >= 1 else ""
        team = meta.fields.get("team", "")
        words_ = content_tokens(f"{meta.title} {stem} {team}")
        return [w for w in words_ if not w.isdigit() and len(w) > 1]

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(t for names in self.names.values() for t in names)

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
            if word.isdigit():
                continue
            matches = self.vocabulary.matches(word)  # best first
            if (matches and matches[0][0] >= NAMING_THRESHOLD) or any(
                initials_match(word, letters) for letters in self._initials.values()
            ):
                found.append(word)
        return found

    def naming_score(self, uid: str, naming: list[str]) -> tuple[float, float]:
        """(share of naming words matched, share of the posting's name mentioned)."""
        if not naming:
            return 0.0, 0.0
        names = self.names[uid]
        default = self._default_weight
        total = matched = 0.0
        for word in naming:
            weight = self.weights.get(word, default)
            best = max((words_match(word, n) for n in names), default=0.0)
            if initials_match(word, self._initials[uid]) and (
                len(word) >= 3 or spells_initials(word, self.postings[uid].title)
            ):
                best = max(best, 0.9)
            total += weight
            matched += weight * (best if best >= NAMING_THRESHOLD else 0.0)
        mentioned = sum(
            self.weights.get(n, default)
            for n in self._distinct_names[uid]
            if any(words_match(n, w) >= NAMING_THRESHOLD for w in naming)
        )
        return matched / total, mentioned / self._name_totals[uid]

    def related(self, naming: list[str], phrases: set[tuple[str, str]]) -> set[str]:
        """The postings a naming word or a phrase of the question could match: every other one
        scores nothing on its name (`naming_score` is (0, 0)), so it is never scored. Found
        through the distinct name words, not posting by posting (10,000 postings share a few
        thousand words)."""
        found: set[str] = set()
        for word in naming:
            for token, uids in self._by_token.items():
                if max(words_match(word, token), words_match(token, word)) >= NAMING_THRESHOLD:
                    found |= uids
            for letters, uids in self._by_initials.items():
                if initials_match(word, letters):
                    found |= uids
        for bigram in phrases:
            found |= self._by_bigram.get(bigram, set())
        return found

    def closeness(self, uid: str, naming: list[str]) -> float:
        """How well the question's best naming word matches this posting's name (1: exactly)."""
        names = self.names[uid]
        return max((words_match(w, n) for w in naming for n in names), default=0.0)


def question_date(text: str) -> tuple[int | None, int | None]:
    """(year, month) a question mentions ("the one posted feb 2026", "dec 2024", "2024-09")."""
    iso = _ISO_MONTH.search(text)
    if iso:
        return int(iso.group(1)), int(iso.group(2))
    year = _YEAR.search(text)
    month = None
    for word in tokens(text):
        if word[:3] in _MONTHS and (len(word) <= 4 or word.startswith(_month_names())):
            month = _MONTHS[word[:3]]
            break
    return (int(year.group(1)) if year else None), month


def _month_names() -> tuple[str, ...]:
    return (
        "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "januari", "februari", "mars", "augusti",
        "oktober", "desember", "januar", "februar", "juni", "juli",
    )  # fmt: skip


def date_score(year: int | None, month: int | None, posting_date: str) -> float:
    if year is None or not posting_date[:4].isdigit():
        return 0.0
    if int(posting_date[:4]) != year:
        return -0.15
    if month is not None and posting_date[5:7].isdigit():
        return MONTH_MATCH if int(posting_date[5:7]) == month else -0.05
    return 0.2


def rank_postings(
    names: PostingNames,
    question: str,
    candidates: Sequence[str],
    content: dict[str, float],
    *,
    fact_words: set[str] = frozenset(),
    language: str = "",
) -> list[PostingMatch]:
    """Candidates ranked by how well the question names or describes them, best first.

    Words that ask for a fact ("who's the manager?") only name a posting when nothing else does.
    """
    naming = names.naming_words(question)
    strong = [w for w in naming if w not in fact_words]
    weak = bool(naming) and not strong
    naming = strong or naming
    phrases = _bigrams(content_tokens(question))
    year, month = question_date(question)
    matches = []
    by_name: dict[tuple, tuple[float, float, int, float]] = {}  # postings named alike match alike
    related = names.related(naming, phrases)
    for uid in candidates:
        meta = names.postings[uid]
        named = by_name.get(names.signatures[uid]) if uid in related else _UNNAMED
        if named is None:
            share, mentioned = names.naming_score(uid, naming)
            close = names.closeness(uid, naming) if share else 1.0
            shared = len(phrases & names.name_bigrams[uid])
            named = by_name[names.signatures[uid]] = (share, mentioned, shared, close)
        share, mentioned, shared_phrases, close = named
        dated = date_score(year, month, meta.fields.get("date", ""))
        body = content.get(uid, 0.0)
        phrase = 0.15 * shared_phrases
        same_language = 0.08 if language and meta.language == language else 0.0
        score = share + 0.3 * mentioned + 0.35 * body + dated + phrase + same_language
        matches.append(
            PostingMatch(
                uid, score, share, body, dated >= MONTH_MATCH, weak, close, bool(shared_phrases)
            )
        )
    return sorted(matches, key=lambda m: -m.score)


_UNNAMED = (0.0, 0.0, 0, 1.0)  # (share, mentioned, shared phrases, closeness) of an unnamed one


def _inverted(values_of: dict[str, Iterable]) -> dict:
    """value → the uids having it."""
    inverted: dict = {}
    for uid, values in values_of.items():
        for value in values:
            inverted.setdefault(value, set()).add(uid)
    return inverted


def _bigrams(words: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(words))


def is_confident(ranked: Sequence[PostingMatch]) -> bool:
    if not ranked or ranked[0].weak:
        return False
    top = ranked[0]
    # "network engineer - which platforms would I manage?": a name said as a phrase is meant,
    # though other words of the question happen to name other postings
    return top.naming >= CONFIDENT or top.dated or (top.phrased and top.naming >= PHRASED)


def names_hidden(
    ranked: Sequence[PostingMatch],
    hidden: Sequence[PostingMatch],
    fully: tuple[Sequence[PostingMatch], Sequence[PostingMatch]],
) -> bool:
    """Whether the question names a posting the asker may not see (a draft, an expired one)
    better than any it may: answering from the next best would put another in its place.

    `fully` ranks (visible, hidden) again counting every naming word, fact words too: the
    "manager" of "engineering manager platform salary?" names a posting as well as asking.
    """
    if not hidden or hidden[0].naming < CONFIDENT:
        return False
    best = ranked[0].naming if ranked else 0.0
    best_fully = fully[0][0].naming if fully[0] else 0.0
    hidden_fully = fully[1][0].naming if fully[1] else 0.0
    return hidden[0].naming >= best and hidden_fully >= best_fully + 0.15


def tied(ranked: Sequence[PostingMatch], margin: float = 0.05) -> list[PostingMatch]:
    """The top matches that fit equally well."""
    if not ranked:
        return []
    return [m for m in ranked if ranked[0].score - m.score <= margin]
