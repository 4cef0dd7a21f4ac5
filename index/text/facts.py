"""A posting's canonical fields rendered as `Label: value` lines in the posting's language."""

from __future__ import annotations

from index.models import Section, SectionKind

FACT_ORDER = (
    "date",
    "closes",
    "location",
    "team",
    "remote",
    "employment_type",
    "salary",
    "contact",
    "apply_url",
)
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "date": "Published",
        "closes": "Closes",
        "location": "Location",
        "team": "Team",
        "remote": "Remote",
        "employment_type": "Employment type",
        "salary": "Salary",
        "contact": "Contact",
        "apply_url": "Apply",
    },
    "sv": {
        "date": "Publicerad",
        "closes": "Sista ansökningsdag",
        "location": "Plats",
        "team": "Team",
        "remote": "Distansarbete",
        "employment_type": "Anställningsform",
        "salary": "Lön",
        "contact": "Kontakt",
        "apply_url": "Ansök",
    },
    "nb": {
        "date": "Publisert",
        "closes": "Søknadsfrist",
        "location": "Sted",
        "team": "Team",
        "remote": "Fjernarbeid",
        "employment_type": "Ansettelsesform",
        "salary": "Lønn",
        "contact": "Kontakt",
        "apply_url": "Søk",
    },
    "nn": {
        "date": "Publisert",
        "closes": "Søknadsfrist",
        "location": "Stad",
        "team": "Team",
        "remote": "Fjernarbeid",
        "employment_type": "Tilsetjingsform",
        "salary": "Løn",
        "contact": "Kontakt",
        "apply_url": "Søk",
    },
    "da": {
        "date": "Offentliggjort",
        "closes": "Ansøgningsfrist",
        "location": "Arbejdssted",
        "team": "Team",
        "remote": "Fjernarbejde",
        "employment_type": "Ansættelsesform",
        "salary": "Løn",
        "contact": "Kontakt",
        "apply_url": "Ansøg",
    },
}


def _salary(fields: dict[str, str]) -> str:
    low = fields.get("salary_min", "").strip()
    high = fields.get("salary_max", "").strip()
    currency = fields.get("salary_currency", "").strip()
    amount = f"{low}–{high}" if low and high and low != high else (low or high)
    if not amount:
        return ""
    return f"{amount} {currency}".strip()


YES_NO = {
    "sv": {"yes": "ja", "no": "nej"},
    "nb": {"yes": "ja", "no": "nei"},
    "nn": {"yes": "ja", "no": "nei"},
    "da": {"yes": "ja", "no": "nej"},
}


def _one_line(value: str, language: str) -> str:
    value = " ".join(value.split())
    return YES_NO.get(language, {}).get(value.lower(), value)


def facts_lines(
    fields: dict[str, str], language: str, written: dict[str, str] | None = None
) -> list[str]:
    """`Label: value` lines; `written` holds values as the posting writes them ("20.01.2020"),
    which a quote must show rather than the canonical form ("2020-01-20")."""
    labels = LABELS.get(language, LABELS["en"])
    shown = {**fields, **{k: v for k, v in (written or {}).items() if v and fields.get(k)}}
    values = {key: _one_line(shown.get(key, ""), language) for key in FACT_ORDER}
    values["salary"] = _salary(fields)
    return [f"{labels[key]}: {values[key]}" for key in FACT_ORDER if values[key]]


def facts_section(
    fields: dict[str, str], language: str, written: dict[str, str] | None = None
) -> Section | None:
    """One `SectionKind.FACTS` section (heading and anchor ""), or None without any fact."""
    lines = facts_lines(fields, language, written)
    if not lines:
        return None
    return Section("", (), "", "\n".join(lines), tuple(lines), SectionKind.FACTS)
