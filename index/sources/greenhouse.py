"""Greenhouse Job Board API: `GET {base_url}/v1/boards/{board}/jobs?content=true`.

Each job has `title`, `location.name`, `departments`, `offices`, `content` (entity-escaped HTML),
`absolute_url`, `updated_at` / `first_published`, `metadata` (custom fields) and, with
`pay_transparency=true`, `pay_input_ranges` (`min_cents`, `max_cents`, `currency_type`, `title`).
"""

from __future__ import annotations

from typing import Any

from index.sources.ats import BoardJob, BoardSource, expect, format_amount, iso_date
from index.text.html_text import html_to_lines

_REMOTE_KEYS = ("remote", "workplace", "work model", "work arrangement", "location type")
_EMPLOYMENT_KEYS = ("employment type", "employment", "commitment", "job type", "contract")


class GreenhouseSource(BoardSource):
    type_name = "greenhouse"

    def fetch_jobs(self) -> list[Any]:
        path = f"/v1/boards/{self.board}/jobs"
        data = self.get_json(path, {"content": "true", "pay_transparency": "true"})
        url = f"{self.base_url}{path}"
        expect(isinstance(data, dict) and isinstance(data.get("jobs"), list), url, "no `jobs` list")
        return data["jobs"]

    def map_job(self, job: dict[str, Any]) -> BoardJob:
        metadata = _metadata(job.get("metadata"))
        location = (job.get("location") or {}).get("name") or _names(job.get("offices"))
        fields = {
            "date": iso_date(job.get("first_published") or job.get("updated_at")),
            "location": location,
            "team": _names(job.get("departments")),
            "remote": _lookup(metadata, _REMOTE_KEYS) or _remote_from_location(location),
            "employment_type": _lookup(metadata, _EMPLOYMENT_KEYS),
            "apply_url": job["absolute_url"],
            **_salary(job.get("pay_input_ranges")),
        }
        return BoardJob(
            job_id=str(job["id"]),
            title=job["title"],
            url=job["absolute_url"],
            html=job.get("content") or "",
            fields=fields,
            notes=_pay_notes(job.get("pay_input_ranges")),
            language=job.get("language") or None,
        )


def _names(items: Any) -> str:
    names = [item.get("name", "") for item in items or [] if isinstance(item, dict)]
    return ", ".join(name for name in names if name)


def _metadata(items: Any) -> dict[str, str]:
    """Custom fields by lower-cased name; list values joined."""
    out: dict[str, str] = {}
    for item in items or []:
        if not isinstance(item, dict) or not item.get("name") or item.get("value") in (None, ""):
            continue
        value = item["value"]
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        out[str(item["name"]).strip().lower()] = text
    return out


def _lookup(metadata: dict[str, str], keys: tuple[str, ...]) -> str:
    for name, value in metadata.items():
        if any(key in name for key in keys):
            return value
    return ""


def _remote_from_location(location: str) -> str:
    return "Yes" if "remote" in location.lower() else ""


def _salary(ranges: Any) -> dict[str, str]:
    if not ranges or not isinstance(ranges, list) or not isinstance(ranges[0], dict):
        return {}
    first = ranges[0]
    return {
        "salary_min": format_amount(first.get("min_cents"), cents=True),
        "salary_max": format_amount(first.get("max_cents"), cents=True),
        "salary_currency": str(first.get("currency_type") or ""),
    }


def _pay_notes(ranges: Any) -> dict[str, str]:
    """Every pay range as shown on the posting page (title, amounts, blurb), to be quotable."""
    lines = []
    for pay in ranges or []:
        if not isinstance(pay, dict):
            continue
        low = format_amount(pay.get("min_cents"), cents=True)
        high = format_amount(pay.get("max_cents"), cents=True)
        amount = f"{low}–{high}" if low and high and low != high else low or high
        shown = " ".join(part for part in (amount, str(pay.get("currency_type") or "")) if part)
        label = str(pay.get("title") or "").strip()
        lines.append(f"{label}: {shown}" if label else shown)
        lines.extend(html_to_lines(str(pay.get("blurb") or "")))
    return {"Pay range": "\n".join(lines)} if lines else {}
