"""What every ATS job board source shares: fetch, map each job, build `Posting`s.

A board subclass fetches its jobs as JSON and maps one job to a `BoardJob` (canonical fields,
the HTML description, the posting page); this module turns that into a `Posting` with sections
from the HTML and a FACTS section, and reports jobs it can't map as `SkipWarning`s.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

from index.errors import SourceFetchError
from index.models import Posting, ReadResult, Section, SectionKind, SkipWarning, Visibility
from index.skips import SkipFile, skipped_on_error
from index.sources.http import DEFAULT_CACHE_DIR, JsonFetcher
from index.text.sentences import split_sentences

DEFAULT_LANGUAGE = "en"


@dataclass
class BoardJob:
    """One job as an ATS gives it, mapped to careers-bot's names."""

    job_id: str
    title: str
    url: str  # the posting's own public page
    html: str  # the description, as HTML (possibly entity-escaped)
    fields: dict[str, str] = field(default_factory=dict)  # canonical names → strings
    notes: dict[str, str] = field(default_factory=dict)  # extra prose to quote: heading → text
    language: str | None = None


class BoardSource(ABC):
    """A job board read over HTTP; subclasses say where the jobs are and how to map one."""

    type_name: ClassVar[str]

    def __init__(
        self,
        board: str,
        *,
        base_url: str,
        name: str | None = None,
        language: str | None = None,
        anchor_style: str | None = None,
        fetcher: JsonFetcher | None = None,
    ):
        self.board = board
        self.base_url = base_url.rstrip("/")
        self.name = name or board
        self.language = language
        self.anchor_style = anchor_style
        self.fetcher = fetcher or JsonFetcher(DEFAULT_CACHE_DIR)

    @classmethod
    def from_spec(cls, spec: Any, *, cache_dir: Path | None) -> BoardSource:
        fetcher = JsonFetcher(cache_dir, spec.http_settings())
        return cls(
            spec.default_name(),
            base_url=spec.base_url,
            name=spec.name,
            language=spec.language,
            anchor_style=spec.anchor_style,
            fetcher=fetcher,
        )

    @abstractmethod
    def fetch_jobs(self) -> list[Any]:
        """Every job on the board as the API gives it (each should be a JSON object);
        `SourceFetchError` when unavailable."""

    @abstractmethod
    def map_job(self, job: dict[str, Any]) -> BoardJob:
        """One job in careers-bot's terms; KeyError/TypeError/ValueError when it can't be."""

    def read(self) -> ReadResult:
        try:
            jobs = self.fetch_jobs()
        finally:
            self.fetcher.close()
        result = ReadResult()
        for number, job in enumerate(jobs):
            where = f"{self.type_name}/{self.board}/{_job_id(job, number)}"
            with skipped_on_error(where, result.warnings):
                if not isinstance(job, dict):
                    raise SkipFile(f"not a job object but {type(job).__name__}")
                if job.get("id") in (None, ""):  # its posting would have no lasting name
                    raise SkipFile("no job id")
                result.postings.append(self._posting(self.map_job(job), result.warnings))
        return result

    def _posting(self, job: BoardJob, warnings: list[SkipWarning]) -> Posting:
        from index.text.facts import facts_section
        from index.text.html import html_to_sections

        posting_id = f"{self.type_name}/{self.board}/{job.job_id}"
        if not job.title.strip():
            raise SkipFile("no title")
        sections, problems = html_to_sections(job.html, anchor_style=self.anchor_style)
        warnings.extend(SkipWarning(posting_id, problem) for problem in problems)
        sections.extend(_note_sections(job.notes))
        language = self.language or job.language or detect_language(sections)
        fields = {key: value for key, value in job.fields.items() if value}
        facts = facts_section(fields, language)
        if facts is not None:
            sections.append(facts)
        return Posting(
            id=posting_id,
            site=self.name,
            title=job.title.strip(),
            url=job.url,
            language=language,
            visibility=Visibility.PUBLISHED,  # boards only publish open jobs
            sections=sections,
            fields=fields,
            translation_key=posting_id,
        )

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.fetcher.get_json(f"{self.base_url}{path}", params)


def expect(condition: bool, url: str, what: str) -> None:
    """A response that isn't shaped like the API's makes the whole board unavailable."""
    if not condition:
        raise SourceFetchError(f"{url}: malformed response ({what})")


def _job_id(job: Any, number: int) -> str:
    """The job's id, else its place in the board's list (#1 is the first)."""
    job_id = job.get("id") if isinstance(job, dict) else None
    return str(job_id) if job_id not in (None, "") else f"#{number + 1}"


def _note_sections(notes: dict[str, str]) -> list[Section]:
    sections = []
    for heading, text in notes.items():
        clean = text.strip()
        if clean:
            sections.append(
                Section(heading, (heading,), "", clean, split_sentences(clean), SectionKind.FIELD)
            )
    return sections


def detect_language(sections: list[Section]) -> str:
    text = " ".join(section.text for section in sections)[:2000]
    if len(text.split()) < 5:
        return DEFAULT_LANGUAGE
    import py3langid

    language, _score = py3langid.classify(text)
    return {"no": "nb"}.get(language, language) or DEFAULT_LANGUAGE


def salary_note(fields: dict[str, str], period: Any, *extra: str) -> dict[str, str]:
    """A quotable "Salary" section with what the FACTS line lacks: the pay period, the ATS's text.

    `period` as the APIs give it: "year", "month", "per-year-salary", "per-hour-wage".
    """
    low, high = fields.get("salary_min", ""), fields.get("salary_max", "")
    amount = f"{low}–{high}" if low and high and low != high else low or high
    lines = [line.strip() for line in extra if line and line.strip()]
    words = str(period or "").lower().replace("-salary", "").replace("-wage", "")
    words = words.replace("-", " ").strip()
    if amount and words:
        per = words if words.startswith("per ") else f"per {words}"
        shown = " ".join(part for part in (amount, fields.get("salary_currency", ""), per) if part)
        lines.insert(0, shown)
    return {"Salary": "\n".join(lines)} if lines else {}


def salary_fields(salary: dict) -> dict[str, str]:
    """A board's {min, max, currency} salary as canonical posting fields."""
    return {
        "salary_min": format_amount(salary.get("min")),
        "salary_max": format_amount(salary.get("max")),
        "salary_currency": str(salary.get("currency") or ""),
    }


def format_amount(value: Any, *, cents: bool = False) -> str:
    """`12000000` cents → "120000"; `85000.0` → "85000"; "18.50" stays "18.50"."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value).strip()
    if cents:
        amount = amount / 100
    if amount == amount.to_integral_value():
        return str(amount.to_integral_value())
    return str(amount.normalize()) if cents else str(value).strip()


def iso_date(value: Any) -> str:
    """An ISO 8601 timestamp or epoch milliseconds → "YYYY-MM-DD" ("" when absent)."""
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, tz=UTC).date().isoformat()
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return text[:10]
