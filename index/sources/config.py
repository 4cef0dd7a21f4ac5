"""Turns command-line sites and a sources file into `Source` objects.

The bare `--site DIR` arguments are a shortcut for Hugo sites; `--config careers.toml` lists
sources of every type (issue 5 extends this module with the sources file).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from index.errors import ConfigError
from index.sources.base import Source

DEFAULT_SECTIONS = ("career", "careers", "jobs")


def load_sources(
    config: Path | None = None,
    sites: Sequence[Path] = (),
    *,
    base_url: str | None = None,
    sections: Sequence[str] = DEFAULT_SECTIONS,
) -> list[Source]:
    """Every source named on the command line: the sources file's, then the bare sites."""
    from index.sources.hugo import HugoSource

    sources: list[Source] = []
    if config is not None:
        raise ConfigError(f"{config}: sources files are not supported yet")
    for site in sites:
        sources.append(HugoSource(Path(site), sections=tuple(sections), base_url=base_url))
    _check_unique_names(sources)
    return sources


def _check_unique_names(sources: Sequence[Source]) -> None:
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise ConfigError(f"two sources are named {source.name!r}; give one a `name`")
        seen.add(source.name)
