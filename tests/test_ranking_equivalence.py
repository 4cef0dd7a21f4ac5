"""Ranking postings with arrays gives exactly what the plain definition gives: every candidate's
name compared word by word with the question, scored and stably sorted one by one. Checked on
the real corpus with the eval questions and questions that use typos, initials and dates."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import astuple
from pathlib import Path

import pytest

from bot.answer.matching import (
    content_tokens,
    idf_weights,
    initials,
    initials_match,
    spells_initials,
    tokens,
    words_match,
)
from bot.answer.names import PostingNames, name_tokens
from bot.answer.ranking import CandidateTable, name_shares
from bot.answer.resolve import question_date, rank_postings
from bot.answer.tuning import DEFAULT_TUNING as T
from bot.answer.vocabulary import Vocabulary

QA_FILE = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "qa.jsonl"
THRESHOLD = 0.6


@pytest.fixture(scope="module")
def postings(corpus_index) -> dict:
    return {u: m for u, m in corpus_index.postings.items() if not m.is_section_page}


@pytest.fixture(scope="module")
def questions(postings) -> list[str]:
    rows = [json.loads(line) for line in QA_FILE.read_text(encoding="utf-8").splitlines() if line]
    asked = [text for row in rows for text in [row["question"], *row["history"]]]
    made_up = []
    for meta in list(postings.values())[::4]:
        title = meta.title.lower()
        made_up += [
            f"is the {title.replace('er', 're', 1)} remote?",  # a typo
            f"apply link for the {initials(content_tokens(title))}",
            f"the one posted {meta.fields.get('date', '')[:7]}, and the salary?",
            f"the {title} from {meta.fields.get('date', '')[:4]} - which team?",
        ]
    return list(dict.fromkeys(asked + made_up + ["sa start date?", "posted in feb 2026?"]))


def _plain_ranking(postings, question, candidates, content, fact_words, language):
    """The plain definition: each candidate scored on its own, then a stable sort."""
    names = {uid: name_tokens(meta) for uid, meta in postings.items()}
    weights = idf_weights(names.values())
    default = max(weights.values(), default=1.0)
    naming = _plain_naming_words(names, postings, question)
    strong = [w for w in naming if w not in fact_words]
    weak = bool(naming) and not strong
    naming = strong or naming
    phrases = set(itertools.pairwise(content_tokens(question)))
    year, month = question_date(question)
    matches = []
    for uid in candidates:
        meta = postings[uid]
        share, mentioned = _plain_naming_score(names[uid], meta.title, naming, weights, default)
        close = max((words_match(w, n) for w in naming for n in names[uid]), default=0.0)
        close = close if share else 1.0
        shared = len(phrases & set(itertools.pairwise(names[uid])))
        dated = date_score(year, month, meta.fields.get("date", ""), edition_year(meta))
        body = content.get(uid, 0.0)
        same_language = T.language_bonus if language and meta.language == language else 0.0
        score = (
            share
            + T.mentioned_weight * mentioned
            + T.content_weight * body
            + dated
            + T.phrase_weight * shared
            + same_language
        )
        matches.append((uid, score, share, body, dated >= T.month_match, weak, close, bool(shared)))
    return sorted(matches, key=lambda m: -m[1])


def date_score(year: int | None, month: int | None, date: str, edition: int | None) -> float:
    if year is None:
        return 0.0
    posted = _posted_score(year, month, date)
    if edition is None:
        return posted
    return max(T.edition_match, posted) if edition == year else T.other_edition


def _posted_score(year: int, month: int | None, posting_date: str) -> float:
    if not posting_date[:4].isdigit():
        return 0.0
    if int(posting_date[:4]) != year:
        return T.other_year
    if month is not None and posting_date[5:7].isdigit():
        return T.month_match if int(posting_date[5:7]) == month else T.other_month
    return T.year_match


def edition_year(meta) -> int | None:
    """The first year (19xx, 20xx) standing alone in the title, else in the file name."""
    for text in (meta.title, meta.id.rsplit("/", 1)[-1]):
        for found in re.finditer(r"(19|20)\d\d", text):
            before, after = text[found.start() - 1 : found.start()], text[found.end() :][:1]
            if not before.isdigit() and not after.isdigit():
                return int(found.group())
    return None


def _plain_naming_words(names, postings, question):
    every_name = {n for words in names.values() for n in words}
    every_initials = [initials(tokens(m.title)) for m in postings.values()]
    return [
        word
        for word in dict.fromkeys(content_tokens(question))
        if not word.isdigit()
        and (
            any(words_match(word, n) >= THRESHOLD for n in every_name)
            or any(initials_match(word, letters) for letters in every_initials)
        )
    ]


def _plain_naming_score(names, title, naming, weights, default):
    if not naming:
        return 0.0, 0.0
    total = matched = 0.0
    for word in naming:
        best = max((words_match(word, n) for n in names), default=0.0)
        if initials_match(word, initials(tokens(title))) and (
            len(word) >= 3 or spells_initials(word, title)
        ):
            best = max(best, 0.9)
        total += weights.get(word, default)
        matched += weights.get(word, default) * (best if best >= THRESHOLD else 0.0)
    distinct = set(names)
    name_total = sum(weights.get(n, default) for n in distinct) or 1.0
    mentioned = sum(
        weights.get(n, default)
        for n in distinct
        if any(words_match(n, w) >= THRESHOLD for w in naming)
    )
    return matched / total, mentioned / name_total


def test_ranking_equals_its_plain_definition(postings, questions):
    names = PostingNames(postings)
    every = list(postings)
    published = [u for u in every if str(postings[u].visibility) == "published"]
    content = {uid: 1.0 / (n % 7 + 1) for n, uid in enumerate(every[::3])}  # ties on purpose
    assert len(questions) > 80
    for n, question in enumerate(questions):
        candidates = every if n % 2 else published
        fact_words = {"salary", "team", "lön"} if n % 3 else frozenset()
        language = ("en", "sv", "")[n % 3]
        ranked = rank_postings(
            names, question, candidates, content, fact_words=fact_words, language=language
        )
        expected = _plain_ranking(postings, question, candidates, content, fact_words, language)
        assert [astuple(m) for m in ranked] == expected, question


def test_listing_name_shares_equal_the_plain_share(postings, questions):
    names = PostingNames(postings)
    candidates = list(postings)
    table = CandidateTable.of(names, candidates)
    weights = idf_weights(names.names.values())
    default = max(weights.values())
    for question in questions[::5]:
        naming = names.naming_words(question)
        shares = name_shares(names, table, naming)
        for uid, share in zip(candidates, shares, strict=True):
            plain, _ = _plain_naming_score(
                names.names[uid], postings[uid].title, naming, weights, default
            )
            assert share == plain, (question, uid)


def test_a_vocabulary_finds_the_same_matches_scanned_or_indexed(postings, questions):
    words = {w for meta in postings.values() for w in tokens(f"{meta.title} {meta.id}")}
    indexed = Vocabulary(words)
    for forcing in ("a", "b", "c"):
        indexed.matches(forcing)  # the index is built from the third word on
    for word in sorted({w for q in questions for w in content_tokens(q)}):
        scanned = Vocabulary(words).matches(word)  # a fresh vocabulary scans
        plain = sorted(((words_match(word, w), w) for w in words), reverse=True)
        assert scanned == indexed.matches(word) == tuple((s, w) for s, w in plain if s > 0)
