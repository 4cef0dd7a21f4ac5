"""Listing questions: "any Go jobs?", "what's open for developers?", "anything for her?"."""

from __future__ import annotations

import re

import numpy as np

from bot.answer.context import AskContext
from bot.answer.lexicon import LISTING_CUES
from bot.answer.matching import content_tokens, tokens
from bot.answer.quotes import ScoredSentence, best_sentence
from bot.answer.ranking import CandidateTable, name_shares
from bot.answer.terms import exact_names

MAX_LISTED = 8
SHORTLIST = 16
RELATIVE_FLOOR = 0.55

# Words that make a question a listing question without saying what it is about.
_GENERIC = frozenset(
    list(tokens(" ".join(LISTING_CUES)))
    + (
        "friend friends her him someone anyone anybody open opening openings hiring "
        "available currently right now today site page side sidan siden siden ute just "
        "nu nå finns finnes findes anything something jobb stilling stillinger tjänst "
        "tjänster opslag annons annonser mention mentions mentioned postings"
    ).split()
)


def topic_words(ctx: AskContext) -> list[str]:
    return [w for w in content_tokens(ctx.question) if w not in _GENERIC]


def listing_topic(ctx: AskContext) -> str:
    """What a listing question is about ("Go" in "any Go jobs?"), as a search query."""
    return " ".join(topic_words(ctx))


def matching_postings(ctx: AskContext) -> list[tuple[str, ScoredSentence | None]]:
    """The postings a listing question is about, best first, with their best sentence."""
    words = topic_words(ctx)
    if not words:
        candidates = _in_wanted_language(ctx, ctx.candidates)
        newest = sorted(candidates, key=lambda u: ctx.index.postings[u].fields.get("date", ""))
        return [(uid, None) for uid in _one_per_group(ctx, reversed(newest))][: MAX_LISTED * 2]
    scores = _shortlist(ctx, words)
    shortlist = list(scores)
    topic = " ".join(words)
    exact = _exact_words(ctx.question, words)
    results = []
    for uid in shortlist:
        best, found = _best_sentence(ctx, uid, topic, exact)
        if not found:
            continue
        # What the posting is about as a whole counts more than one sentence mentioning the topic.
        dense = ctx.dense_scores(uid)
        overall = sum(sorted(dense.values(), reverse=True)[:3]) / 3
        results.append(
            (scores[uid] + 1.5 * overall + 0.5 * (best.score if best else 0.0), uid, best)
        )
    results.sort(key=lambda r: -r[0])
    if not results or results[0][0] <= 0:
        return []
    floor = results[0][0] * RELATIVE_FLOOR
    kept = [(uid, best) for score, uid, best in results if score >= floor]
    grouped = _one_per_group(ctx, [uid for uid, _ in kept])[:MAX_LISTED]
    best_of = dict(kept)
    # A translation picked for the reader's language quotes its own sentences.
    return [(uid, best_of.get(uid) or _best_sentence(ctx, uid, topic, exact)[0]) for uid in grouped]


def _shortlist(ctx: AskContext, words: list[str]) -> dict[str, float]:
    """The best candidates by name and text (in the wanted language), best first, with scores."""
    table = CandidateTable.of(ctx.names, ctx.candidates)
    naming = ctx.names.naming_words(" ".join(words))
    content = table.spread(ctx.content_scores(listing_topic(ctx)))
    scores = 0.4 * name_shares(ctx.names, table, naming) + content
    wanted = table.in_language(ctx.wanted_language or "")
    positions = np.flatnonzero(wanted) if wanted.any() else np.arange(len(table.uids))
    best = positions[np.argsort(-scores[positions], kind="stable")][:SHORTLIST]
    return {table.uids[p]: float(scores[p]) for p in best}


def _best_sentence(
    ctx: AskContext, uid: str, topic: str, exact: list[re.Pattern]
) -> tuple[ScoredSentence | None, bool]:
    """The posting's sentence best on the topic; False when a name that must match doesn't."""
    best = best_sentence(
        ctx.chunks_of(uid),
        topic,
        ctx.dense_scores(uid),
        keep=lambda sentence: all(p.search(sentence) for p in exact),
    )
    return best, bool(best or not exact)


def _exact_words(question: str, topic: list[str]) -> list[re.Pattern]:
    """Short capitalized names ("Go", "C", "R") match only as written, or as a known synonym:
    "Go" is a language, "go through" is not."""
    return list(exact_names(question, topic).values())


def _in_wanted_language(ctx: AskContext, uids: list[str]) -> list[str]:
    language = ctx.wanted_language
    if not language:
        return uids
    chosen = [u for u in uids if ctx.index.postings[u].language == language]
    return chosen or uids


def _one_per_group(ctx: AskContext, uids) -> list[str]:
    from bot.answer.compose import preferred_translation

    seen: set[tuple[str, str]] = set()
    out = []
    for uid in uids:
        meta = ctx.index.postings[uid]
        key = (meta.site, meta.translation_key or uid)
        if key not in seen:
            seen.add(key)
            out.append(preferred_translation(ctx, uid) if not ctx.wanted_language else uid)
    return out
