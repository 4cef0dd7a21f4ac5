"""Answer latency (the whole answer path, warm) next to the bare query embedding of the model."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.bench.results import Percentiles


@dataclass(frozen=True)
class Question:
    text: str
    history: tuple[str, ...] = ()
    site: str | None = None
    include_drafts: bool = False
    language: str = ""


@dataclass
class LatencyResult:
    answer: Percentiles
    embedding: Percentiles
    answer_ms: list[float] = field(default_factory=list)
    embedding_ms: list[float] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def ratio_p95(self) -> float:
        return self.answer.p95 / self.embedding.p95


def read_qa_questions(path: Path, limit: int | None = None) -> list[Question]:
    """The questions of an eval file (qa.jsonl): text, thread history, site, audience."""
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            questions.append(
                Question(
                    row["question"],
                    tuple(row.get("history") or ()),
                    row.get("corpus"),
                    row.get("audience", "candidate") != "candidate",
                    row.get("lang", ""),
                )
            )
    return questions[:limit] if limit else questions


def measure_latency(
    answerer, embedder, questions: list[Question], *, index=None, warmup: int = 3
) -> LatencyResult:
    """Ask each question once through `answerer`, and embed it once with the bare model.

    Warm means the model and index are loaded and a few questions were asked first; the query
    vector caches of the embedder and the index are cleared before each question so that no
    answer is served from a cached vector.
    """
    for question in warm_up_set(questions, warmup):
        ask(answerer, question)
        embedder.encode([question.text])
    answer_ms, embedding_ms, outcomes = [], [], {}
    for question in questions:
        clear_caches(embedder, index)
        started = time.perf_counter()
        answer = ask(answerer, question)
        answer_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        embedder.encode([question.text])
        embedding_ms.append((time.perf_counter() - started) * 1000)
        outcome = str(getattr(answer, "outcome", "?"))
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return LatencyResult(
        Percentiles.of(answer_ms), Percentiles.of(embedding_ms), answer_ms, embedding_ms, outcomes
    )


def warm_up_set(questions: list[Question], count: int) -> list[Question]:
    """The first `count` questions and the first one in each language: a running bot has loaded
    its per-language models (e.g. the language identifier) long before it is measured."""
    first_per_language = {q.language: q for q in reversed(questions) if q.language}
    chosen = questions[:count] + list(first_per_language.values())
    return list(dict.fromkeys(chosen))


def ask(answerer, question: Question):
    sites = [question.site] if question.site else None
    return answerer.ask(
        question.text,
        list(question.history),
        include_drafts=question.include_drafts,
        sites=sites,
    )


def clear_caches(*holders) -> None:
    """Clear every `functools` cache held as an attribute (query vector caches)."""
    for holder in holders:
        for value in vars(holder).values() if holder is not None else ():
            if hasattr(value, "cache_clear"):
                value.cache_clear()
