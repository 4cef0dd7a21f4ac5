"""Lever Postings API: `GET {base_url}/v0/postings/{site}?mode=json`, paged with skip/limit.

Each posting has `text` (the title), `categories` (location, team, department, commitment),
`workplaceType`, `description` (HTML), `lists` ([{text, content}]), `additional`, `hostedUrl`,
`applyUrl`, `createdAt` (epoch ms) and optionally `salaryRange` {min, max, currency, interval}
with `salaryDescriptionPlain`.
"""

from __future__ import annotations

from html import escape
from typing import Any

from index.sources.ats import (
    BoardJob,
    BoardSource,
    expect,
    iso_date,
    salary_fields,
    salary_note,
)

MAX_PAGES = 200  # a guard against a server that never returns a short page
_WORKPLACE = {"remote": "Yes", "hybrid": "Hybrid", "on-site": "No, on-site"}


class LeverSource(BoardSource):
    type_name = "lever"
    page_size = 100

    @classmethod
    def from_spec(cls, spec: Any, *, cache_dir: Any) -> LeverSource:
        source = super().from_spec(spec, cache_dir=cache_dir)
        source.page_size = spec.page_size
        return source

    def fetch_jobs(self) -> list[Any]:
        path = f"/v0/postings/{self.board}"
        jobs: list[Any] = []
        for page in range(MAX_PAGES):
            params = {"mode": "json", "skip": page * self.page_size, "limit": self.page_size}
            batch = self.get_json(path, params)
            expect(isinstance(batch, list), f"{self.base_url}{path}", "not a list of postings")
            jobs.extend(batch)
            if len(batch) < self.page_size:
                break
        return jobs

    def map_job(self, job: dict[str, Any]) -> BoardJob:
        categories = job.get("categories") or {}
        salary = job.get("salaryRange") or {}
        fields = {
            "date": iso_date(job.get("createdAt")),
            "location": _location(categories),
            "team": categories.get("team") or categories.get("department") or "",
            "employment_type": categories.get("commitment") or "",
            "remote": _workplace(job.get("workplaceType")),
            "apply_url": job.get("applyUrl") or "",
            **salary_fields(salary),
        }
        return BoardJob(
            job_id=str(job["id"]),
            title=job["text"],
            url=job["hostedUrl"],
            html=_description_html(job),
            fields=fields,
            notes=salary_note(
                fields, salary.get("interval"), str(job.get("salaryDescriptionPlain") or "")
            ),
        )


def _workplace(value: Any) -> str:
    return _WORKPLACE.get(str(value or "").lower().replace("onsite", "on-site"), "")


def _location(categories: dict[str, Any]) -> str:
    every = categories.get("allLocations")
    if isinstance(every, list) and len(every) > 1:
        return "; ".join(map(str, every))
    return str(categories.get("location") or "")


def _description_html(job: dict[str, Any]) -> str:
    """The posting page's text: description, each list under its heading, closing text."""
    plain = str(job.get("descriptionPlain") or "")
    parts = [job.get("description") or _paragraphs(plain)]
    for block in job.get("lists") or []:
        if isinstance(block, dict) and block.get("content"):
            parts.append(f"<h3>{escape(str(block.get('text') or ''))}</h3>")
            parts.append(f"<ul>{block['content']}</ul>")
    parts.append(job.get("additional") or "")
    return "\n".join(part for part in parts if part)


def _paragraphs(plain: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in plain.splitlines() if line.strip())
