"""Canonical posting fields and prose sections from front matter (keys matched loosely)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from index.models import Section, SectionKind
from index.text.anchors import remove_accents
from index.text.markdown import markdown_to_sections
from index.text.shortcodes import is_absolute_link


def words(text: str) -> tuple[str, ...]:
    """A word list written as one string."""
    return tuple(text.split())


SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("date", "publishdate", "pubdate", "published", "posted", "dateposted"),
    "closes": words(
        "closes closingdate closedate closing deadline applicationdeadline applydeadline applyby "
        "applybefore lastapplicationdate lastday validthrough expirydate expires expirationdate "
        "unpublishdate sistaansokningsdag sistaansokningsdatum søknadsfrist soknadsfrist "
        "ansøgningsfrist ansogningsfrist"
    ),
    "location": words(
        "location locations city office place workplace worklocation joblocation ort plats "
        "arbetsort sted arbeidssted arbejdssted lokation"
    ),
    "team": words("team department dept unit division avdelning avdeling afdeling"),
    "remote": words(
        "remote remotepolicy remotework workplacetype worktype workmode distans distansarbete "
        "fjernarbeid fjernarbejde"
    ),
    "apply_url": words(
        "applyurl applylink applicationurl applicationlink applicationform apply applyhref "
        "ansokningslank soknadslenke"
    ),
    "contact": words(
        "contact contactemail contactperson contactname recruiter recruiteremail hiringmanager "
        "kontakt kontaktperson"
    ),
    "salary_min": ("salarymin", "minsalary", "salaryfrom", "salaryminimum"),
    "salary_max": ("salarymax", "maxsalary", "salaryto", "salarymaximum"),
    "salary_currency": ("salarycurrency", "currency"),
    "employment_type": words(
        "employmenttype employment jobtype contracttype duration extent worktime anstallningsform "
        "omfattning stillingstype ansettelsesform ansættelsesform"
    ),
}
SALARY_KEYS = ("salary", "salaryrange", "pay", "compensation", "lon", "lønn", "løn")
NOT_PROSE = frozenset(
    words(
        """title linktitle slug url aliases layout type draft weight tags categories keywords images
    image socialmedia toc ai list language lang translationkey outputs menu menus cascade build
    sitemap resources markup headless icon sidebarimage sidebarlinkicon author authors
    lastmod"""
    )
)
APPLY_WORDS = re.compile(
    r"\b(apply|applying|application|ansök|ansok|sök|søk|søg|ansøg|bewerb|postul|hae|cv|resume|résumé|upload)",
    re.IGNORECASE,
)
_URL_SUFFIXES = ("url", "link", "href")
_LABEL_SUFFIXES = ("name", "text", "label", "title")
_NUMBER = re.compile(r"\d[\d\s.,]*\d|\d")
_CURRENCY = re.compile(r"\b(SEK|NOK|DKK|EUR|USD|GBP|CHF|kr)\b|[€$£]", re.IGNORECASE)


def normalize_key(key: str) -> str:
    return re.sub(r"[^0-9a-zøæ]", "", remove_accents(key.lower()).replace("å", "a"))


def _as_text(value: Any) -> str:
    if value is None:  # `location:` with nothing after it
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat() if value.time().isoformat() != "00:00:00" else str(value.date())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value if not isinstance(v, dict | list))
    if isinstance(value, dict):
        return ""
    return " ".join(str(value).split())


def flatten(front_matter: dict[str, Any]) -> dict[str, Any]:
    """Top-level keys plus the leaves of nested mappings (`params.location` → `location`)."""
    out: dict[str, Any] = {}
    for key, value in front_matter.items():
        if isinstance(value, dict):
            for inner_key, inner in flatten(value).items():
                out.setdefault(normalize_key(inner_key), inner)
        else:
            out[normalize_key(key)] = value
    return out


def apply_url_from_pairs(flat: dict[str, Any]) -> str | None:
    """A URL field whose paired label field says "apply" (`sidebarlinkurl` + `sidebarlinkname`)."""
    for key, value in flat.items():
        if not (isinstance(value, str) and is_absolute_link(value)):
            continue
        for suffix in _URL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                prefix = key[: -len(suffix)]
                for label_key in (prefix + s for s in _LABEL_SUFFIXES):
                    if APPLY_WORDS.search(str(flat.get(label_key, ""))):
                        return value.strip()
    return None


def _salary(flat: dict[str, Any]) -> dict[str, str]:
    raw = next((_as_text(flat[k]) for k in SALARY_KEYS if flat.get(k)), "")
    if not raw:
        return {}
    numbers = [re.sub(r"[\s.,]", "", n) for n in _NUMBER.findall(raw)]
    out = {"salary_min": numbers[0]} if numbers else {}
    if len(numbers) > 1:
        out["salary_max"] = numbers[1]
    if currency := _CURRENCY.search(raw):
        out["salary_currency"] = currency.group(0).upper()
    return out


def canonical_fields(front_matter: dict[str, Any], links: list[tuple[str, str]]) -> dict[str, str]:
    """Canonical fields (CANONICAL_FIELDS in index/models.py) from front matter and links."""
    flat = flatten(front_matter)
    fields = _salary(flat)
    for name, keys in SYNONYMS.items():
        for key in keys:
            text = _as_text(flat.get(key, ""))
            if text:
                fields[name] = text
                break
    if fields.get("apply_url") and not is_absolute_link(fields["apply_url"]):
        del fields["apply_url"]
    apply_url = fields.get("apply_url") or apply_url_from_pairs(flat)
    apply_url = apply_url or next((u for t, u in links if APPLY_WORDS.search(t)), None)
    if apply_url:
        fields["apply_url"] = apply_url
    if "contact" not in fields and (contact := _contact_from_links(links)):
        fields["contact"] = contact
    return fields


def _contact_from_links(links: list[tuple[str, str]]) -> str | None:
    """A contact card's text, else the address of the first mailto: link."""
    for text, url in links:
        if url.lower().startswith("mailto:"):
            address = url[len("mailto:") :].split("?")[0]
            return text if address in text else address
    return None


