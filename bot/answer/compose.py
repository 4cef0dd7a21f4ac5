"""Turning what was found into an `Answer`: quotes about a posting, a listing, or honesty."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.answer.context import AskContext
from bot.answer.intents import sentence_states
from bot.answer.lexicon import Intent
from bot.answer.matching import content_tokens
from bot.answer.meaning import rerank_by_meaning
from bot.answer.models import Answer, Candidate, Citation, Outcome
from bot.answer.phrases import marked_title, phrase, topic
from bot.answer.quotes import ScoredSentence, pick_quotes, score_sentences, text_fragment_url
from bot.answer.resolve import PostingMatch
from bot.answer.tuning import Tuning
from index.models import SectionKind

MAX_OTHERS = 4


def about_posting(
    ctx: AskContext,
    uid: str,
    intents: Sequence[Intent],
    others: Sequence[PostingMatch] = (),
) -> Answer:
    uid = preferred_translation(ctx, uid)
    intent = intents[0] if intents else None
    scored = _scored(ctx, uid, intent)
    other_uids = _distinct_groups(ctx, uid, [m.uid for m in others])
    if intent and intent.strict and not any(s.states for s in scored):
        return _not_stated(ctx, uid, intent, scored, other_uids)
    second = _second_intent(ctx, intents)
    picked = pick_quotes(
        scored,
        most=2 if second else None,
        strict=bool(intent and intent.strict),
        tuning=_for_steps(ctx.tuning) if intent and intent.steps else ctx.tuning,
    )
    lead_key = "states" if intent else "says"
    topics = [topic(i.name, ctx.language) for i in (intent, second) if i]
    lead = phrase(
        lead_key,
        ctx.language,
        title=_title(ctx, uid),
        topic=f" {phrase('and', ctx.language)} ".join(topics),
    )
    if second:
        picked += _second_fact(ctx, uid, second, picked)
    return _answer(ctx, uid, lead, picked, Outcome.ANSWERED, other_uids)


def _for_steps(tuning: Tuning) -> Tuning:
    """The tuning for a fact answered in several sentences (the steps of a process)."""
    floor = tuning.steps_floor
    return replace(tuning, quote_floor=floor, sibling_floor=floor, most_quotes=tuning.most_steps)


def _second_intent(ctx: AskContext, intents: Sequence[Intent]) -> Intent | None:
    """ "salary and remote?": a second fact, when the question joins two."""
    if len(intents) < 2 or not re.search(r"\b(and|och|og|samt)\b|&|\?.+\?", ctx.question):
        return None
    return intents[1]


def _second_fact(
    ctx: AskContext, uid: str, intent: Intent, picked: list[tuple[ScoredSentence, str]]
) -> list[tuple[ScoredSentence, str]]:
    """Quotes for the second fact asked (none when the posting doesn't state it)."""
    quotes = {quote for _, quote in picked}
    extra = pick_quotes(_scored(ctx, uid, intent), most=2, strict=intent.strict, tuning=ctx.tuning)
    return [(sentence, quote) for sentence, quote in extra if quote not in quotes]


def listing(ctx: AskContext, intents: Sequence[Intent]) -> Answer:
    from bot.answer.listing import matching_postings

    matches = matching_postings(ctx)
    if not matches:
        return Answer(
            text=phrase("no_listing", ctx.language, contact=_contact(ctx)),
            abstained=True,
            outcome=Outcome.ABSTAINED,
            language=ctx.language,
            contact=_contact(ctx),
        )
    citations = []
    lines = [phrase("listing", ctx.language)]
    for uid, best in matches:
        meta = ctx.index.postings[uid]
        lines.append(f"• {_title(ctx, uid)} — {meta.url}")
        if best is not None:
            citations.append(_citation(ctx, uid, best, _quote(best)))
    return Answer(
        text="\n".join(lines),
        abstained=False,
        citations=citations,
        outcome=Outcome.LISTING,
        language=ctx.language,
        lead=lines[0],
        candidates=[_candidate(ctx, uid) for uid, _ in matches],
    )


def without_posting(
    ctx: AskContext, intents: Sequence[Intent], ranked: Sequence[PostingMatch]
) -> Answer:
    """No posting named: company-wide facts from section pages, else ask which one, else abstain."""
    intent = intents[0] if intents else None
    from_section = _from_section_page(ctx, intent)
    if from_section is not None:
        return from_section
    if intent is None:
        return abstain(ctx)
    shortlist = _distinct_groups(ctx, "", (m.uid for m in ranked), most=MAX_OTHERS)
    lines = [phrase("clarify", ctx.language)]
    lines += [f"• {_title(ctx, uid)} — {ctx.index.postings[uid].url}" for uid in shortlist]
    return Answer(
        text="\n".join(lines),
        abstained=True,
        outcome=Outcome.AMBIGUOUS,
        language=ctx.language,
        lead=lines[0],
        candidates=[_candidate(ctx, uid) for uid in shortlist],
        contact=_contact(ctx),
    )


def abstain(ctx: AskContext) -> Answer:
    contact = _contact(ctx)
    return Answer(
        text=phrase("abstain", ctx.language, contact=contact),
        abstained=True,
        outcome=Outcome.ABSTAINED,
        language=ctx.language,
        contact=contact,
    )


def preferred_translation(ctx: AskContext, uid: str) -> str:
    """The version of a posting in the language asked for, else the question's, else English."""
    meta = ctx.index.postings[uid]
    if not meta.translation_key:
        return uid
    group = ctx.translations_of(uid)
    for language in (ctx.wanted_language, ctx.language, "en"):
        for candidate in group:
            if language and ctx.index.postings[candidate].language == language:
                return candidate
    return uid


def _scored(ctx: AskContext, uid: str, intent: Intent | None) -> list[ScoredSentence]:
    naming = set(ctx.names.naming_words(ctx.question)) if uid in ctx.names.names else set()
    naming |= ctx.names.company_in(ctx.question)  # said of every posting, it states nothing
    scored = score_sentences(
        ctx.chunks_of(uid),
        ctx.question,
        intent,
        ctx.dense_scores(uid),
        skip_words=naming,
        tuning=ctx.tuning,
    )
    t = ctx.tuning
    return rerank_by_meaning(
        scored, ctx.index, ctx.question, t.meaning_weight, t.meaning_candidates
    )


def _not_stated(
    ctx: AskContext,
    uid: str,
    intent: Intent,
    scored: list[ScoredSentence],
    other_uids: list[str],
) -> Answer:
    contact = _contact(ctx, uid)
    lead = phrase(
        "not_stated", ctx.language, title=_title(ctx, uid), topic=topic(intent.name, ctx.language)
    )
    where = _posting_opening(scored)
    answer = _answer(ctx, uid, lead, [where] if where else [], Outcome.NOT_STATED, other_uids)
    answer.text += "\n" + phrase(
        "ask_human", ctx.language, contact=contact or phrase("a_person", ctx.language)
    )
    answer.contact = contact
    return answer


def _posting_opening(scored: list[ScoredSentence]) -> tuple[ScoredSentence, str] | None:
    """The posting's first sentence of body text: what the "doesn't state" answer links to."""
    body = [s for s in scored if s.chunk.kind == SectionKind.BODY]
    if not body:
        return None
    first = min(body, key=lambda s: (s.chunk.id.rsplit("#", 1)[-1].zfill(6), s.index))
    return first, first.sentence


def _answer(
    ctx: AskContext,
    uid: str,
    lead: str,
    picked: list[tuple[ScoredSentence, str]],
    outcome: Outcome,
    other_uids: list[str],
) -> Answer:
    meta = ctx.index.postings[uid]
    citations = [_citation(ctx, uid, s, quote) for s, quote in picked]
    lines = [lead]
    if outcome != Outcome.NOT_STATED:
        lines += [f"> {c.quote}" for c in citations]
    lines.append(meta.url)
    if other_uids:
        titles = ", ".join(_title(ctx, u) for u in other_uids[:MAX_OTHERS])
        lines.append(phrase("also", ctx.language, titles=titles))
    return Answer(
        text="\n".join(lines),
        abstained=False,
        citations=citations,
        outcome=outcome,
        language=ctx.language,
        lead=lead,
        candidates=[_candidate(ctx, u) for u in [uid, *other_uids[:MAX_OTHERS]]]
        if other_uids
        else [],
        apply_url=meta.fields.get("apply_url", ""),
        posting_uid=uid,
    )


def _citation(ctx: AskContext, uid: str, scored: ScoredSentence, quote: str) -> Citation:
    meta = ctx.index.postings[uid]
    chunk = scored.chunk
    return Citation(
        source=meta.id,
        title=meta.title,
        url=chunk.url,
        section=chunk.heading_path[-1] if chunk.heading_path else "",
        quote=quote,
        quote_url=text_fragment_url(chunk.url, quote),
        score=round(float(scored.score), 4),
        site=meta.site,
        language=meta.language,
        visibility=str(meta.visibility),
        posting_url=meta.url,
        apply_url=meta.fields.get("apply_url", ""),
    )


def _quote(scored: ScoredSentence) -> str:
    from bot.answer.quotes import quote_span

    return quote_span(scored.chunk, scored.index)


def _from_section_page(ctx: AskContext, intent: Intent | None) -> Answer | None:
    pages = [u for u in ctx.visible if ctx.index.postings[u].is_section_page]
    pages = list(dict.fromkeys(preferred_translation(ctx, u) for u in pages))
    best: tuple[float, str, list] | None = None
    for uid in pages:
        title = set(content_tokens(ctx.index.postings[uid].title))  # words that name the page
        scored = score_sentences(
            ctx.chunks_of(uid), ctx.question, intent, ctx.dense_scores(uid), title, ctx.tuning
        )
        stating = [s for s in scored if s.states] if intent else scored
        if stating and (best is None or stating[0].score > best[0]):
            best = (stating[0].score, uid, scored)
    if best is None or not _convincing(ctx, best[2], intent):
        return None
    _, uid, scored = best
    lead = phrase(
        "states" if intent else "says",
        ctx.language,
        title=_title(ctx, uid),
        topic=topic(intent.name, ctx.language) if intent else "",
    )
    picked = pick_quotes(scored, strict=bool(intent and intent.strict), tuning=ctx.tuning)
    return _answer(ctx, uid, lead, picked, Outcome.ANSWERED, [])


def _convincing(ctx: AskContext, scored: list[ScoredSentence], intent: Intent | None) -> bool:
    """A section page answers a question only when its best sentence is on the question's words."""
    if not scored:
        return False
    words = set(content_tokens(ctx.question))
    top = scored[0]
    if intent is not None and not sentence_states(intent, top.sentence):
        return False
    shared = words.intersection(content_tokens(top.sentence))
    return len(shared) >= 2 or (intent is not None and not intent.strict and len(shared) >= 1)


def _distinct_groups(
    ctx: AskContext, uid: str, uids: Iterable[str], most: int | None = None
) -> list[str]:
    """`uids` without translations of `uid` or of each other (the first `most` of them)."""
    postings = ctx.index.postings
    seen = {(postings[uid].site, postings[uid].translation_key or uid)} if uid else set()
    out = []
    for other in uids:
        key = (postings[other].site, postings[other].translation_key or other)
        if key not in seen:
            seen.add(key)
            out.append(preferred_translation(ctx, other))
            if len(out) == most:
                break
    return out


def _title(ctx: AskContext, uid: str) -> str:
    meta = ctx.index.postings[uid]
    return marked_title(meta.title, str(meta.visibility), ctx.language)


def _candidate(ctx: AskContext, uid: str) -> Candidate:
    meta = ctx.index.postings[uid]
    return Candidate(
        uid=uid, source=meta.id, title=meta.title, url=meta.url, visibility=str(meta.visibility)
    )


def _contact(ctx: AskContext, uid: str | None = None) -> str:
    site = ctx.index.postings[uid].site if uid else None
    return ctx.contact(site, uid) or phrase("a_person", ctx.language)
