"""Reads a Hugo site's postings: the files of the indexed sections, as `Posting`s."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.errors import InputError
from index.hugo.config import SiteConfig, config_for_site, site_relative
from index.hugo.content_files import ContentEntry, content_entries
from index.hugo.fields import canonical_fields, prose_sections
from index.hugo.frontmatter import parse_content_file
from index.hugo.parse_cache import (
    CachedPosting,
    FileOutcome,
    IncrementalRead,
    Listed,
    ParseCache,
    folders_fingerprint,
    remember_content_hash,
)
from index.hugo.urls import PageInfo, page_url
from index.hugo.visibility import date_keys, first_date, visibility_of
from index.models import Posting, ReadResult, SkipWarning
from index.skips import SkipFile, check_name, skip_reason, skipped_on_error
from index.text.facts import facts_section
from index.text.markdown import parse_markdown

DEFAULT_SECTIONS = ("career", "careers", "jobs")
MAX_FILE_BYTES = 5 * 1024 * 1024


def _read_text(data: bytes, size: int, max_bytes: int) -> str:
    if size > max_bytes:
        raise SkipFile(f"file is too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit)")
    if not data.strip():
        raise SkipFile("empty file")
    return data.decode("utf-8")  # not UTF-8: the skip says which byte


def _read_bytes(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The file's bytes (none when it is too large) and its stat, taken before reading."""
    stat = path.stat()
    return (path.read_bytes() if stat.st_size <= max_bytes else b""), stat


def _title(front_matter: dict[str, Any]) -> str:
    title = front_matter.get("title")
    return " ".join(str(title).split()) if title is not None else ""


