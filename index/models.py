"""The data every part of careers-bot shares: postings, their sections, and the chunks we index.

A source (a Hugo site, a markdown site, an ATS board) reads into `Posting`s; chunking turns each
posting into `Chunk`s; the store persists chunks with their vectors; search returns `Hit`s.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum


class Visibility(StrEnum):
    PUBLISHED = "published"
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    EXPIRED = "expired"


class SectionKind(StrEnum):
    BODY = "body"  # text under a heading of the posting (or before the first heading)
    FACTS = "facts"  # structured fields (front matter, ATS) as "Label: value" lines
    FIELD = "field"  # prose kept in a front-matter field, indexed as a section named by its key


# Canonical posting fields (issue 5). Sources map their own keys onto these.
CANONICAL_FIELDS = (
    "title",
    "date",
    "closes",
    "location",
    "team",
    "remote",
    "apply_url",
    "contact",
    "salary_min",
    "salary_max",
    "salary_currency",
    "employment_type",
)


@dataclass(frozen=True)
class Section:
    """One section of a posting's clean text.

    `text` is plain text with no markup; `sentences` are exact substrings of `text`, in order,
    so an answer can quote one or two of them verbatim.
    """

    heading: str
    heading_path: tuple[str, ...]
    anchor: str  # Hugo's anchor for the heading ("" for text before the first heading)
    text: str
    sentences: tuple[str, ...]
    kind: SectionKind = SectionKind.BODY


@dataclass
class Posting:
    """A job posting (or a section page such as `_index.md`) read from a source."""

    id: str  # path relative to the site root, e.g. "content/career/2026-cloud-engineer.md"
    site: str  # the source's name, e.g. the site folder name "safespring-web"
    title: str
    url: str  # public page URL
    language: str  # ISO 639-1 where known: "en", "sv", "nb", "nn", "da", ...
    visibility: Visibility
    sections: list[Section]
    fields: dict[str, str] = field(default_factory=dict)  # canonical fields, as strings
    is_section_page: bool = False
    translation_key: str = ""  # same value for translations of one posting

    @property
    def uid(self) -> str:
        """Unique across sites: ids repeat between sites (every Hugo site has content/career/)."""
        return f"{self.site}:{self.id}"

    def content_hash(self) -> str:
        """Hash of everything that ends up in the index, to re-embed only what changed."""
        # Field by field: `asdict` deep-copies every section, which dominated small rebuilds.
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["sections"] = [
            {name: getattr(section, name) for name in section.__dataclass_fields__}
            for section in self.sections
        ]
        payload = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chunk_id(posting_uid: str, n: int) -> str:
    """The id of a posting's n-th chunk."""
    return f"{posting_uid}#{n}"


@dataclass(frozen=True)
class Chunk:
    """The unit of retrieval: a section, or a part of a long one."""

    id: str  # f"{posting uid}#{n}"
    posting_uid: str
    posting_id: str
    site: str
    title: str
    language: str
    visibility: Visibility
    heading_path: tuple[str, ...]
    anchor: str
    url: str  # section URL: page URL + "#anchor" (page URL when there is no anchor)
    text: str
    sentences: tuple[str, ...]
    kind: SectionKind = SectionKind.BODY
    is_section_page: bool = False

    def embedding_text(self) -> str:
        """What we embed: the posting title and heading path give context to short sections."""
        context = " > ".join((self.title, *[h for h in self.heading_path if h]))
        return f"{context}\n{self.text}"


@dataclass(frozen=True)
class Hit:
    """A search result: a chunk and how well it matched."""

    chunk: Chunk
    score: float
    dense: float | None = None
    lexical: float | None = None


@dataclass
class ReadResult:
    """What reading a source gives: its postings, and a warning per file it had to skip."""

    postings: list[Posting] = field(default_factory=list)
    warnings: list[SkipWarning] = field(default_factory=list)


@dataclass(frozen=True)
class SkipWarning:
    path: str
    reason: str

    def __post_init__(self) -> None:
        # a file name that is not UTF-8 comes with its odd bytes as surrogates, which no UTF-8
        # output can print: shown as escapes (`caf\xe9.md`)
        shown = self.path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        object.__setattr__(self, "path", shown)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
