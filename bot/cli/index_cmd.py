"""`careers-bot index`: read the sources and bring the index up to date, incrementally."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import (
    BaseUrlOption,
    ConfigOption,
    IncludeDraftsOption,
    IndexDirOption,
    ModelOption,
    SiteOption,
    SitesArgument,
    resolve_sources,
    update_index,
)
from index.build import BuildReport
from index.embeddings import load_embedder
from index.errors import ConfigError
from index.store import DEFAULT_INDEX_DIR


def register(app: typer.Typer) -> None:
    app.command("index")(index)


def index(
    sites: SitesArgument = None,
    site: SiteOption = None,
    config: ConfigOption = None,
    include_drafts: IncludeDraftsOption = False,
    index_dir: IndexDirOption = DEFAULT_INDEX_DIR,
    base_url: BaseUrlOption = None,
    model: ModelOption = None,
    watch: Annotated[
        bool, typer.Option("--watch", help="Keep running: rebuild whenever the sources change.")
    ] = False,
) -> None:
    """Index the job postings of SITE folders (default: the current folder) and a sources file.

    Only postings that changed since the last run are embedded again; the new index replaces the
    old one atomically. Files that can't be read are skipped with a warning naming the file and
    the reason; the command fails only when nothing could be indexed.

    The index always stores drafts, scheduled and expired postings, so that who sees them can be
    decided when answering (`ask --include-drafts`, internal Slack channels). With
    --include-drafts this command also lists them.
    """
    every_site = [*(sites or []), *(site or [])]
    sources = resolve_sources(every_site, config, index_dir, base_url, even_if_indexed=True)
    if not sources:
        raise ConfigError(
            f"nothing to index: {Path.cwd()} has no content/ folder; "
            "pass a Hugo site folder or --config careers.toml"
        )
    embedder = load_embedder(model)
    if watch:
        _watch(every_site, config, index_dir, base_url, embedder)
        return
    report = update_index(sources, index_dir, embedder, progress=sys.stderr.isatty())
    _print_warnings(report)
    if include_drafts:
        _print_unpublished(index_dir, embedder)
    typer.echo(report.summary())


def _watch(sites: list[Path], config: Path | None, index_dir: Path, base_url, embedder) -> None:
    from bot.ops.watch import watch_sources

    def reported(report: BuildReport) -> None:
        _print_warnings(report)
        typer.echo(report.summary())

    _stop_on_signals()
    try:
        watch_sources(
            lambda: resolve_sources(sites, config, index_dir, base_url, even_if_indexed=True),
            lambda sources: update_index(sources, index_dir, embedder),
            index_dir=index_dir,
            config=config,
            on_build=reported,
        )
    except KeyboardInterrupt:
        typer.echo("stopped watching")


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM (systemd, Kubernetes) stop watching, even when the process was started
    with SIGINT ignored (as a background job of a script is)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)


def _print_warnings(report: BuildReport) -> None:
    for warning in report.skipped:
        typer.secho(f"warning: skipped {warning.path}: {warning.reason}", fg="yellow", err=True)
    for name, reason in report.failed_sources.items():
        typer.secho(
            f"warning: {name} could not be read ({reason}); kept its last indexed postings",
            fg="yellow",
            err=True,
        )
    for note in report.notes:
        typer.secho(f"note: {note}", fg="yellow", err=True)


def _print_unpublished(index_dir: Path, embedder) -> None:
    from index.search import load_index

    loaded = load_index(index_dir, embedder)
    for meta in sorted(loaded.postings.values(), key=lambda m: (m.visibility, m.uid)):
        if meta.visibility != "published":
            typer.echo(f"{meta.visibility}: {meta.site}/{meta.id} ({meta.title})")
