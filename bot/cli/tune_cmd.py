"""`careers-bot tune`: fit the answer engine's tuning on QA sets, leave one corpus out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import tomli_w
import typer
from rich.console import Console
from rich.table import Table

from bot.answer.tuning import DEFAULT_TUNING, Tuning
from bot.cli.common import IndexDirOption, ModelOption, read_json_lines
from bot.cli.eval_cmd import CorporaOption, QaOption, TuningOption
from bot.eval.corpora import open_corpus_sets
from bot.eval.runner import CorpusScore
from bot.eval.tune import Fold, ScoreCache, fit, knob_grid, leave_one_out
from index.embeddings import load_embedder
from index.errors import ConfigError
from index.store import DEFAULT_INDEX_DIR


def register(app: typer.Typer) -> None:
    app.command("tune")(tune_command)


def tune_command(
    qa: QaOption,
    corpora: CorporaOption = None,
    start_file: TuningOption = None,
    knob: Annotated[
        list[str] | None,
        typer.Option("--knob", help="Fit only this tuning value (repeatable; default: all)."),
    ] = None,
    rounds: Annotated[int, typer.Option("--rounds", help="Passes over the knobs.")] = 1,
    folds: Annotated[
        bool, typer.Option("--loco/--no-loco", help="Also fit leave one corpus out.")
    ] = True,
    write: Annotated[
        Path | None, typer.Option("--write", help="Write the tuning fitted on every corpus here.")
    ] = None,
    index_dir: IndexDirOption = DEFAULT_INDEX_DIR,
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Coordinate descent over each knob's grid (docs: bot/answer/tuning.py)."""
    if corpora is None:
        raise ConfigError("tune needs --corpora DIR: the folder holding the QA items' corpora")
    start = Tuning.load(start_file) if start_file else DEFAULT_TUNING
    try:
        knob_grid(start, knob or ())
    except ValueError as error:
        raise ConfigError(f"--knob: {error}") from error
    items = [item for path in qa for item in read_json_lines(path)]
    cache = ScoreCache(open_corpus_sets(items, corpora, index_dir, load_embedder(model)))
    console = Console(stderr=True)
    say = console.print if not as_json else None
    search = {"only": knob or (), "rounds": rounds, "progress": say}
    loco = leave_one_out(cache, start, **search) if folds else []
    fitted = fit(cache, list(cache.sets), start, **search)
    if write:
        write.write_text(tomli_w.dumps(fitted.changes()), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(_result_dict(loco, fitted, cache), ensure_ascii=False))
        return
    Console().print(folds_table(loco))
    Console().print(f"fitted on every corpus: {fitted.changes() or 'the defaults'}")


def folds_table(folds: list[Fold]) -> Table:
    table = Table(title="leave one corpus out (strict; lenient in brackets)")
    for column in ("held out", "defaults", "fitted without it", "values fitted"):
        table.add_column(column)
    for fold in folds:
        table.add_row(
            fold.held_out,
            _figure(fold.default.strict.accuracy, fold.default.lenient.accuracy),
            _figure(fold.fitted.strict.accuracy, fold.fitted.lenient.accuracy),
            ", ".join(f"{k}={v}" for k, v in fold.tuning.changes().items()) or "defaults",
        )
    return table


def _figure(strict: float, lenient: float) -> str:
    return f"{strict:.3f} ({lenient:.3f})"


def _result_dict(folds: list[Fold], fitted: Tuning, cache: ScoreCache) -> dict:
    every = list(cache.sets)
    return {
        "folds": [
            {
                "held_out": fold.held_out,
                "changes": fold.tuning.changes(),
                "default": _accuracies(fold.default),
                "fitted": _accuracies(fold.fitted),
            }
            for fold in folds
        ],
        "fitted": fitted.changes(),
        "all": vars(cache.pooled(fitted, every)),
    }


def _accuracies(score: CorpusScore) -> dict[str, float]:
    return {"strict": score.strict.accuracy, "lenient": score.lenient.accuracy}
