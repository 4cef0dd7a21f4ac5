"""Fitting the `Tuning` on QA sets by coordinate descent, and checking it leave one corpus out.

Each knob in turn takes each value of its grid (the others held) and keeps the one that scores
best on the training corpora: strict accuracy first, then lenient accuracy, then fewer quotes,
each the mean over the corpora (a company with few questions weighs as much as one with many).
Leave one corpus out: for each corpus, the tuning is fitted on the others and scored on it, so
the figure says how the fitted values do on a site they were not fitted on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from bot.answer.tuning import DEFAULT_TUNING, Tuning
from bot.eval.corpora import CorpusSet
from bot.eval.runner import CorpusScore, Pooled, pool, score_corpus

Progress = Callable[[str], None]


def knob_grid(tuning: Tuning, only: Sequence[str] = ()) -> dict[str, tuple[float, ...]]:
    """The values `tune` tries for each knob (all of them, or the `only` ones)."""
    grids = {f.name: tuple(f.metadata["grid"]) for f in fields(tuning)}
    unknown = [name for name in only if name not in grids]
    if unknown:
        raise ValueError(f"unknown tuning value {unknown[0]!r}")
    return {name: grid for name, grid in grids.items() if not only or name in only}


class ScoreCache:
    """Each corpus answered once per tuning: the folds of leave-one-out share the answers."""

    def __init__(self, sets: Sequence[CorpusSet], include_drafts: bool = True) -> None:
        self.sets = {corpus_set.name: corpus_set for corpus_set in sets}
        self.include_drafts = include_drafts
        self._scores: dict[tuple[Tuning, str], CorpusScore] = {}

    def score(self, tuning: Tuning, name: str) -> CorpusScore:
        key = (tuning, name)
        if key not in self._scores:
            self._scores[key] = score_corpus(self.sets[name], tuning, self.include_drafts)
        return self._scores[key]

    def pooled(self, tuning: Tuning, names: Sequence[str]) -> Pooled:
        return pool([self.score(tuning, name) for name in names])

    def objective(self, tuning: Tuning, names: Sequence[str]) -> tuple[float, float, float]:
        """What `fit` maximises: per-corpus means of strict, lenient and fewer quotes."""
        keys = [pool([self.score(tuning, name)]).key() for name in names]
        means = [sum(key[i] for key in keys) / len(keys) for i in range(3)]
        return means[0], means[1], means[2]


def fit(
    cache: ScoreCache,
    names: Sequence[str],
    start: Tuning = DEFAULT_TUNING,
    *,
    only: Sequence[str] = (),
    rounds: int = 1,
    progress: Progress | None = None,
) -> Tuning:
    best = start
    best_score = cache.objective(best, names)
    for _ in range(rounds):
        changed = False
        for knob, grid in knob_grid(start, only).items():
            for value in grid:
                candidate = best.with_values({knob: value})
                if candidate == best:
                    continue
                score = cache.objective(candidate, names)
                if score > best_score:
                    best, best_score, changed = candidate, score, True
                    if progress:
                        progress(f"{knob}={value}: mean strict {score[0]:.3f}")
        if not changed:
            break
    return best


@dataclass(frozen=True)
class Fold:
    """One corpus left out: the tuning fitted on the others, and how it does on the one."""

    held_out: str
    tuning: Tuning
    default: CorpusScore
    fitted: CorpusScore


def leave_one_out(
    cache: ScoreCache,
    start: Tuning = DEFAULT_TUNING,
    *,
    only: Sequence[str] = (),
    rounds: int = 1,
    progress: Progress | None = None,
) -> list[Fold]:
    names = list(cache.sets)
    folds = []
    for held_out in names:
        training = [name for name in names if name != held_out]
        if progress:
            progress(f"fold without {held_out}")
        tuning = fit(cache, training, start, only=only, rounds=rounds, progress=progress)
        folds.append(
            Fold(held_out, tuning, cache.score(start, held_out), cache.score(tuning, held_out))
        )
    return folds
