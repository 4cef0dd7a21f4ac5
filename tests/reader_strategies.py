"""Hypothesis strategies for what real sites hold: front matter with values of every YAML type,
and bodies of markup and (unbalanced, nested) shortcodes (folders: `folder_strategies`)."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

import tomli_w
import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

CI_SETTINGS = settings(
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW_EXAMPLES = 20  # times the CI examples, under the `slow` marker
SECTION = "content/careers"
GOOD = "---\ntitle: Good posting\n---\n\nA fine job on the night shift.\n"


def examples(count: int, *, slow: bool = False) -> settings:
    return settings(CI_SETTINGS, max_examples=count * (SLOW_EXAMPLES if slow else 1))


# -- values --------------------------------------------------------------------------------

ODD_CHARACTERS = "\u200b\u200f\u202e\u0301\u00a0\ufeff\u2028🙂☃ÅäØæß漢字\t\\\"'#:&*!|>%@`{}[],"
odd_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)) | st.sampled_from(list(ODD_CHARACTERS)),
    max_size=40,
)
long_text = st.builds(lambda part, times: part * times, odd_text.filter(bool), st.integers(50, 200))
words = st.lists(st.sampled_from("ship harbour night salary remote crew apply".split()), max_size=8)
prose = words.map(" ".join)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(timezones=st.none() | st.just(UTC)),
    odd_text,
    prose,
    long_text,
    st.sampled_from(["", " ", "https://apply.example/1", "mailto:a@b.example", "/career/x/"]),
)
keys = st.sampled_from(
    "title description date publishDate expiryDate lastmod draft slug url aliases location "
    "salary salaryMin currency team remote applyUrl sidebarLinkUrl sidebarLinkName contact "
    "tags categories params translationKey weight ingress benefits requirements".split()
) | odd_text.filter(lambda key: key.strip() and "\n" not in key)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=10,
)
# YAML written as is, not dumped: empty values, YAML 1.1 words, odd dates and numbers, tags,
# aliases and block scalars (some are not valid YAML: the file is then skipped, and named)
RAW_YAML = [
    "",
    '""',
    "''",
    "~",
    "null",
    "[]",
    "{}",
    "yes",
    "off",
    "2026-13-45",
    "2026-02-30",
    "12:30:00",
    "1e400",
    "-.nan",
    "0o17",
    "0x1F",
    "!!binary aGVsbG8=",
    "!!timestamp 2026-01-01",
    "&anchor shared",
    "*undefined",
    "|\n  multi\n  line",
    ">-\n  folded\n  text",
    '"\\u0000 nul"',
    "[1, [2, [3, [4]]]]",
    "{a: {b: {c: {d: e}}}}",
    "[unclosed",
    "!!python/object:os.system x",
    "- a\n- b",
]


@dataclass(frozen=True)
class Raw:
    text: str


front_value = values | st.sampled_from(RAW_YAML).map(Raw) | st.sampled_from(["", None, []])
front_matter = st.lists(
    st.tuples(keys, front_value), max_size=8, unique_by=lambda kv: kv[0].lower()
)
titles = st.one_of(st.none(), values, st.sampled_from(RAW_YAML).map(Raw), prose.filter(bool))


# -- bodies ----------------------------------------------------------------------------------

SHORTCODES = [
    "{{< ingress >}}",
    "{{< /ingress >}}",
    '{{% accordion title="What we offer" %}}',
    '{{% accordion title="unclosed',
    "{{% /accordion %}}",
    "{{< icon-block-horisontal text='Apply' link=\"https://apply.example/2\" >}}",
    "{{< distance >}}",
    "{{< sparkle-box >}}",
    "{{< /nope >}}",
    "{{<",
    ">}}",
    "{{%",
    "%}}",
    "{{< note text='x'",
    "{{< ingress >}}{{< ingress >}}",
    "{{ page.title }}",
    "{% if page.remote %}",
    "{% endif %}",
    "{{ page.salary | number_with_delimiter }}",
]
MARKUP = [
    "# ",
    "## ",
    "###### ",
    "- ",
    "1. ",
    "> ",
    "```",
    "<div>",
    "</div>",
    "<!-- ",
    "|a|b|\n|-|-|",
    "**",
    "*",
    "_",
    "\\",
    "&amp;",
    "&#0;",
    "[apply](https://apply.example/3)",
    "[mail](mailto:jobs@kelp.example)",
    "![img](x.png)",
    "---",
    "+++",
    "\n",
    "\n\n",
]
body_piece = st.one_of(
    st.sampled_from(SHORTCODES), st.sampled_from(MARKUP), prose, odd_text, long_text
)
bodies = st.lists(body_piece, max_size=25).map(" ".join)


@dataclass
class Page:
    """A content file as text, and what a correct reader makes of it."""

    text: str
    title_expected: bool  # its front matter parses and has a title: it must become a posting
    draft: bool  # markdown sites leave drafts out without a warning


@st.composite
def pages(draw, formats=("yaml", "yaml", "yaml", "toml", "json")) -> Page:
    pairs = [(key, value) for key, value in draw(front_matter) if key.lower() != "title"]
    title = draw(titles)
    if title is not None:
        pairs.insert(draw(st.integers(0, len(pairs))), ("title", title))
    kind = draw(st.sampled_from(formats))
    if kind != "yaml" or draw(st.booleans()):
        pairs = [(key, value) for key, value in pairs if not isinstance(value, Raw)]
    text, front = _written(kind, pairs)
    return Page(text + draw(bodies), _has_title(front), _is_draft(front))


def _written(kind: str, pairs: list[tuple[str, Any]]) -> tuple[str, Any]:
    """The front matter as written, and as its format's own parser reads it back (None: it
    does not parse; a mapping, or anything else YAML may hold)."""
    if kind == "toml":
        try:
            text = tomli_w.dumps(_tomlable(dict(pairs)))
            return f"+++\n{text}+++\n", tomllib.loads(text)
        except (TypeError, ValueError, tomllib.TOMLDecodeError):
            kind = "yaml"  # a value TOML can't hold
    if kind == "json":
        text = json.dumps(dict(pairs), default=str)
        return f"{text}\n", json.loads(text)
    lines = [f"{k}: {v.text}" if isinstance(v, Raw) else _dumped(k, v) for k, v in pairs]
    written = "---\n" + "\n".join(lines) + "\n---\n"
    return written, _yaml_front(written)


def _yaml_front(written: str) -> Any:
    """What the front matter between the `---` lines loads as (the first closing line ends it)."""
    lines = written.replace("\r\n", "\n").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    raw = "\n".join(lines[1:end])
    try:
        return yaml.safe_load(raw) if raw.strip() else {}
    except (yaml.YAMLError, ValueError):
        return None


def _dumped(key: str, value: Any) -> str:
    return yaml.safe_dump({key: value}, allow_unicode=True, width=2**30).rstrip("\n")


def _tomlable(value: Any) -> Any:
    """The value without what TOML can't hold (null; dates before year 1 are fine)."""
    if value is None:
        return None
    if isinstance(value, list):
        return [v for v in map(_tomlable, value) if v is not None]
    if isinstance(value, dict):
        return {k: v for k, v in ((k, _tomlable(v)) for k, v in value.items()) if v is not None}
    return value


def _lowered(front: Any) -> dict | None:
    if not isinstance(front, dict):  # not a mapping, or does not parse
        return None
    out: dict = {}
    for key, value in front.items():
        out.setdefault(str(key).lower(), value)
    return out


def _has_title(front: Any) -> bool:
    lowered = _lowered(front)
    title = lowered.get("title") if lowered is not None else None
    return title is not None and bool(" ".join(str(title).split()))


def _is_draft(front: Any) -> bool:
    lowered = _lowered(front) or {}
    draft = lowered.get("draft")
    flag = draft.strip().lower() in ("true", "yes", "1") if isinstance(draft, str) else bool(draft)
    return flag or lowered.get("published") is False
