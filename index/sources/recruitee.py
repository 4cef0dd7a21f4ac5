"""Recruitee Careers Site API: `GET {base_url}/api/offers/`.

The answer is `{"offers": [...]}`; each offer has `title`, `location` (or `city`/`country`),
`department`, `remote`/`hybrid`/`on_site`, `employment_type_code`, `description` and
`requirements` (HTML), `careers_url`, `careers_apply_url`, `published_at`, `close_at` and
optionally `salary` {min, max, currency, period}.
"""

from __future__ import annotations

from typing import Any

from index.sources.ats import (
    BoardJob,
    BoardSource,
    expect,
    iso_date,
    salary_fields,
    salary_note,
)

REQUIREMENTS_HEADING = "Requirements"


class RecruiteeSource(BoardSource):
    type_name = "recruitee"

    def fetch_jobs(self) -> list[Any]:
        data = self.get_json("/api/offers/")
        url = f"{self.base_url}/api/offers/"
        expect(isinstance(data, dict) and isinstance(data.get("offers"), list), url, "no `offers`")
        return data["offers"]

    def map_job(self, job: dict[str, Any]) -> BoardJob:
        salary = job.get("salary") or {}
        fields = {
            "date": iso_date(job.get("published_at") or job.get("created_at")),
            "closes": iso_date(job.get("close_at")),
            "location": _location(job),
            "team": str(job.get("department") or ""),
            "remote": _remote(job),
            "employment_type": _humanize(job.get("employment_type_code")),
            "apply_url": str(job.get("careers_apply_url") or ""),
            **salary_fields(salary),
        }
        return BoardJob(
            job_id=str(job["id"]),
            title=job["title"],
            url=job["careers_url"],
            html=_description_html(job),
            fields=fields,
            notes=salary_note(fields, salary.get("period")),
            language=_language(job),
        )


def _location(job: dict[str, Any]) -> str:
    if job.get("location"):
        return str(job["location"])
    return ", ".join(str(job[key]) for key in ("city", "country") if job.get(key))


def _remote(job: dict[str, Any]) -> str:
    if job.get("remote"):
        return "Yes"
    if job.get("hybrid"):
        return "Hybrid"
    if job.get("on_site"):
        return "No, on-site"
    return ""


def _humanize(code: Any) -> str:
    """`fulltime_permanent` → "Fulltime permanent"."""
    text = str(code or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _language(job: dict[str, Any]) -> str | None:
    code = job.get("language_code") or job.get("lang_code") or job.get("language")
    return str(code).split("-")[0].lower() if isinstance(code, str) and code else None


def _description_html(job: dict[str, Any]) -> str:
    description = str(job.get("description") or "")
    requirements = str(job.get("requirements") or "").strip()
    if requirements and not requirements.lstrip().lower().startswith(("<h1", "<h2", "<h3", "<h4")):
        requirements = f"<h2>{REQUIREMENTS_HEADING}</h2>{requirements}"
    return f"{description}\n{requirements}"
