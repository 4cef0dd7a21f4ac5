"""Answering a corpus's QA items with one tuning, and scoring them leniently and strictly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer.engine import Answerer
from bot.answer.evaluation import EvalReport
from bot.answer.tuning import DEFAULT_TUNING, Tuning
from bot.eval.corpora import CorpusSet


@dataclass
class CorpusScore:
    """One corpus's answers, scored by both rules of the reference scorer."""

    name: str
    lenient: EvalReport
    strict: EvalReport

    @property
    def total(self) -> int:
        return self.strict.total


def answer_items(
    answerer: Answerer, items: Sequence[dict], include_drafts: bool = True
) -> list[dict]:
    return [
        answerer.ask(
            item["question"], item.get("history") or [], include_drafts=include_drafts
        ).to_dict()
        for item in items
    ]


def score_corpus(
    corpus_set: CorpusSet,
    tuning: Tuning = DEFAULT_TUNING,
    include_drafts: bool = True,
    engine_options: dict | None = None,
) -> CorpusScore:
    """`engine_options`: the `Answerer`'s ablation switches (`retrieval`, `resolve`)."""
    answerer = Answerer(corpus_set.index, tuning=tuning, **(engine_options or {}))
    answers = answer_items(answerer, corpus_set.items, include_drafts)
    lenient, strict = EvalReport(strict=False), EvalReport(strict=True)
    for item, answer in zip(corpus_set.items, answers, strict=True):
        lenient.add(item, answer)
        strict.add(item, answer)
    return CorpusScore(corpus_set.name, lenient, strict)


@dataclass(frozen=True)
class Pooled:
    """Scores pooled over several corpora: what the tuning maximises, in order."""

    strict: float
    lenient: float
    mean_quotes: float
    total: int

    def key(self) -> tuple[float, float, float]:
        return (self.strict, self.lenient, -self.mean_quotes)


def pool(scores: Sequence[CorpusScore]) -> Pooled:
    total = sum(score.total for score in scores)
    quotes = [shown for score in scores for shown in score.strict.quotes]
    if not total:
        return Pooled(0.0, 0.0, 0.0, 0)
    return Pooled(
        strict=sum(score.strict.correct for score in scores) / total,
        lenient=sum(score.lenient.correct for score in scores) / total,
        mean_quotes=sum(quotes) / len(quotes) if quotes else 0.0,
        total=total,
    )
