"""Finding the companies' sites in a folder of corpora, as the evaluation and the benchmark need.

A folder is a corpus when it holds a sources file (`careers.toml`: any kind of site or job board)
or is a Hugo site (a `content/` folder). Other folders are looked into, a few levels deep, so a
layout such as `corpus/others/<company>/careers.toml` is found as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.errors import ConfigError
from index.sources.base import Source
from index.sources.config import load_sources

SOURCES_FILE = "careers.toml"


@dataclass(frozen=True)
class Corpus:
    """One company's site: its name (the folder's name) and how to read it."""

    name: str
    folder: Path

    @property
    def config(self) -> Path | None:
        path = self.folder / SOURCES_FILE
        return path if path.is_file() else None

    def sources(self) -> list[Source]:
        if self.config is not None:
            return load_sources(self.config)
        return load_sources(None, [self.folder])


def is_corpus(folder: Path) -> bool:
    return (folder / SOURCES_FILE).is_file() or (folder / "content").is_dir()


def find_corpora(root: Path, max_depth: int = 3) -> list[Corpus]:
    """Every corpus in `root` (or `root` itself), sorted by name; names must be unique."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(f"{root}: no such folder of corpora")
    found = _walk(root, max_depth)
    names = [corpus.name for corpus in found]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ConfigError(f"{root}: two corpora are both named {duplicated[0]!r}")
    return sorted(found, key=lambda corpus: corpus.name)


def _walk(folder: Path, depth: int) -> list[Corpus]:
    if is_corpus(folder):
        return [Corpus(folder.name, folder)]
    if depth == 0:
        return []
    children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    return [corpus for child in children for corpus in _walk(child, depth - 1)]
