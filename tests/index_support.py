"""Helpers for the index tests: postings built in code, and a source that serves them."""

from __future__ import annotations

from index.errors import SourceFetchError
from index.models import Posting, ReadResult, Section, SectionKind, Visibility


def make_posting(
    slug: str,
    title: str,
    body: dict[str, str],
    *,
    site: str = "acme",
    language: str = "en",
    visibility: Visibility = Visibility.PUBLISHED,
    fields: dict[str, str] | None = None,
) -> Posting:
    """A posting with one body section per (heading, text) and a facts section from `fields`."""
    sections = [
        Section(heading, (heading,) if heading else (), _anchor(heading), text, _sentences(text))
        for heading, text in body.items()
    ]
    fields = fields or {}
    if fields:
        lines = "\n".join(f"{key}: {value}" for key, value in fields.items())
        sections.append(Section("", (), "", lines, tuple(lines.split("\n")), SectionKind.FACTS))
    prefix = "" if language == "en" else f"{language}/"
    return Posting(
        id=f"content/{prefix}career/{slug}.md",
        site=site,
        title=title,
        url=f"https://{site}.example/{prefix}career/{slug}/",
        language=language,
        visibility=visibility,
        sections=sections,
        fields=fields,
    )


def _anchor(heading: str) -> str:
    return "-".join(heading.lower().split())


def _sentences(text: str) -> tuple[str, ...]:
    return tuple(part.strip() + "." for part in text.split(".") if part.strip())


class ListSource:
    """A source serving postings held in memory; `fail` makes it unavailable."""

    def __init__(self, name: str, postings: list[Posting], warnings=()):
        self.name = name
        self.postings = postings
        self.warnings = list(warnings)
        self.fail = False

    def read(self) -> ReadResult:
        if self.fail:
            raise SourceFetchError(f"{self.name}: board did not answer")
        return ReadResult(list(self.postings), list(self.warnings))
