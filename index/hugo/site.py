"""Reads a Hugo site's postings: the files of the indexed sections, as `Posting`s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.errors import InputError
from index.hugo.config import ContentRoot, SiteConfig, SiteConfigError, load_site_config
from index.hugo.fields import canonical_fields, prose_sections
from index.hugo.frontmatter import FrontMatterError, parse_content_file
from index.hugo.urls import PageInfo, page_url
from index.hugo.visibility import date_keys, first_date, visibility_of
from index.models import Posting, ReadResult, SkipWarning
from index.text.facts import facts_section
from index.text.markdown import parse_markdown

DEFAULT_SECTIONS = ("career", "careers", "jobs")
MAX_FILE_BYTES = 5 * 1024 * 1024
CONTENT_SUFFIXES = (".md", ".markdown")


class SkipFile(Exception):
    """A content file we skip, with the reason (becomes a SkipWarning)."""


@dataclass
class ContentEntry:
    path: Path  # on disk
    content_path: str  # in Hugo's content tree, language suffix removed
    language: str
    is_section_page: bool


def _config_for(site: Path, base_url: str | None, warnings: list[SkipWarning]) -> SiteConfig:
    try:
        config = load_site_config(site)
    except SiteConfigError as error:
        if not base_url:
            raise InputError(str(error.path), error.reason) from error
        warnings.append(SkipWarning(_rel(error.path, site), f"{error.reason}; using --base-url"))
        config = None
    if config is None:
        if not base_url:
            raise InputError(
                str(site), "no Hugo config (hugo.toml, config.toml, ...); pass a base URL"
            )
        config = SiteConfig(base_url=base_url)
        config.content_roots = [ContentRoot("content", "", None)]
    elif not config.base_url:
        config.base_url = base_url
        languages = config.languages.values()
        if not base_url and not (languages and all(lang.base_url for lang in languages)):
            reason = "the site config has no baseURL; pass a base URL"
            raise InputError(str(config.config_file), reason)
    return config


def _rel(path: Path, site: Path) -> str:
    try:
        return path.relative_to(site).as_posix()
    except ValueError:
        return path.as_posix()


def _split_language(name: str, config: SiteConfig) -> tuple[str, str | None]:
    """`job.sv.md` → ("job.md", "sv") when sv is a configured language."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[-2].lower() in config.languages:
        return ".".join([*parts[:-2], parts[-1]]), parts[-2].lower()
    return name, None


def _entries(site: Path, config: SiteConfig, sections: tuple[str, ...]) -> list[ContentEntry]:
    wanted = {s.lower() for s in sections}
    roots = sorted(config.content_roots, key=lambda r: -len(r.source))
    seen: set[Path] = set()
    entries: list[ContentEntry] = []
    bundles = {p.parent for root in roots for p in (site / root.source).rglob("index.*")}
    for root in roots:
        folder = site / root.source
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path in seen or not path.is_file() or path.suffix.lower() not in CONTENT_SUFFIXES:
                continue
            if _is_bundle_resource(path, bundles):
                continue
            seen.add(path)
            relative = path.relative_to(folder).as_posix()
            name, suffix_language = _split_language(path.name, config)
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
            entries.append(ContentEntry(path, content_path, language, name.startswith("_index.")))
    return sorted(entries, key=lambda e: e.path)


def _is_bundle_resource(path: Path, bundles: set[Path]) -> bool:
    """Markdown files inside a leaf bundle (a folder with index.md) are resources, not pages."""
    if path.name.split(".")[0] == "index":
        return False
    return any(parent in bundles for parent in path.parents)


def _read_text(path: Path, max_bytes: int) -> str:
    size = path.stat().st_size
    if size > max_bytes:
        raise SkipFile(f"file is too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit)")
    data = path.read_bytes()
    if not data.strip():
        raise SkipFile("empty file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SkipFile(f"not valid UTF-8 (byte {error.start})") from error


def _title(front_matter: dict[str, Any]) -> str:
    title = front_matter.get("title")
    return " ".join(str(title).split()) if title is not None else ""


class _SiteReader:
    def __init__(self, site: Path, config: SiteConfig, name: str, now: datetime, max_bytes: int):
        self.site = site
        self.config = config
        self.name = name
        self.now = now
        self.max_bytes = max_bytes
        self.result = ReadResult()

    def warn(self, entry: ContentEntry, reason: str) -> None:
        self.result.warnings.append(SkipWarning(_rel(entry.path, self.site), reason))

    def read(self, entry: ContentEntry) -> None:
        try:
            posting = self.posting(entry)
        except SkipFile as error:
            self.warn(entry, str(error))
        except FrontMatterError as error:
            self.warn(entry, str(error))
        except OSError as error:
            self.warn(entry, f"cannot read: {error.strerror or error}")
        except (ValueError, TypeError, RecursionError) as error:  # malformed beyond our rules
            self.warn(entry, f"cannot parse: {type(error).__name__}: {error}")
        else:
            self.result.postings.append(posting)

    def posting(self, entry: ContentEntry) -> Posting:
        content = parse_content_file(_read_text(entry.path, self.max_bytes))
        front = content.front_matter
        title = _title(front)
        if not title:
            raise SkipFile("missing title in front matter")
        parsed = parse_markdown(content.body, anchor_style=self.config.anchor_style)
        for warning in parsed.warnings:
            self.warn(entry, warning)
        fields = canonical_fields(front, parsed.links)
        sections = prose_sections(front, self.config.anchor_style) + parsed.sections
        if (facts := facts_section(fields, entry.language)) is not None:
            sections.append(facts)
        return Posting(
            id=_rel(entry.path, self.site),
            site=self.name,
            title=title,
            url=self.url(entry, front, title),
            language=entry.language,
            visibility=visibility_of(front, self.now, self.config.frontmatter_dates),
            sections=sections,
            fields=fields,
            is_section_page=entry.is_section_page,
            translation_key=str(front.get("translationkey") or entry.content_path),
        )

    def url(self, entry: ContentEntry, front: dict[str, Any], title: str) -> str:
        page = PageInfo(
            content_path=entry.content_path,
            language=entry.language,
            title=title,
            slug=str(front["slug"]) if front.get("slug") else None,
            url=str(front["url"]) if front.get("url") else None,
            date=first_date(front, date_keys("date", self.config.frontmatter_dates)),
            is_section_page=entry.is_section_page,
        )
        return page_url(page, self.config)


def read_hugo_site(
    path: Path,
    *,
    sections: tuple[str, ...] = DEFAULT_SECTIONS,
    base_url: str | None = None,
    name: str | None = None,
    now: datetime | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> ReadResult:
    """Postings of a Hugo site's indexed sections, plus a warning per file that was skipped.

    Raises InputError naming the site (or its config file) when no base URL can be found.
    """
    site = Path(path)
    if not site.is_dir():
        raise InputError(str(site), "not a folder")
    warnings: list[SkipWarning] = []
    config = _config_for(site, base_url, warnings)
    if not any((site / root.source).is_dir() for root in config.content_roots):
        raise InputError(str(site), "no content folder (content/ or the configured mounts)")
    reader = _SiteReader(
        site, config, name or site.resolve().name, now or datetime.now(UTC), max_file_bytes
    )
    reader.result.warnings.extend(warnings)
    for entry in _entries(site, config, tuple(sections)):
        reader.read(entry)
    return reader.result
