"""Replays a site's edit history (a JSON-lines log of file changes) commit by commit into a folder.

Each line: {"commit", "date", "path", "status": "A"|"M"|"D", "content"} (content is null for a
deletion), oldest first. Used by the incremental-build test and the benchmark.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_URL = "https://example.org/"


@dataclass(frozen=True)
class FileChange:
    path: str
    status: str  # "A" added, "M" modified, "D" deleted


@dataclass(frozen=True)
class Commit:
    id: str
    date: str
    changes: tuple[FileChange, ...]


def read_history(jsonl: Path) -> list[tuple[Commit, dict[str, str | None]]]:
    """Commits in log order, each with the new content of every file it touched."""
    commits: dict[str, tuple[dict, list[FileChange], dict[str, str | None]]] = {}
    for line in Path(jsonl).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        _, changes, contents = commits.setdefault(row["commit"], (row, [], {}))
        changes.append(FileChange(row["path"], row["status"]))
        contents[row["path"]] = None if row["status"] == "D" else row["content"]
    return [
        (Commit(first["commit"], first["date"], tuple(changes)), contents)
        for first, changes, contents in commits.values()
    ]


def replay_history(
    jsonl: Path, folder: Path, *, base_url: str = DEFAULT_BASE_URL
) -> Iterator[Commit]:
    """Apply each commit to `folder` (a Hugo site) in turn, yielding it once it is on disk.

    Writes a minimal `hugo.toml` with `base_url` when the folder has no config.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "hugo.toml"
    if not any((folder / name).exists() for name in ("hugo.toml", "config.toml", "hugo.yaml")):
        config.write_text(f'baseURL = "{base_url}"\n', encoding="utf-8")
    for commit, contents in read_history(jsonl):
        for path, content in contents.items():
            _apply(folder / path, content)
        yield commit


def _apply(target: Path, content: str | None) -> None:
    if content is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
