"""What every command shares: the options naming sources and the index, and `open_index`."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from index.build import BuildReport, build_index
from index.embeddings import Embedder, load_embedder
from index.errors import CareersBotError, ConfigError, describe
from index.search import LoadedIndex, load_index
from index.sources.base import Source
from index.sources.config import load_sources
from index.store import DEFAULT_INDEX_DIR, current_generation

log = logging.getLogger("careers_bot.index")

SitesArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Hugo site folders (each with content/ and usually hugo.toml).", show_default=False
    ),
]
SiteOption = Annotated[
    list[Path] | None,
    typer.Option("--site", help="A Hugo site folder (repeatable).", show_default=False),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="A sources file (careers.toml) listing sites and job boards."),
]
IndexDirOption = Annotated[
    Path,
    typer.Option("--index-dir", envvar="CAREERS_BOT_INDEX_DIR", help="Where the index lives."),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option("--base-url", help="Public URL of a site that has no Hugo config."),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        envvar="CAREERS_BOT_MODEL",
        help="Embedding model: a folder or a name (default: the packaged all-MiniLM-L6-v2).",
        show_default=False,
    ),
]
IncludeDraftsOption = Annotated[
    bool, typer.Option("--include-drafts", help="Also show draft, scheduled and expired postings.")
]


def resolve_sources(
    sites: Sequence[Path] = (),
    config: Path | None = None,
    index_dir: Path = DEFAULT_INDEX_DIR,
    base_url: str | None = None,
    *,
    even_if_indexed: bool = False,
) -> list[Source]:
    """The sources named on the command line; with none, the current folder when it is a site
    and no index exists yet (or `even_if_indexed`), so a run in a Hugo site needs no arguments."""
    if sites or config is not None:
        return load_sources(config, list(sites), base_url=base_url)
    first_run = current_generation(index_dir) is None
    if (first_run or even_if_indexed) and (Path.cwd() / "content").is_dir():
        return load_sources(None, [Path.cwd()], base_url=base_url)
    return []


def update_index(
    sources: Sequence[Source], index_dir: Path, embedder: Embedder, *, progress: bool = False
) -> BuildReport:
    return build_index(sources, Path(index_dir), embedder, progress=progress)


def open_index(
    sites: Sequence[Path] | None = None,
    config: Path | None = None,
    index_dir: Path = DEFAULT_INDEX_DIR,
    base_url: str | None = None,
    *,
    build: bool = True,
    progress: bool = False,
    model: str | None = None,
    embedder: Embedder | None = None,
    include_drafts: bool = False,  # accepted for symmetry: the index always holds drafts
    keep_last_good: bool = False,
) -> LoadedIndex:
    """The index, brought up to date first (incrementally) when sources are given.

    With `keep_last_good` (`serve`), a build that fails is logged with its reason and the last
    good index on disk is opened; skipped files are logged too."""
    embedder = embedder or load_embedder(model)
    sources = resolve_sources(sites or (), config, index_dir, base_url)
    if build and sources:
        if keep_last_good:
            _update_or_keep(sources, index_dir, embedder, progress=progress)
        else:
            update_index(sources, index_dir, embedder, progress=progress)
    elif not has_index(index_dir):
        raise ConfigError(
            f"no index in {index_dir} and no site given: pass a Hugo site folder "
            "(for example `--site .`) or --config careers.toml"
        )
    return load_index(Path(index_dir), embedder)


def has_index(index_dir: Path) -> bool:
    return current_generation(index_dir) is not None or (Path(index_dir) / "manifest.json").exists()


def _update_or_keep(
    sources: Sequence[Source], index_dir: Path, embedder: Embedder, *, progress: bool
) -> None:
    """Update the index; when that fails, the last good one stays and the log says why."""
    try:
        report = update_index(sources, index_dir, embedder, progress=progress)
    except Exception as error:  # whatever it is, the index on disk still answers
        if not has_index(index_dir):
            raise
        reason = describe(error)
        log.error(
            "index build failed (%s); serving the last good index in %s",
            reason,
            index_dir,
            extra={"error": reason, "index_dir": str(index_dir)},
            exc_info=not isinstance(error, CareersBotError),
        )
        return
    for warning in report.skipped:
        log.warning(
            "skipped %s: %s",
            warning.path,
            warning.reason,
            extra={"file": warning.path, "reason": warning.reason},
        )


def read_json_lines(path: Path) -> list:
    """The JSON value of every non-blank line; a clear error names the file and the line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read ({error})") from error
    values = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                values.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ConfigError(f"{path}:{number}: not JSON ({error.msg})") from error
    return values
