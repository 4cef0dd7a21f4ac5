"""Any markdown + front-matter site (Jekyll, Gatsby, Next.js, Astro, Eleventy, DocPad, …).

Files are found with `glob` under the site folder; fields come from the front matter (a key with
the canonical name needs no mapping, `fields` maps the others, and common synonyms are found as
for Hugo); the public URL comes from the `url` template (`{field}`, `{stem}`, `{slug}`) or from
`base_url` plus the file's `permalink` / `path` / `url`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from index.errors import InputError
from index.hugo.fields import (
    NOT_PROSE,
    SALARY_KEYS,
    SYNONYMS,
    canonical_fields,
    flatten,
    normalize_key,
    prose_sections,
)
from index.hugo.frontmatter import parse_content_file
from index.hugo.visibility import is_true, visibility_of
from index.models import CANONICAL_FIELDS, Posting, ReadResult, Visibility
from index.skips import check_name, is_file_or_broken_link, skipped_on_error
from index.sources.ats import detect_language
from index.sources.liquid import liquid_text, render_liquid
from index.sources.specs import MarkdownSpec
from index.text.facts import facts_section
from index.text.markdown import parse_markdown

MAX_FILE_BYTES = 2_000_000
_DATE_FIELDS = ("date", "closes")
_PATH_KEYS = ("permalink", "path", "url", "slug")
_STRUCTURAL = frozenset(
    {"permalink", "path", "url", "slug", "layout", "template", "published", "draft", "lang"}
    | {"language", "locale", "state", "status", "tags", "categories", "id", "ref"}
)
_KNOWN_KEYS = frozenset(
    {key for keys in SYNONYMS.values() for key in keys} | set(SALARY_KEYS) | NOT_PROSE
)
_JEKYLL_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_ESM_LINE = re.compile(r"^(?:import|export)\s.*$", re.MULTILINE)


@dataclass
class MappingReport:
    """What `sources check` says about a markdown source's field mapping."""

    files: int = 0
    unmapped_keys: Counter[str] = field(default_factory=Counter)  # front-matter keys left unused
    missing_mapped: set[str] = field(default_factory=set)  # `fields` keys no file has


