"""Turns command-line sites and a sources file into `Source` objects.

The bare `--site DIR` arguments are a shortcut for Hugo sites; `--config careers.toml` lists
sources of every type as `[[source]]` tables (models in `index.sources.specs`). Paths in the file
are relative to the file's folder.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from index.errors import ConfigError, InputError
from index.sources.base import Source
from index.sources.http import DEFAULT_CACHE_DIR
from index.sources.specs import SOURCE_TYPES, SourceSpec

DEFAULT_SECTIONS = ("career", "careers", "jobs")
_SPEC_ADAPTER: TypeAdapter[SourceSpec] = TypeAdapter(SourceSpec)


@dataclass
class SourcesFile:
    """A parsed sources file: its specs, with paths already resolved against its folder."""

    path: Path
    specs: list[SourceSpec]
    cache_dir: Path


def load_sources(
    config: Path | None = None,
    sites: Sequence[Path] = (),
    *,
    base_url: str | None = None,
    sections: Sequence[str] = DEFAULT_SECTIONS,
    cache_dir: Path | None = None,
) -> list[Source]:
    """Every source named on the command line: the sources file's, then the bare sites.

    `cache_dir` (where ATS responses are cached for conditional requests) overrides the file's
    `cache_dir` and the default `.careers-bot/http-cache`.
    """
    from index.sources.hugo import HugoSource

    sources: list[Source] = []
    if config is not None:
        sources_file = read_sources_file(Path(config))
        http_cache = Path(cache_dir) if cache_dir else sources_file.cache_dir
        sources.extend(create_source(spec, cache_dir=http_cache) for spec in sources_file.specs)
    for site in sites:
        sources.append(HugoSource(Path(site), sections=tuple(sections), base_url=base_url))
    check_unique_names(sources)
    return sources


def read_sources_file(path: Path) -> SourcesFile:
    """Parse and validate a sources file; `InputError` names the file, the source and the field."""
    raw = _read_toml(path)
    tables = raw.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise InputError(str(path), "no [[source]] tables (each needs a `type`)")
    unknown = sorted(set(raw) - {"source", "cache_dir"})
    if unknown:
        raise InputError(str(path), f"unknown top-level key(s): {', '.join(unknown)}")
    folder = path.resolve().parent
    specs = [_validate_source(path, number, table) for number, table in enumerate(tables, 1)]
    for spec in specs:
        spec.resolve_paths(folder)
    cache_dir = raw.get("cache_dir")
    return SourcesFile(
        path=path,
        specs=specs,
        cache_dir=folder / cache_dir if isinstance(cache_dir, str) else DEFAULT_CACHE_DIR,
    )


def create_source(spec: SourceSpec, *, cache_dir: Path | None = DEFAULT_CACHE_DIR) -> Source:
    """The `Source` a validated spec describes."""
    return spec.create(cache_dir=cache_dir)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise InputError(str(path), "sources file not found") from error
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(path), f"invalid TOML: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"can't read: {error}") from error


def _validate_source(path: Path, number: int, table: Any) -> SourceSpec:
    where = f"source #{number}"
    if not isinstance(table, dict):
        raise InputError(str(path), f"{where} is not a table")
    kind = table.get("type")
    if kind not in SOURCE_TYPES:
        expected = ", ".join(SOURCE_TYPES)
        raise InputError(str(path), f"{where}: unknown type {kind!r} (expected one of {expected})")
    label = table.get("name") or table.get("board") or table.get("site") or table.get("path")
    where = f"{where} ({kind}{f' {label!r}' if label else ''})"
    try:
        return _SPEC_ADAPTER.validate_python(table)
    except ValidationError as error:
        raise InputError(str(path), f"{where}: {_describe(error)}") from None


def _describe(error: ValidationError) -> str:
    problems = []
    for detail in error.errors():
        location = [str(part) for part in detail["loc"][1:]]  # [0] is the union's tag
        field = ".".join(location) or "(source)"
        message = detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = "unknown field"
        problems.append(f"field `{field}`: {message}")
    return "; ".join(problems)


def check_unique_names(sources: Sequence[Source]) -> None:
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise ConfigError(f"two sources are named {source.name!r}; give one a `name`")
        seen.add(source.name)
