"""`careers-bot sources check --config FILE`: validate a sources file and try every source."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from index.sources.check import SourceCheck, check_source
from index.sources.config import check_unique_names, create_source, read_sources_file

sources_app = typer.Typer(
    help="Inspect the sources file (Hugo and markdown sites, ATS job boards).",
    no_args_is_help=True,
)


@sources_app.command("check")
def check(
    config: Annotated[Path, typer.Option("--config", "-c", help="The sources file (TOML).")],
    cache_dir: Annotated[
        Path | None, typer.Option("--cache-dir", help="Where ATS responses are cached.")
    ] = None,
) -> None:
    """Validate the file; per source, how many postings it finds and which fields it can't map."""
    sources_file = read_sources_file(config)
    http_cache = cache_dir or sources_file.cache_dir
    sources = [create_source(spec, cache_dir=http_cache) for spec in sources_file.specs]
    check_unique_names(sources)
    typer.echo(f"{config}: {len(sources)} source(s), file is valid")
    results = [check_source(source) for source in sources]
    for result in results:
        _print(result)
    failed = [result.name for result in results if not result.ok]
    if failed:
        typer.secho(f"unavailable: {', '.join(failed)}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)


def _print(result: SourceCheck) -> None:
    head = f"\n{result.name} ({result.kind}): "
    if not result.ok:
        typer.secho(f"{head}UNAVAILABLE: {result.error}", fg=typer.colors.RED)
        return
    states = ", ".join(f"{n} {state}" for state, n in sorted(result.by_visibility.items()))
    typer.echo(f"{head}{result.postings} posting(s)" + (f" ({states})" if states else ""))
    if result.field_counts:
        counts = result.field_counts.items()
        found = ", ".join(f"{name} {n}/{result.postings}" for name, n in counts)
        typer.echo(f"  fields found: {found}")
    if result.missing_fields:
        typer.echo(f"  fields not found in any posting: {', '.join(result.missing_fields)}")
    if result.missing_mapped:
        typer.echo(f"  mapped keys no file has: {', '.join(result.missing_mapped)}")
    if result.unmapped_keys:
        typer.echo(f"  front-matter keys left unmapped: {', '.join(result.unmapped_keys)}")
    for warning in result.skipped:
        typer.echo(f"  skipped {warning}")


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
