"""Public URLs of pages as Hugo makes them: permalink patterns, slugs, language prefixes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from index.hugo.config import SiteConfig
from index.text.anchors import remove_accents

_SAFE_PATH = "/-._~!$&'()*+,;=:@%"
_TOKEN = re.compile(r":([a-z]+)")


def _is_allowed_path_char(ch: str) -> bool:
    return (
        ch.isalpha()
        or unicodedata.category(ch) == "Nd"
        or ch in "./\\_#+~-@%"
        or unicodedata.category(ch).startswith("M")
    )


def sanitize_path(text: str) -> str:
    """Hugo's paths.Sanitize: spaces become one hyphen, disallowed characters are dropped."""
    out: list[str] = []
    prepend_hyphen = was_hyphen = False
    for ch in text:
        if ch != " " and _is_allowed_path_char(ch):
            was_hyphen = ch == "-"
            if prepend_hyphen and not was_hyphen:
                out.append("-")
            prepend_hyphen = False
            out.append(ch)
        elif out and not was_hyphen and ch.isspace():
            prepend_hyphen = True
    return "".join(out)


def make_path(text: str, config: SiteConfig) -> str:
    """Hugo's MakePathSanitized: sanitize, remove accents if configured, lower-case."""
    path = sanitize_path(text)
    if config.remove_path_accents:
        path = remove_accents(path)
    return path if config.disable_path_to_lower else path.lower()


@dataclass
class PageInfo:
    """What a page's URL depends on."""

    content_path: str  # path in Hugo's content tree, e.g. "career/2026-cloud-engineer.md"
    language: str
    title: str
    slug: str | None = None
    url: str | None = None
    date: date | datetime | None = None
    is_section_page: bool = False

    @property
    def dirs(self) -> list[str]:
        return [p for p in self.content_path.split("/")[:-1] if p]

    @property
    def is_bundle(self) -> bool:
        return self.content_path.rsplit("/", 1)[-1].split(".")[0] == "index"

    @property
    def base_name(self) -> str:
        if self.is_bundle and self.dirs:
            return self.dirs[-1]
        return self.content_path.rsplit("/", 1)[-1].split(".")[0]


def _token_value(token: str, page: PageInfo, config: SiteConfig) -> str | None:
    when = page.date
    dirs = page.dirs[:-1] if page.is_bundle else page.dirs
    values = {
        "section": dirs[0] if dirs else "",
        "sections": "/".join(dirs),
        "title": make_path(page.title, config),
        "slug": make_path(page.slug or page.title, config),
        "filename": make_path(page.base_name, config),
        "contentbasename": make_path(page.base_name, config),
        "slugorfilename": make_path(page.slug or page.base_name, config),
        "slugorcontentbasename": make_path(page.slug or page.base_name, config),
    }
    if when is not None:
        values.update(
            year=f"{when.year:04d}",
            month=f"{when.month:02d}",
            day=f"{when.day:02d}",
            monthname=when.strftime("%B").lower(),
            yearday=f"{when.timetuple().tm_yday:03d}",
            weekday=str(when.isoweekday() % 7),
            weekdayname=when.strftime("%A").lower(),
        )
    return values.get(token)


def expand_pattern(pattern: str, page: PageInfo, config: SiteConfig) -> str:
    def replace(match: re.Match[str]) -> str:
        value = _token_value(match.group(1), page, config)
        return match.group(0) if value is None else value

    path = _TOKEN.sub(replace, pattern)
    return re.sub(r"/{2,}", "/", path)


def _default_path(page: PageInfo, config: SiteConfig) -> str:
    dirs = page.dirs[:-1] if page.is_bundle else page.dirs
    if page.is_section_page:
        return "/" + "/".join(make_path(d, config) for d in page.dirs) + "/"
    last = make_path(page.slug, config) if page.slug else make_path(page.base_name, config)
    path = "/" + "/".join([*(make_path(d, config) for d in dirs), last])
    return path + ".html" if config.ugly_urls else path + "/"


def _pattern_for(page: PageInfo, config: SiteConfig) -> str | None:
    language = config.languages.get(page.language)
    permalinks = language.permalinks if language else config.permalinks
    table = permalinks.section if page.is_section_page else permalinks.page
    dirs = [d.lower() for d in page.dirs]
    for key in ("/".join(dirs), dirs[0] if dirs else ""):
        if key and key in table:
            return table[key]
    return None


def page_path(page: PageInfo, config: SiteConfig) -> str:
    """The page's path below its language's base URL, starting and (usually) ending with /."""
    if page.url:
        return page.url if page.url.startswith("/") else "/" + page.url
    pattern = _pattern_for(page, config)
    if pattern is None or (page.is_bundle and page.is_section_page):
        return _default_path(page, config)
    path = expand_pattern(pattern, page, config)
    return path if path.startswith("/") else "/" + path


def language_base(language: str, config: SiteConfig, fallback: str) -> tuple[str, str]:
    """(base URL, language prefix) for pages of `language`."""
    lang = config.languages.get(language)
    if lang and lang.base_url:
        return lang.base_url, ""
    base = config.base_url or fallback
    needs_prefix = config.multilingual and (
        language != config.default_language or config.default_language_in_subdir
    )
    return base, f"/{language}" if needs_prefix else ""


def page_url(page: PageInfo, config: SiteConfig, fallback_base: str = "") -> str:
    """The absolute public URL of a page."""
    if page.url and re.match(r"^https?://", page.url):
        return page.url
    base, prefix = language_base(page.language, config, fallback_base)
    path = quote(prefix + page_path(page, config), safe=_SAFE_PATH)
    return base.rstrip("/") + path
