"""Published, draft, scheduled or expired, from front matter as Hugo decides it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from index.models import Visibility

# Hugo's defaults: publishDate falls back to `date`; a date in the future is not built.
DEFAULT_DATE_KEYS = {
    "date": ["date", "publishdate", "pubdate", "published", "lastmod", "modified"],
    "publishdate": ["publishdate", "pubdate", "published", "date"],
    "expirydate": ["expirydate", "unpublishdate"],
}


def to_datetime(value: Any) -> datetime | None:
    """A front-matter date (YAML/TOML date, datetime or ISO string) as an aware datetime."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            try:
                result = datetime.fromisoformat(text[:10])
            except ValueError:
                return None
    else:
        return None
    return result if result.tzinfo else result.replace(tzinfo=UTC)


def is_true(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value)


def date_keys(kind: str, configured: dict[str, list[str]] | None = None) -> list[str]:
    keys = (configured or {}).get(kind)
    if not keys:
        return DEFAULT_DATE_KEYS[kind]
    out: list[str] = []
    for key in keys:
        out += DEFAULT_DATE_KEYS[kind] if key == ":default" else [key.lstrip(":")]
    return out


def first_date(front_matter: dict[str, Any], keys: list[str]) -> datetime | None:
    for key in keys:
        if (when := to_datetime(front_matter.get(key))) is not None:
            return when
    return None


def visibility_of(
    front_matter: dict[str, Any],
    now: datetime,
    configured: dict[str, list[str]] | None = None,
) -> Visibility:
    if is_true(front_matter.get("draft", False)):
        return Visibility.DRAFT
    published = first_date(front_matter, date_keys("publishdate", configured))
    if published is not None and published > now:
        return Visibility.SCHEDULED
    expires = first_date(front_matter, date_keys("expirydate", configured))
    if expires is not None and expires <= now:
        return Visibility.EXPIRED
    return Visibility.PUBLISHED
