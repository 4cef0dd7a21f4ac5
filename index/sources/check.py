"""What `careers-bot sources check` reports per source: postings found, fields it could not map."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from index.errors import CareersBotError
from index.models import CANONICAL_FIELDS, ReadResult
from index.sources.base import Source

SALARY_FIELDS = ("salary_min", "salary_max", "salary_currency")


@dataclass
class SourceCheck:
    name: str
    kind: str
    postings: int = 0
    by_visibility: dict[str, int] = field(default_factory=dict)
    field_counts: dict[str, int] = field(default_factory=dict)  # canonical field → postings with it
    skipped: list[str] = field(default_factory=list)
    missing_mapped: list[str] = field(default_factory=list)  # `fields` keys no file has
    unmapped_keys: list[str] = field(default_factory=list)  # front-matter keys nothing uses
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def missing_fields(self) -> list[str]:
        """Canonical fields (title aside) that no posting of the source has."""
        return [
            name for name in CANONICAL_FIELDS if name != "title" and not self.field_counts.get(name)
        ]


def check_source(source: Source) -> SourceCheck:
    """Read one source and describe what came out; a failure is reported, not raised."""
    result = SourceCheck(name=source.name, kind=_kind(source))
    try:
        read = source.read()
    except CareersBotError as error:
        result.error = str(error)
        return result
    _count(result, read)
    report = getattr(source, "report", None)
    if report is not None:
        result.missing_mapped = sorted(report.missing_mapped)
        result.unmapped_keys = [f"{key} ({n})" for key, n in report.unmapped_keys.most_common()]
    return result


def _count(result: SourceCheck, read: ReadResult) -> None:
    result.postings = len(read.postings)
    result.by_visibility = dict(Counter(str(p.visibility) for p in read.postings))
    counts: Counter[str] = Counter()
    for posting in read.postings:
        counts.update(name for name, value in posting.fields.items() if value)
    result.field_counts = {name: counts[name] for name in CANONICAL_FIELDS if counts[name]}
    result.skipped = [str(warning) for warning in read.warnings]


def _kind(source: Source) -> str:
    kind = getattr(source, "type_name", None)
    if kind:
        return str(kind)
    return type(source).__name__.removesuffix("Source").lower() or "source"
