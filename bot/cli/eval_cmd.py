"""`careers-bot eval`: answer every question of QA files and score the answers, per corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.answer.engine import Answerer
from bot.answer.evaluation import EvalReport
from bot.answer.tuning import DEFAULT_TUNING, Tuning
from bot.cli.common import (
    IncludeDraftsOption,
    IndexDirOption,
    ModelOption,
    SiteOption,
    open_index,
    read_json_lines,
)
from bot.eval.corpora import open_corpus_sets
from bot.eval.runner import CorpusScore, Pooled, pool, score_corpus
from index.embeddings import load_embedder
from index.errors import ConfigError
from index.store import DEFAULT_INDEX_DIR

MODES = {
    "full": {},
    "dense": {"retrieval": "dense"},
    "lexical": {"retrieval": "lexical"},
    "no-resolution": {"resolve": False},
}
QaOption = Annotated[
    list[Path], typer.Option("--qa", help="QA file (JSON Lines; repeatable).", show_default=False)
]
CorporaOption = Annotated[
    Path | None,
    typer.Option(
        "--corpora",
        help="Folder of corpora (Hugo sites or folders with careers.toml): each QA item is "
        "answered from the index of the corpus its `corpus` names, and scored per corpus.",
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="The answer must lead with its evidence (score.py).")
]
TuningOption = Annotated[
    Path | None, typer.Option("--tuning", help="A tuning file (TOML) written by `tune`.")
]


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate_command)


def evaluate_command(
    qa: QaOption,
    corpora: CorporaOption = None,
    site: SiteOption = None,
    strict: StrictOption = False,
    tuning_file: TuningOption = None,
    include_drafts: IncludeDraftsOption = False,
    index_dir: IndexDirOption = DEFAULT_INDEX_DIR,
    model: ModelOption = None,
    mode: Annotated[
        list[str] | None,
        typer.Option("--mode", help=f"Ablation to run (repeatable): {', '.join(MODES)}."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Answer each QA item and score it; with --corpora, per corpus, leniently and strictly."""
    items = [item for path in qa for item in read_json_lines(path)]
    modes = mode or ["full"]
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise ConfigError(f"unknown --mode {unknown[0]!r}; use one of {', '.join(MODES)}")
    tuning = Tuning.load(tuning_file) if tuning_file else DEFAULT_TUNING
    if corpora is not None:
        _evaluate_corpora(items, corpora, index_dir, model, tuning, modes, strict, as_json)
        return
    index = open_index(site, None, index_dir, None, model=model)
    reports = {
        m: run_eval(Answerer(index, tuning=tuning, **MODES[m]), items, include_drafts, strict)
        for m in modes
    }
    if as_json:
        typer.echo(json.dumps({m: r.to_dict() for m, r in reports.items()}, ensure_ascii=False))
        return
    console = Console()
    for name, report in reports.items():
        _print_report(console, name, report)


def run_eval(
    answerer: Answerer, items: list[dict], include_drafts: bool, strict: bool = False
) -> EvalReport:
    report = EvalReport(strict)
    for item in items:
        answer = answerer.ask(
            item["question"],
            item.get("history") or [],
            include_drafts=include_drafts,
            sites=[item["corpus"]] if item.get("corpus") else None,
        )
        report.add(item, answer.to_dict())
    return report


def _evaluate_corpora(
    items: list[dict],
    root: Path,
    index_root: Path,
    model: str | None,
    tuning: Tuning,
    modes: list[str],
    strict: bool,
    as_json: bool,
) -> None:
    """Drafts are always included: the QA sets ask about them as a recruiter would."""
    sets = open_corpus_sets(items, root, index_root, load_embedder(model))
    results = {m: [score_corpus(s, tuning, True, MODES[m]) for s in sets] for m in modes}
    if as_json:
        report = {m: _corpora_dict(scores) for m, scores in results.items()}
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    console = Console()
    for name, scores in results.items():
        for score in scores:
            _print_failures(console, score.strict if strict else score.lenient)
        console.print(corpora_table(f"eval ({name})", scores))


def corpora_table(title: str, scores: list[CorpusScore]) -> Table:
    table = Table(title=title)
    for column in ("corpus", "questions", "lenient", "strict", "quotes per one-fact answer"):
        table.add_column(column, justify="left" if column == "corpus" else "right")
    for score in scores:
        table.add_row(*_row(score.name, pool([score])))
    table.add_row(*_row("all", pool(scores)))
    return table


def _row(name: str, pooled: Pooled) -> list[str]:
    figures = (pooled.lenient, pooled.strict)
    return [name, str(pooled.total), *(f"{f:.3f}" for f in figures), f"{pooled.mean_quotes:.2f}"]


def _corpora_dict(scores: list[CorpusScore]) -> dict:
    everything = pool(scores)
    return {
        "corpora": {
            s.name: {"lenient": s.lenient.to_dict(), "strict": s.strict.to_dict()} for s in scores
        },
        "all": {
            "total": everything.total,
            "lenient": round(everything.lenient, 4),
            "strict": round(everything.strict, 4),
            "mean_quotes": round(everything.mean_quotes, 2),
        },
    }


def _print_report(console: Console, name: str, report: EvalReport) -> None:
    table = Table(title=f"eval ({name}{', strict' if report.strict else ''})")
    table.add_column("kind")
    table.add_column("correct", justify="right")
    table.add_column("accuracy", justify="right")
    for kind, (correct, total) in sorted(report.per_kind.items()):
        table.add_row(kind, f"{correct}/{total}", f"{correct / total:.2f}")
    console.print(table)
    _print_failures(console, report)
    console.print(f"quotes per one-fact answer: {report.mean_quotes:.2f}")
    console.print(f"accuracy {report.correct}/{report.total} = {report.accuracy:.3f}")


def _print_failures(console: Console, report: EvalReport) -> None:
    for item, verdict, answer in report.failures:
        console.print(f"[red]FAIL[/red] {item.get('id')} {item.get('kind')}: {verdict.reason}")
        console.print(f"     Q: {item.get('question')}", markup=False)
        console.print(
            f"     A: {answer.get('text', '').splitlines()[0] if answer.get('text') else ''}",
            markup=False,
        )
    for item, answer in report.false_claims:
        lead = answer.get("lead", "")
        console.print(f"CLAIM {item.get('id')} (not stated): {lead}", style="yellow", markup=False)
