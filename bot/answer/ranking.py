"""Candidates scored as arrays, and a ranking whose matches are made when they are read.

A question names a few signatures; every other posting scores only on its text match, its date
and its language, so ten thousand candidates are scored with a few array operations and a
stable sort (ties keep the candidates' order), and only the matches a caller reads are built.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.answer.names import Naming, PostingNames

MONTH_MATCH = 0.35  # date score of a posting from the month and year the question names
_TABLES_PER_NAMES = 16
_tables: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


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


class Ranking(Sequence[PostingMatch]):
    """Matches best first; each is made when first read (most callers read only the top)."""

    def __init__(self, size: int, make: Callable[[int], PostingMatch]) -> None:
        self._size = size
        self._make = make
        self._made: dict[int, PostingMatch] = {}

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._size))]
        i = range(self._size)[i]  # negative positions, and IndexError past the end
        if i not in self._made:
            self._made[i] = self._make(i)
        return self._made[i]


class CandidateTable:
    """What scoring needs of each candidate, as arrays in the candidates' order."""

    def __init__(self, names: PostingNames, uids: Sequence[str]) -> None:
        self.uids = list(uids)
        self.position = {uid: i for i, uid in enumerate(self.uids)}
        metas = [names.postings[uid] for uid in self.uids]
        self.signatures = np.array([names.signature_of[uid] for uid in self.uids], dtype=np.int64)
        codes: dict[str, int] = {}
        self._language_codes = codes
        self.languages = np.array([codes.setdefault(m.language, len(codes)) for m in metas])
        dates = [m.fields.get("date", "") for m in metas]
        self.years = np.array([_number(d[:4]) for d in dates], dtype=np.int64)
        self.months = np.array([_number(d[5:7]) for d in dates], dtype=np.int64)

    @classmethod
    def of(cls, names: PostingNames, uids: Sequence[str]) -> CandidateTable:
        """The table of `uids` (kept while the list lives: a context's lists are kept)."""
        per_names = _tables.setdefault(names, {})
        kept = per_names.get(id(uids))
        if kept is None or kept[0] is not uids:
            if len(per_names) >= _TABLES_PER_NAMES:
                per_names.clear()
            kept = per_names[id(uids)] = (uids, cls(names, uids))
        return kept[1]

    def in_language(self, language: str) -> np.ndarray:
        code = self._language_codes.get(language, -1) if language else -1
        return self.languages == code

    def date_scores(self, year: int | None, month: int | None) -> np.ndarray:
        """How each candidate's date fits the question's (year, month): 0 without a year asked
        or a date posted, -0.15 another year, then MONTH_MATCH the same month, -0.05 another
        month, 0.2 the year alone."""
        if year is None:
            return np.zeros(len(self.uids))
        if month is None:
            in_year = np.full(len(self.uids), 0.2)
        else:
            in_year = np.where(self.months == month, MONTH_MATCH, -0.05)
            in_year = np.where(self.months >= 0, in_year, 0.2)
        return np.where(self.years >= 0, np.where(self.years == year, in_year, -0.15), 0.0)

    def spread(self, values: dict[str, float]) -> np.ndarray:
        """Per-uid values as an array in the candidates' order (0 for the others)."""
        out = np.zeros(len(self.uids))
        for uid, value in values.items():
            position = self.position.get(uid)
            if position is not None:
                out[position] = value
        return out


def rank(
    table: CandidateTable,
    naming: Naming,
    content: dict[str, float],
    date_scores: np.ndarray,
    language: str,
    weak: bool,
) -> Ranking:
    """Candidates by name, text, date and language: `resolve.rank_postings`' score, in arrays
    (the same operations in the same order, so the same floats and the same ties)."""
    share = naming.share[table.signatures]
    mentioned = naming.mentioned[table.signatures]
    shared = naming.shared_phrases[table.signatures]
    close = naming.closeness[table.signatures]
    body = table.spread(content)
    same_language = np.where(table.in_language(language), 0.08, 0.0)
    score = share + 0.3 * mentioned + 0.35 * body + date_scores + 0.15 * shared + same_language
    order = np.argsort(-score, kind="stable")

    def make(i: int) -> PostingMatch:
        p = int(order[i])
        return PostingMatch(
            table.uids[p],
            float(score[p]),
            float(share[p]),
            float(body[p]),
            bool(date_scores[p] >= MONTH_MATCH),
            weak,
            float(close[p]),
            bool(shared[p]),
        )

    return Ranking(len(table.uids), make)


def name_shares(names: PostingNames, table: CandidateTable, naming: list[str]) -> np.ndarray:
    """Each candidate's share of the naming words its name matches."""
    return names.naming(naming, set()).share[table.signatures]


def _number(text: str) -> int:
    """The number `text` spells, -1 when it is not all digits."""
    return int(text) if text.isdigit() else -1
