"""`careers-bot eval`: answer every question of a QA file and score the answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.answer.engine import Answerer
from bot.answer.evaluation import EvalReport
from bot.cli.common import (
    IncludeDraftsOption,
    IndexDirOption,
    ModelOption,
    SiteOption,
    open_index,
    read_json_lines,
)
from index.errors import ConfigError
from index.store import DEFAULT_INDEX_DIR

MODES = {
    "full": {},
    "dense": {"retrieval": "dense"},
    "lexical": {"retrieval": "lexical"},
    "no-resolution": {"resolve": False},
}


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate_command)


def evaluate_command(
    qa: Annotated[Path, typer.Option("--qa", help="QA file (JSON Lines).")],
    site: SiteOption = None,
    include_drafts: IncludeDraftsOption = False,
    index_dir: IndexDirOption = DEFAULT_INDEX_DIR,
    model: ModelOption = None,
    mode: Annotated[
        list[str] | None,
        typer.Option("--mode", help=f"Ablation to run (repeatable): {', '.join(MODES)}."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Answer each QA item against the site named by its `corpus` and score it."""
    items = read_json_lines(qa)
    modes = mode or ["full"]
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise ConfigError(f"unknown --mode {unknown[0]!r}; use one of {', '.join(MODES)}")
    index = open_index(site, None, index_dir, None, model=model)
    reports = {m: run_eval(Answerer(index, **MODES[m]), items, include_drafts) for m in modes}
    if as_json:
        typer.echo(json.dumps({m: r.to_dict() for m, r in reports.items()}, ensure_ascii=False))
        return
    console = Console()
    for name, report in reports.items():
        _print_report(console, name, report)


def run_eval(answerer: Answerer, items: list[dict], include_drafts: bool) -> EvalReport:
    report = EvalReport()
    for item in items:
        answer = answerer.ask(
            item["question"],
            item.get("history") or [],
            include_drafts=include_drafts,
            sites=[item["corpus"]] if item.get("corpus") else None,
        )
        report.add(item, answer.to_dict())
    return report


def _print_report(console: Console, name: str, report: EvalReport) -> None:
    table = Table(title=f"eval ({name})")
    table.add_column("kind")
    table.add_column("correct", justify="right")
    table.add_column("accuracy", justify="right")
    for kind, (correct, total) in sorted(report.per_kind.items()):
        table.add_row(kind, f"{correct}/{total}", f"{correct / total:.2f}")
    console.print(table)
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
    console.print(f"accuracy {report.correct}/{report.total} = {report.accuracy:.3f}")
