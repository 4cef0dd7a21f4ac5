"""Which files of a Hugo site's content folders are pages of the indexed sections."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from index.hugo.config import SiteConfig
from index.skips import is_file_or_broken_link

CONTENT_SUFFIXES = (".md", ".markdown")


@dataclass
class ContentEntry:
    path: Path  # on disk
    content_path: str  # in Hugo's content tree, language suffix removed
    language: str
    is_section_page: bool


def _split_language(name: str, config: SiteConfig) -> tuple[str, str | None]:
    """`job.sv.md` → ("job.md", "sv") when sv is a configured language."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[-2].lower() in config.languages:
        return ".".join([*parts[:-2], parts[-1]]), parts[-2].lower()
    return name, None


def content_entries(
    site: Path, config: SiteConfig, sections: tuple[str, ...]
) -> list[ContentEntry]:
    """The pages under the config's content roots that lie in one of `sections`, by path."""
    wanted = {s.lower() for s in sections}
    roots = sorted(config.content_roots, key=lambda r: -len(r.source))
    listings = {root.source: _walk(str(site / root.source)) for root in roots}
    bundles = {
        os.path.dirname(path)
        for files, folders in listings.values()
        for path in (*files, *folders)
        if os.path.basename(path).startswith("index.")
    }
    seen: set[str] = set()
    entries: list[ContentEntry] = []
    for root in roots:
        folder = str(site / root.source)
        for path in sorted(listings[root.source][0], key=_path_order):
            if path in seen or os.path.splitext(path)[1].lower() not in CONTENT_SUFFIXES:
                continue
            if bundles and _is_bundle_resource(path, bundles):
                continue
            seen.add(path)
            relative = path[len(folder) + 1 :]
            name, suffix_language = _split_language(os.path.basename(path), config)
            content_path = "/".join(p for p in (root.target, relative) if p)
            content_path = (
                content_path.rsplit("/", 1)[0] + "/" + name if "/" in content_path else name
            )
            dirs = [d.lower() for d in content_path.split("/")[:-1]]
            if not wanted.intersection(dirs):
                continue
            language = suffix_language or root.language or config.default_language
            if language in config.disabled_languages:
                continue
            is_section_page = name.startswith("_index.")
            entries.append(ContentEntry(Path(path), content_path, language, is_section_page))
    return sorted(entries, key=lambda e: e.path)


def _walk(folder: str) -> tuple[list[str], list[str]]:
    """(files, folders) under `folder`, recursively, not following symlinked folders (as
    `Path.rglob`); paths are strings, which is much faster than `Path`s for big sites. Links
    that lead nowhere count as files: reading them reports them."""
    files: list[str] = []
    folders: list[str] = []
    pending = [folder]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                children = list(listing)
        except OSError:
            continue
        for child in children:
            if child.is_dir(follow_symlinks=False):
                folders.append(child.path)
                pending.append(child.path)
            elif is_file_or_broken_link(child):
                files.append(child.path)
    return files, folders


def _path_order(path: str) -> list[str]:
    return path.split("/")  # the order of `Path`s: component by component


def _is_bundle_resource(path: str, bundles: set[str]) -> bool:
    """Markdown files inside a leaf bundle (a folder with index.md) are resources, not pages."""
    if os.path.basename(path).split(".")[0] == "index":
        return False
    parent = os.path.dirname(path)
    while parent:
        if parent in bundles:
            return True
        if (above := os.path.dirname(parent)) == parent:
            break
        parent = above
    return False
