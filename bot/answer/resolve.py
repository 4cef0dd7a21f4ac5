"""Which posting a question (or its thread) is about.

A posting is named by its title, its URL slug, its team and its date; people also describe it
by content ("the one that's mostly ceph"). Each signal scores every candidate; translations of
one posting are scored together and the reader's language picks the version to quote.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bot.answer.matching import content_tokens, tokens
from bot.answer.names import PostingNames, bigrams
from bot.answer.ranking import CandidateTable, PostingMatch, Ranking, rank
from bot.answer.tuning import DEFAULT_TUNING, Tuning

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "maj": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "des": 12,
}  # fmt: skip
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_ISO_MONTH = re.compile(r"\b(20\d\d)-(\d\d)\b")


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


def rank_postings(
    names: PostingNames,
    question: str,
    candidates: Sequence[str],
    content: dict[str, float],
    *,
    fact_words: set[str] = frozenset(),
    language: str = "",
    tuning: Tuning = DEFAULT_TUNING,
) -> Ranking:
    """Candidates ranked by how well the question names or describes them, best first.

    Words that ask for a fact ("who's the manager?") only name a posting when nothing else does.
    """
    naming = names.naming_words(question)
    strong = [w for w in naming if w not in fact_words]
    weak = bool(naming) and not strong
    naming = strong or naming
    phrases = bigrams(content_tokens(question))
    table = CandidateTable.of(names, candidates)
    dates = table.date_scores(*question_date(question), tuning)
    return rank(table, names.naming(naming, phrases), content, dates, language, weak, tuning)


def is_confident(ranked: Sequence[PostingMatch], tuning: Tuning = DEFAULT_TUNING) -> bool:
    if not ranked or ranked[0].weak:
        return False
    top = ranked[0]
    # "network engineer - which platforms would I manage?": a name said as a phrase is meant,
    # though other words of the question happen to name other postings
    return (
        top.naming >= tuning.confident
        or top.dated
        or (top.phrased and top.naming >= tuning.phrased)
        or (top.naming > 0 and _leads_clearly(ranked, tuning.clear_lead))
    )


def _leads_clearly(ranked: Sequence[PostingMatch], margin: float) -> bool:
    """Named, if only in part, and far ahead of the next: "summer job for design students
    2024" when only one summer posting of 2024 is about design."""
    return len(ranked) > 1 and ranked[0].score - ranked[1].score >= margin


def names_hidden(
    ranked: Sequence[PostingMatch],
    hidden: Sequence[PostingMatch],
    fully: tuple[Sequence[PostingMatch], Sequence[PostingMatch]],
    tuning: Tuning = DEFAULT_TUNING,
) -> bool:
    """Whether the question names a posting the asker may not see (a draft, an expired one)
    better than any it may: answering from the next best would put another in its place.

    `fully` ranks (visible, hidden) again counting every naming word, fact words too: the
    "manager" of "engineering manager platform salary?" names a posting as well as asking.
    """
    if not hidden or hidden[0].naming < tuning.confident:
        return False
    best = ranked[0].naming if ranked else 0.0
    best_fully = fully[0][0].naming if fully[0] else 0.0
    hidden_fully = fully[1][0].naming if fully[1] else 0.0
    return hidden[0].naming >= best and hidden_fully >= best_fully + 0.15


def tied(
    ranked: Sequence[PostingMatch], margin: float = DEFAULT_TUNING.tie_margin
) -> list[PostingMatch]:
    """The top matches that fit equally well."""
    if not ranked:
        return []
    top = ranked[0].score
    return list(itertools.takewhile(lambda m: top - m.score <= margin, ranked))
