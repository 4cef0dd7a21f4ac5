"""The answer engine: a question and its thread in, an `Answer` that quotes postings out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.answer import compose
from bot.answer.context import AskContext
from bot.answer.intents import detect_intents, is_listing
from bot.answer.models import Answer
from bot.answer.resolve import PostingMatch, is_confident, rank_postings, tied

IndexSource = Callable[[], object]


class Answerer:
    """Answers questions from an index; give a callable to follow an index that hot-swaps."""

    def __init__(self, index: object, *, contact: str | None = None) -> None:
        self._index: IndexSource = index if callable(index) else (lambda: index)
        self.contact = contact

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
            self._index(), question, history, include_drafts, sites, self.contact
        )
        if not ctx.candidates:
            return compose.abstain(ctx)
        intents = detect_intents(question)
        if posting_uid and posting_uid in ctx.index.postings:
            return compose.about_posting(ctx, posting_uid, intents)
        ranked = rank_postings(ctx.names, question, ctx.candidates, ctx.content_scores())
        if is_listing(question) and not (intents and is_confident(ranked)):
            return compose.listing(ctx, intents)
        chosen = self._choose(ctx, ranked)
        if chosen:
            return compose.about_posting(ctx, chosen[0].uid, intents, others=chosen[1:])
        return compose.without_posting(ctx, intents, ranked)

    def _choose(self, ctx: AskContext, ranked: list[PostingMatch]) -> list[PostingMatch]:
        """The posting the question is about (then equally good ones), from it or its thread."""
        if is_confident(ranked):
            return tied(ranked)
        for earlier in reversed(ctx.history):
            earlier_ranked = rank_postings(ctx.names, earlier, ctx.candidates, {})
            if is_confident(earlier_ranked):
                return tied(earlier_ranked)
        return []
