"""`careers-bot bench`: what users feel, next to the physical limit, on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from index.errors import ConfigError
from index.sources.discover import find_corpora

SHARED = Path("../shared")  # the development layout: corpus and eval set next to the repo


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)


def bench(
    quick: Annotated[
        bool, typer.Option("--quick", help="Small sizes, fewer questions: under 3 minutes.")
    ] = False,
    sizes: Annotated[
        str | None,
        typer.Option("--sizes", help="Corpus sizes, comma-separated (default 100,1000,10000)."),
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the JSON report to this file.")
    ] = None,
    site: Annotated[
        list[Path] | None,
        typer.Option("--site", help="A Hugo site for the real-corpus figures (repeatable)."),
    ] = None,
    qa: Annotated[Path | None, typer.Option("--qa", help="Questions (qa.jsonl).")] = None,
    history: Annotated[
        Path | None, typer.Option("--history", help="Edit history to replay (JSON lines).")
    ] = None,
    workdir: Annotated[
        Path, typer.Option("--workdir", help="Scratch folder for sites and indexes.")
    ] = Path(".careers-bot/bench"),
    cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache", help="Reuse embeddings of the synthetic corpora across runs."
        ),
    ] = True,
    only: Annotated[
        str | None,
        typer.Option("--only", help="Comma-separated measurements to run (default: all)."),
    ] = None,
    docs_dir: Annotated[
        Path, typer.Option("--docs-dir", help="Where the full run writes benchmarks.md.")
    ] = Path("docs"),
) -> None:
    """Measure answer latency, scale, build throughput, updates, cold start and the Slack path."""
    from bot.bench.docs import print_table, write_docs
    from bot.bench.method import method_notes
    from bot.bench.runner import MEASUREMENTS, BenchOptions, run_bench

    chosen = tuple(_split(only)) if only else MEASUREMENTS
    unknown = set(chosen) - set(MEASUREMENTS)
    if unknown:
        raise ConfigError(f"unknown measurement(s) {sorted(unknown)}; choose from {MEASUREMENTS}")
    options = BenchOptions(
        sites=site or _default_sites(),
        qa_file=qa or SHARED / "eval" / "qa.jsonl",
        history_file=history or _default_history(),
        workdir=workdir,
        quick=quick,
        cache=workdir.parent / "bench-cache" / "embeddings.sqlite" if cache else None,
        report_path=report,
        only=chosen,
        overrides={"sizes": _sizes(sizes)} if sizes else {},
    )
    result = run_bench(options, say=lambda line: typer.echo(line, err=True))
    print_table(result)
    if not quick and set(chosen) == set(MEASUREMENTS):
        path = write_docs(result, docs_dir, method_notes(options))
        typer.echo(f"wrote {path}")
    if report:
        typer.echo(f"wrote {report}")


def _sizes(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(size.replace("_", "")) for size in _split(text))
    except ValueError as error:
        raise ConfigError(f"--sizes takes numbers separated by commas, not {text!r}") from error


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _default_sites() -> list[Path]:
    """The Hugo sites of the shared corpus; the sites a careers.toml describes (`others/`) are
    measured by `careers-bot eval --corpora`, as the real-corpus phases take Hugo sites."""
    corpus = SHARED / "corpus"
    found = find_corpora(corpus) if corpus.is_dir() else []
    sites = [c.folder for c in found if c.config is None]
    if not sites:
        raise ConfigError("no site to measure: give --site DIR (a Hugo site)")
    return sites


def _default_history() -> Path:
    found = sorted((SHARED / "corpus").glob("*-history.jsonl"))
    return found[0] if found else SHARED / "corpus" / "history.jsonl"
