"""The answer engine: a question and its thread in, an `Answer` that quotes postings out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.answer import compose
from bot.answer.context import AskContext, warm_up_contacts
from bot.answer.intents import (
    continues_thread,
    cue_words,
    detect_intents,
    listing_strength,
    warm_up_cues,
)
from bot.answer.language import warm_up_language
from bot.answer.lexicon import Intent
from bot.answer.listing import listing_topic
from bot.answer.matching import tokens, words_match
from bot.answer.models import Answer
from bot.answer.quotes import warm_up_postings
from bot.answer.resolve import (
    PostingMatch,
    is_confident,
    names_hidden,
    rank_postings,
    tied,
)
from bot.answer.tuning import DEFAULT_TUNING, Tuning

IndexSource = Callable[[], object]


class Answerer:
    """Answers questions from an index; give a callable to follow an index that hot-swaps."""

    def __init__(
        self,
        index: object,
        *,
        contact: str | None = None,
        retrieval: str = "hybrid",
        resolve: bool = True,
        tuning: Tuning = DEFAULT_TUNING,
    ) -> None:
        self._index: IndexSource = index if callable(index) else (lambda: index)
        warm_up_language()
        warm_up_cues()
        warm_up_postings(self._index())
        warm_up_contacts(self._index())
        self.contact = contact
        self.retrieval = retrieval  # "hybrid" (default), "dense" or "lexical"
        self.resolve = resolve  # False: answer from the best retrieved posting (an ablation)
        self.tuning = tuning

    @property
    def index(self):
        """The index answering right now (it may be swapped for a newer one at any time)."""
        return self._index()

    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        include_drafts: bool = False,
        sites: Sequence[str] | None = None,
        posting_uid: str | None = None,
    ) -> Answer:
        ctx = AskContext.create(
            self._index(),
            question,
            history,
            include_drafts,
            sites,
            self.contact,
            self.retrieval,
            self.tuning,
        )
        if not ctx.candidates:
            return compose.abstain(ctx)
        if posting_uid and posting_uid in ctx.index.postings:
            return compose.about_posting(ctx, posting_uid, _intents(ctx, posting_uid))
        if not self.resolve:
            return self._retrieval_only(ctx)
        strength = listing_strength(question)
        if strength:
            ctx.index.embed_queries([ctx.query, listing_topic(ctx)])
        intents = detect_intents(question)
        if strength == 2:
            return compose.listing(ctx, intents)
        ranked = self._rank(ctx, question, ctx.content_scores())
        if strength == 1 and not (intents and is_confident(ranked, self.tuning)):
            return compose.listing(ctx, intents)
        if self._names_hidden(ctx, question, ranked):
            return compose.abstain(ctx)
        if not intents and ranked and ranked[0].naming and ranked[0].closeness < self.tuning.typo:
            # "reset my slack password": one word near a posting's name ("stack"), nothing asked
            # about postings: more likely another topic than a typo
            return compose.abstain(ctx)
        chosen = self._choose(ctx, ranked)
        if chosen:
            uid = chosen[0].uid
            asked = _intents(ctx, uid) or self._asked_before(ctx)
            return compose.about_posting(ctx, uid, asked, others=chosen[1:])
        return compose.without_posting(ctx, intents, ranked)

    def _asked_before(self, ctx: AskContext) -> list[Intent]:
        """What the thread asked last, for a follow-up that names another posting only."""
        if not continues_thread(ctx.question, self.tuning.follow_up_words):
            return []
        for earlier in reversed(ctx.history):
            intents = detect_intents(earlier)
            if intents:
                return intents
        return []

    def _retrieval_only(self, ctx: AskContext) -> Answer:
        content = ctx.content_scores()
        if not content:
            return compose.abstain(ctx)
        uid = max(content, key=content.__getitem__)
        if uid not in ctx.candidates:
            return compose.abstain(ctx)
        return compose.about_posting(ctx, uid, detect_intents(ctx.question))

    def _rank(
        self, ctx: AskContext, text: str, content: dict[str, float], among=None, fact_words=None
    ) -> Sequence[PostingMatch]:
        return rank_postings(
            ctx.names,
            text,
            ctx.candidates if among is None else among,
            content,
            fact_words=cue_words(text) if fact_words is None else fact_words,
            language=ctx.language,
            tuning=self.tuning,
        )

    def _names_hidden(self, ctx: AskContext, question: str, ranked: Sequence[PostingMatch]) -> bool:
        if not ctx.hidden:
            return False
        hidden = self._rank(ctx, question, {}, ctx.hidden)
        if not hidden or hidden[0].naming < self.tuning.confident:
            return False
        every_word = frozenset()
        fully = (
            self._rank(ctx, question, {}, fact_words=every_word),
            self._rank(ctx, question, {}, ctx.hidden, fact_words=every_word),
        )
        return names_hidden(ranked, hidden, fully, self.tuning)

    def _choose(self, ctx: AskContext, ranked: Sequence[PostingMatch]) -> list[PostingMatch]:
        """The posting the question is about (then equally good ones), from it or its thread."""
        t = self.tuning
        if is_confident(ranked, t):
            return tied(ranked, t.tie_margin)
        for earlier in reversed(ctx.history):
            earlier_ranked = self._rank(ctx, earlier, {})
            if is_confident(earlier_ranked, t):
                return tied(earlier_ranked, t.tie_margin)
        if ranked and ranked[0].weak and ranked[0].naming >= t.confident:
            return tied(ranked, t.tie_margin)
        return []


def _intents(ctx: AskContext, uid: str) -> list[Intent]:
    """Intents of the question, not counting words that merely name the posting ("tech lead")."""
    names = _group_names(ctx, uid)
    rest = " ".join(
        w for w in tokens(ctx.question) if not any(words_match(w, n) >= 0.85 for n in names)
    )
    return detect_intents(rest)


def _group_names(ctx: AskContext, uid: str) -> set[str]:
    """Name words of the posting and of its translations."""
    meta = ctx.index.postings[uid]
    translations = ctx.translations_of(uid) if meta.translation_key else []
    group = [u for u in dict.fromkeys([uid, *translations]) if u in ctx.names.names]
    return {w for u in group for w in ctx.names.names[u]} | set(tokens(meta.title))