def _used_keys() -> frozenset[str]:
    used = {k for keys in SYNONYMS.values() for k in keys}
    return frozenset(used | set(SALARY_KEYS) | NOT_PROSE)


def _prose(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v for v in value if len(v.split()) >= 3]
        return "\n".join(f"- {v}" for v in items) if len(items) == len(value) and items else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:  # `description: ""`: an empty field says nothing
        return None
    if is_absolute_link(text) or text.startswith(("/", "#", "./")) or "://" in text.split()[0]:
        return None
    has_list = bool(re.search(r"^\s*([-*+]|\d+\.)\s", text, re.MULTILINE))
    return text if has_list or len(text.split()) >= 4 else None


def humanize_key(key: str) -> str:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", key).replace("_", " ").replace("-", " ")
    spaced = " ".join(spaced.split()).lower()
    return spaced[:1].upper() + spaced[1:]


def prose_sections(front_matter: dict[str, Any], anchor_style: str) -> list[Section]:
    """Prose kept in front matter (an intro, a list of benefits) as FIELD sections."""
    used = _used_keys()
    sections: list[Section] = []
    for key, value in front_matter.items():
        normalized = normalize_key(key)
        if normalized in used or normalized.endswith((*_URL_SUFFIXES, "icon", "image", "name")):
            continue
        markdown = _prose(value)
        if markdown is None:
            continue
        heading = humanize_key(key)
        parsed, _ = markdown_to_sections(markdown, anchor_style=anchor_style)
        for part in parsed:
            sections.append(
                Section(heading, (heading,), "", part.text, part.sentences, SectionKind.FIELD)
            )
    return sections