class MarkdownSource:
    def __init__(self, spec: MarkdownSpec, *, now: datetime | None = None):
        self.spec = spec
        self.name = spec.name or spec.path.name
        self.now = now or datetime.now(UTC)
        self.report = MappingReport()

    def read(self) -> ReadResult:
        root = self.spec.path
        if not root.is_dir():
            raise InputError(str(root), "markdown site folder not found")
        self.report = MappingReport(missing_mapped=set(self.spec.fields.values()))
        expired = set(_glob(root, self.spec.expired_glob))
        result = ReadResult()
        for path in _glob(root, self.spec.glob):
            relative = path.relative_to(root).as_posix()
            with skipped_on_error(relative, result.warnings):
                if (posting := self._read_file(path, relative, path in expired)) is not None:
                    result.postings.append(posting)
        return result

    def _read_file(self, path: Path, relative: str, expired: bool) -> Posting | None:
        check_name(relative)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(relative, f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
        raw = path.read_bytes()
        if not raw.strip():
            raise InputError(relative, "empty file")
        content = parse_content_file(raw.decode("utf-8"))
        front = content.front_matter
        visibility = self._visibility(front, expired, "_drafts" in Path(relative).parts)
        if visibility is None:
            return None
        self.report.files += 1
        body = _without_esm(content.body) if path.suffix == ".mdx" else content.body
        parsed = parse_markdown(render_liquid(body, front), anchor_style=self.spec.anchor_style)
        fields, written = self._fields(front, parsed.links)
        title = fields.pop("title", "") or _first_h1(content.body)
        if not title:
            raise InputError(relative, 'no title (map one with fields = { title = "…" })')
        language = self.spec.language or _language_of(front) or detect_language(parsed.sections)
        sections = list(parsed.sections)
        sections += prose_sections(self._unmapped(front), self.spec.anchor_style)
        if (facts := facts_section(fields, language, written)) is not None:
            sections.append(facts)
        return Posting(
            id=relative,
            site=self.name,
            title=title,
            url=self._url(front, path, title),
            language=language,
            visibility=visibility,
            sections=sections,
            fields=fields,
            translation_key=liquid_text(front.get("translationkey") or front.get("ref"))
            or relative,
        )

    def _visibility(
        self, front: dict[str, Any], expired: bool, in_drafts: bool
    ) -> Visibility | None:
        if in_drafts or is_true(front.get("draft", False)) or front.get("published") is False:
            return Visibility.DRAFT if self.spec.include_drafts else None
        if expired or not self._is_open(front):
            return Visibility.EXPIRED
        return visibility_of({k: v for k, v in front.items() if k != "published"}, self.now)

    def _is_open(self, front: dict[str, Any]) -> bool:
        flat = flatten(front)
        for key, allowed in self.spec.open_when.items():
            value = liquid_text(flat.get(normalize_key(key))).strip().lower()
            if value not in {str(option).strip().lower() for option in allowed}:
                return False
        return True

    def _fields(
        self, front: dict[str, Any], links: list[tuple[str, str]]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """The canonical fields (dates as ISO dates), and dates as the posting writes them."""
        # Jekyll's `published: true` is a flag, not the publication date.
        dated = {k: v for k, v in front.items() if not (k == "published" and isinstance(v, bool))}
        fields = canonical_fields(dated, links)
        flat = flatten(front)
        if "title" in flat:
            fields["title"] = liquid_text(flat["title"]).strip()
        for canonical, key in self.spec.fields.items():
            value = flat.get(normalize_key(key))
            if value is not None and value != "":
                fields[canonical] = " ".join(liquid_text(value).split())
                self.report.missing_mapped.discard(key)
        written = {}
        for name in _DATE_FIELDS:
            if name in fields:
                written[name] = fields[name].strip()
                fields[name] = self._iso_date(fields[name])
        return {key: value for key, value in fields.items() if value}, written

    def _iso_date(self, value: str) -> str:
        value = value.strip()
        if self.spec.date_format:
            try:
                return datetime.strptime(value, self.spec.date_format).date().isoformat()
            except ValueError:
                pass
        return value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else value

    def _unmapped(self, front: dict[str, Any]) -> dict[str, Any]:
        """Front matter without the keys a mapping or the structure of the site already uses."""
        mapped = {normalize_key(key) for key in self.spec.fields.values()}
        mapped |= {normalize_key(key) for key in self.spec.open_when}
        mapped |= {normalize_key(name) for name in CANONICAL_FIELDS}
        rest = {}
        for key, value in front.items():
            normalized = normalize_key(key)
            if normalized in mapped or key in _STRUCTURAL:
                continue
            rest[key] = value
            short = not isinstance(value, dict | list) and len(liquid_text(value).split()) < 4
            if short and normalized not in _KNOWN_KEYS:
                self.report.unmapped_keys[key] += 1
        return rest

    def _url(self, front: dict[str, Any], path: Path, title: str) -> str:
        values = {key: liquid_text(value) for key, value in flatten(front).items()}
        values["stem"] = _stem(path)
        values["slug"] = liquid_text(front.get("slug")) or _slugify(values["stem"] or title)
        if self.spec.url:
            missing = [
                name
                for name in _PLACEHOLDER.findall(self.spec.url)
                if not values.get(normalize_key(name)) and not values.get(name)
            ]
            if missing:
                raise InputError(path.name, f"url template needs {{{missing[0]}}}: not set here")
            return _PLACEHOLDER.sub(
                lambda m: values.get(m.group(1)) or values[normalize_key(m.group(1))],
                self.spec.url,
            )
        page_path = next((values[key] for key in _PATH_KEYS if values.get(key)), values["slug"])
        return urljoin(str(self.spec.base_url).rstrip("/") + "/", page_path.lstrip("/"))


def _glob(root: Path, patterns: str | list[str] | None) -> list[Path]:
    if not patterns:
        return []
    found: set[Path] = set()
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
        found.update(path for path in root.glob(pattern) if is_file_or_broken_link(path))
    return sorted(found)


def _without_esm(body: str) -> str:
    """MDX bodies start with `import`/`export` lines that are code, not text."""
    return _ESM_LINE.sub("", body)


def _first_h1(body: str) -> str:
    match = _H1.search(body)
    return match.group(1).strip() if match else ""


def _language_of(front: dict[str, Any]) -> str | None:
    value = front.get("lang") or front.get("language") or front.get("locale")
    return str(value).split("-")[0].split("_")[0].lower() if isinstance(value, str) else None


def _stem(path: Path) -> str:
    """The file name without extension; a bundle's folder name for `index.md`."""
    return path.parent.name if path.stem in ("index", "_index") else path.stem


def _slugify(text: str) -> str:
    text = _JEKYLL_DATE_PREFIX.sub("", text)
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")
