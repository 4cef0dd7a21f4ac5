"""Candidates scored as arrays, and a ranking whose matches are made when they are read.

A question names a few signatures; every other posting scores only on its text match, its date
and its language, so ten thousand candidates are scored with a few array operations and a
stable sort (ties keep the candidates' order), and only the matches a caller reads are built.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.answer.names import Naming, PostingNames
from bot.answer.tuning import DEFAULT_TUNING, Tuning

_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_TABLES_PER_NAMES = 16
_tables: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class PostingMatch:
    uid: str
    score: float
    naming: float  # share of the question's naming words that match this posting's name
    content: float  # how well the posting's text matches the question (0..1, relative)
    dated: bool  # the month and year asked match its date (a year alone is too vague)
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
        self.editions = np.array([edition_year(m.title, m.id) for m in metas], dtype=np.int64)

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

    def date_scores(
        self, year: int | None, month: int | None, tuning: Tuning = DEFAULT_TUNING
    ) -> np.ndarray:
        """How each candidate fits the year (and month) the question names: by the year its
        title or slug holds (an edition: "Graduate 2024"), else by the date it was posted."""
        if year is None:
            return np.zeros(len(self.uids))
        if month is None:
            in_year = np.full(len(self.uids), tuning.year_match)
        else:
            in_year = np.where(self.months == month, tuning.month_match, tuning.other_month)
            in_year = np.where(self.months >= 0, in_year, tuning.year_match)
        posted = np.where(self.years == year, in_year, tuning.other_year)
        posted = np.where(self.years >= 0, posted, 0.0)
        named = np.maximum(tuning.edition_match, posted)
        edition = np.where(self.editions == year, named, tuning.other_edition)
        return np.where(self.editions >= 0, edition, posted)

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
    tuning: Tuning = DEFAULT_TUNING,
) -> Ranking:
    """Candidates by name, text, date and language: `resolve.rank_postings`' score, in arrays
    (the same operations in the same order, so the same floats and the same ties)."""
    share = naming.share[table.signatures]
    mentioned = naming.mentioned[table.signatures]
    shared = naming.shared_phrases[table.signatures]
    close = naming.closeness[table.signatures]
    body = table.spread(content)
    same_language = np.where(table.in_language(language), tuning.language_bonus, 0.0)
    score = (
        share
        + tuning.mentioned_weight * mentioned
        + tuning.content_weight * body
        + date_scores
        + tuning.phrase_weight * shared
        + same_language
    )
    order = np.argsort(-score, kind="stable")

    def make(i: int) -> PostingMatch:
        p = int(order[i])
        return PostingMatch(
            table.uids[p],
            float(score[p]),
            float(share[p]),
            float(body[p]),
            bool(date_scores[p] >= tuning.month_match),
            weak,
            float(close[p]),
            bool(shared[p]),
        )

    return Ranking(len(table.uids), make)


def name_shares(names: PostingNames, table: CandidateTable, naming: list[str]) -> np.ndarray:
    """Each candidate's share of the naming words its name matches."""
    return names.naming(naming, set()).share[table.signatures]


def edition_year(title: str, posting_id: str) -> int:
    """The year a posting's title or file name holds ("Nyutdannet 2024", "2026-cloud-engineer"),
    -1 when neither holds one."""
    stem = posting_id.rsplit("/", 1)[-1]
    found = _YEAR.search(title) or _YEAR.search(stem)
    return int(found.group(1)) if found else -1


def _number(text: str) -> int:
    """The number `text` spells, -1 when it is not all digits."""
    return int(text) if text.isdigit() else -1
