"""Listing questions: "any Go jobs?", "what's open for developers?", "anything for her?"."""

from __future__ import annotations

from bot.answer.context import AskContext
from bot.answer.intents import LISTING_CUES
from bot.answer.matching import content_tokens, tokens
from bot.answer.quotes import ScoredSentence, score_sentences

MAX_LISTED = 8
SHORTLIST = 16
RELATIVE_FLOOR = 0.55

# Words that make a question a listing question without saying what it is about.
_GENERIC = frozenset(
    tokens(" ".join(LISTING_CUES))
    + "friend friends her him someone anyone anybody open opening openings hiring available "
    "currently right now today site page side sidan siden siden ute just nu nå finns finnes "
    "findes anything something jobb stilling stillinger tjänst tjänster opslag annons "
    "annonser mention mentions mentioned postings".split()
)


def topic_words(ctx: AskContext) -> list[str]:
    return [w for w in content_tokens(ctx.question) if w not in _GENERIC]


def matching_postings(ctx: AskContext) -> list[tuple[str, ScoredSentence | None]]:
    """The postings a listing question is about, best first, with their best sentence."""
    candidates = _in_wanted_language(ctx, ctx.candidates)
    words = topic_words(ctx)
    if not words:
        newest = sorted(candidates, key=lambda u: ctx.index.postings[u].fields.get("date", ""))
        return [(uid, None) for uid in _one_per_group(ctx, reversed(newest))][:MAX_LISTED * 2]
    content = ctx.content_scores()
    naming = ctx.names.naming_words(" ".join(words))
    scores = {}
    for uid in candidates:
        share, _ = ctx.names.naming_score(uid, naming) if naming else (0.0, 0.0)
        scores[uid] = share + content.get(uid, 0.0)
    shortlist = sorted(scores, key=lambda u: -scores[u])[:SHORTLIST]
    topic = " ".join(words)
    results = []
    for uid in shortlist:
        scored = score_sentences(ctx.chunks_of(uid), topic, None, ctx.dense_scores(uid))
        best = scored[0] if scored else None
        results.append((scores[uid] + (best.score if best else 0.0), uid, best))
    results.sort(key=lambda r: -r[0])
    if not results or results[0][0] <= 0:
        return []
    floor = results[0][0] * RELATIVE_FLOOR
    kept = [(uid, best) for score, uid, best in results if score >= floor]
    grouped = _one_per_group(ctx, [uid for uid, _ in kept])
    best_of = dict(kept)
    return [(uid, best_of[uid]) for uid in grouped][:MAX_LISTED]


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
