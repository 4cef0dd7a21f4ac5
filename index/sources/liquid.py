"""Liquid template syntax in markdown bodies (Jekyll, Eleventy, …) as the published page shows it.

`{{ page.salary_min }}` is filled from the front matter (filters after `|` are ignored, unknown
variables print nothing, as Liquid does); `{% … %}` tags are dropped, and so is everything
between `{% comment %}` and `{% endcomment %}`. Hugo shortcodes (`{{< … >}}`, `{{% … %}}`) are
left alone for the markdown pipeline.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from index.hugo.fields import normalize_key

_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL)
_TAG = re.compile(r"\{%-?.*?-?%\}", re.DOTALL)
_OUTPUT = re.compile(r"\{\{-?\s*([A-Za-z_][\w.\-\[\]\"']*)\s*(?:\|[^}]*)?-?\}\}")
_SCOPES = ("page", "post", "include", "layout", "frontmatter", "data")


def render_liquid(body: str, front_matter: dict[str, Any]) -> str:
    """`body` with placeholders filled from `front_matter` and template tags removed."""
    flat = {normalize_key(key): value for key, value in front_matter.items()}
    body = _COMMENT.sub("", body)
    body = _TAG.sub("", body)
    return _OUTPUT.sub(lambda match: _lookup(match.group(1), flat), body)


def _lookup(variable: str, flat: dict[str, Any]) -> str:
    parts = variable.split(".")
    if len(parts) > 1 and parts[0] in _SCOPES:
        parts = parts[1:]
    elif len(parts) > 1:  # site.*, jekyll.*: not the page's own data
        return ""
    value = flat.get(normalize_key(parts[0]))
    for part in parts[1:]:
        value = value.get(part.lower()) if isinstance(value, dict) else None
    return liquid_text(value)


def liquid_text(value: Any) -> str:
    """A value as Liquid prints it (dates as ISO dates, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(liquid_text(item) for item in value)
    if isinstance(value, dict):
        return ""
    return str(value)