class _SiteReader:
    def __init__(self, site: Path, config: SiteConfig, name: str, now: datetime, max_bytes: int):
        self.site = site
        self.prefix = os.path.join(str(site), "")  # of a file's path, before its name
        self.config = config
        self.name = name
        self.now = now
        self.max_bytes = max_bytes
        self.result = IncrementalRead()
        self.cache: ParseCache | None = None
        self.lazy = False  # unchanged cached postings go to `result.unchanged`, not parsed

    def read_cached(self, listed: Listed) -> None:
        """A file through the cache; a cache entry that can't be used (or a bug in the cache)
        only makes this file a cache miss: it is parsed again."""
        try:
            found = self.from_cache(listed[0])
        except Exception:  # a damaged entry: whatever it is, parsing the file is the way out
            self.cache.forget(listed[0])
            found = False
        if not found:
            self.add(listed[0], self.parse(self.entry(listed), listed[0]))

    def from_cache(self, name: str) -> bool:
        """The file's result from the cache, if it has it: an unchanged posting stays unloaded
        when reading lazily and its visibility can't have changed; the others are loaded."""
        try:
            record = self.cache.lookup(name, self.prefix + name)
        except OSError:  # gone or unreadable: parsing it says why
            return False
        if record is None:
            return False
        still_visible = record.visible_as_before(self.cache.now_us)
        if still_visible and self.lazy and record.uid is not None:
            cached = CachedPosting(record.uid, record.content_hash, self.cache, name)
            self.result.warnings.extend(SkipWarning(name, w) for w in record.warnings)
            self.result.unchanged[record.uid] = cached
            self.result.order.append(record.uid)
            return True
        if (outcome := self.cache.outcome(name)) is None:  # its posting got lost
            return False
        posting = self.at_now(outcome) if outcome.posting is not None else None
        if posting is not None and not still_visible:
            self.cache.redate(name, posting, outcome.dates)
        self.add_read(name, outcome.warnings, posting)
        return True

    def add(self, name: str, outcome: FileOutcome) -> None:
        """Add a file's warnings and posting (as of `now`) to the result."""
        posting = self.at_now(outcome) if outcome.posting is not None else None
        self.add_read(name, outcome.warnings, posting)

    def add_read(self, name: str, warnings: list[str], posting: Posting | None) -> None:
        self.result.warnings += [SkipWarning(name, reason) for reason in warnings]
        if posting is not None:
            self.result.postings.append(posting)
            self.result.order.append(posting.uid)

    def at_now(self, outcome: FileOutcome) -> Posting:
        """The posting with its visibility as of `now` (the cache may be older than today)."""
        posting = outcome.posting
        visibility = visibility_of(outcome.dates, self.now, self.config.frontmatter_dates)
        if visibility != posting.visibility:
            return replace(posting, visibility=visibility)
        return remember_content_hash(posting, outcome.content_hash)

    def entry(self, listed: Listed) -> ContentEntry:
        return ContentEntry(Path(self.prefix + listed[0]), *listed[1:])

    def reparse(self, listed: Listed) -> Posting:
        """A cached posting whose stored copy went missing after the read (a build running at
        the same time, a damaged shard): parsed again."""
        outcome = self.parse_file(self.entry(listed))[0]
        if outcome.posting is None:
            reason = "; ".join(outcome.warnings) or "no longer a posting"
            raise InputError(listed[0], reason)
        return self.at_now(outcome)

    def parse(self, entry: ContentEntry, name: str) -> FileOutcome:
        outcome, stat, data = self.parse_file(entry)
        if self.cache is not None and stat is not None:
            self.cache.store(name, stat, data, outcome)
        return outcome

    def parse_file(self, entry: ContentEntry) -> tuple[FileOutcome, os.stat_result | None, bytes]:
        """What the file gave, its stat (None when it could not be read: not cached, the next
        read tries again) and its bytes. Any error is this file's outcome (a warning)."""
        stat, data = None, b""
        try:
            check_name(entry.content_path)
            data, stat = _read_bytes(entry.path, self.max_bytes)
            outcome = self.posting(entry, _read_text(data, stat.st_size, self.max_bytes))
        except Exception as error:  # whatever it is, only this file is lost
            outcome = FileOutcome(None, [skip_reason(error)])
        return outcome, stat, data

    def posting(self, entry: ContentEntry, text: str) -> FileOutcome:
        content = parse_content_file(text)
        front = content.front_matter
        title = _title(front)
        if not title:
            raise SkipFile("missing title in front matter")
        parsed = parse_markdown(content.body, anchor_style=self.config.anchor_style)
        fields = canonical_fields(front, parsed.links)
        sections = prose_sections(front, self.config.anchor_style) + parsed.sections
        if (facts := facts_section(fields, entry.language)) is not None:
            sections.append(facts)
        posting = Posting(
            id=site_relative(entry.path, self.site),
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
        dates = self.visibility_dates(front)
        return FileOutcome(posting, list(parsed.warnings), dates, posting.content_hash())

    def visibility_dates(self, front: dict[str, Any]) -> dict[str, Any]:
        dates = self.config.frontmatter_dates
        keys = {"draft", *date_keys("publishdate", dates), *date_keys("expirydate", dates)}
        return {key: front[key] for key in keys if key in front}

    @classmethod
    def open(
        cls,
        site: Path,
        base_url: str | None,
        name: str | None,
        now: datetime | None,
        max_bytes: int,
    ) -> _SiteReader:
        if not site.is_dir():
            raise InputError(str(site), "not a folder")
        warnings: list[SkipWarning] = []
        config = config_for_site(site, base_url, warnings)
        if not any((site / root.source).is_dir() for root in config.content_roots):
            raise InputError(str(site), "no content folder (content/ or the configured mounts)")
        reader = cls(site, config, name or site.resolve().name, now or datetime.now(UTC), max_bytes)
        reader.result.warnings.extend(warnings)
        return reader

    def run(self, sections: tuple[str, ...], cache_file: Path | None) -> None:
        if cache_file is None:
            for entry in content_entries(self.site, self.config, sections):
                name = site_relative(entry.path, self.site)
                with skipped_on_error(name, self.result.warnings):
                    self.add(name, self.parse(entry, name))
            return
        options = (repr(self.config), sections, self.name, self.max_bytes)
        key = repr((*options, str(self.site.resolve())))
        self.cache = ParseCache(cache_file, key, self.now)
        # a reader of its own: the cache outlives this one, which holds the whole result
        reparser = _SiteReader(self.site, self.config, self.name, self.now, self.max_bytes)
        self.cache.fallback = reparser.reparse
        for listed in self.listing(sections):
            with skipped_on_error(listed[0], self.result.warnings):
                self.read_cached(listed)
        self.cache.save()

    def listing(self, sections: tuple[str, ...]) -> list[Listed]:
        """The site's content files: as the cache listed them when the folders hold the same
        files (listing is cheap, sorting out pages and their languages is not)."""
        sources = [self.site / root.source for root in self.config.content_roots]
        fingerprint = folders_fingerprint(sources)
        if self.cache.listing[0] == fingerprint:
            return self.cache.listing[1]
        entries = content_entries(self.site, self.config, sections)
        listing = [
            (self.name_of(e.path), e.content_path, e.language, e.is_section_page) for e in entries
        ]
        self.cache.relisted(fingerprint, listing)
        return listing

    def name_of(self, path: Path) -> str:
        text = str(path)
        return (
            text[len(self.prefix) :]
            if text.startswith(self.prefix)
            else site_relative(path, self.site)
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
    cache_file: Path | None = None,
) -> ReadResult:
    """Postings of a Hugo site's indexed sections, plus a warning per file that was skipped.

    With `cache_file`, files unchanged since the last read with the same config are not parsed
    again (see `index.hugo.parse_cache`). Raises InputError naming the site (or its config file)
    when no base URL can be found.
    """
    reader = _SiteReader.open(Path(path), base_url, name, now, max_file_bytes)
    reader.run(tuple(sections), cache_file)
    return ReadResult(reader.result.postings, reader.result.warnings)


def read_hugo_site_incremental(
    path: Path,
    cache_file: Path,
    *,
    sections: tuple[str, ...] = DEFAULT_SECTIONS,
    base_url: str | None = None,
    name: str | None = None,
    now: datetime | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> IncrementalRead:
    """Like `read_hugo_site` with a cache, but postings of files unchanged since the cache was
    written (and still as visible) are not even unpickled: they come as `unchanged` uids with
    their content hash, for a build that already holds them."""
    reader = _SiteReader.open(Path(path), base_url, name, now, max_file_bytes)
    reader.lazy = True
    reader.run(tuple(sections), cache_file)
    return reader.result
