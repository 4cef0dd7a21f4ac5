"""Canonical fields rendered as `Label: value` lines in the posting's language."""

from __future__ import annotations

from index.models import SectionKind
from index.text.facts import facts_section

FIELDS = {
    "date": "2025-03-14",
    "closes": "2025-04-30",
    "location": "Stockholm",
    "remote": "Hybrid",
    "apply_url": "https://jobs.example.org/1",
    "salary_min": "50000",
    "salary_max": "80000",
    "salary_currency": "EUR",
}


def test_english_facts_one_sentence_per_line() -> None:
    section = facts_section(FIELDS, "en")
    assert section is not None
    assert section.kind == SectionKind.FACTS and section.heading == "" and section.anchor == ""
    assert section.sentences == (
        "Published: 2025-03-14",
        "Closes: 2025-04-30",
        "Location: Stockholm",
        "Remote: Hybrid",
        "Salary: 50000–80000 EUR",
        "Apply: https://jobs.example.org/1",
    )
    assert section.text == "\n".join(section.sentences)


def test_labels_follow_the_language() -> None:
    swedish = facts_section(FIELDS, "sv")
    danish = facts_section({"closes": "2025-05-01"}, "da")
    other = facts_section({"closes": "2025-05-01"}, "fi")
    assert swedish is not None and "Sista ansökningsdag: 2025-04-30" in swedish.sentences
    assert danish is not None and danish.sentences == ("Ansøgningsfrist: 2025-05-01",)
    assert other is not None and other.sentences == ("Closes: 2025-05-01",)


def test_no_fields_no_section() -> None:
    assert facts_section({}, "en") is None
    assert facts_section({"team": "  "}, "en") is None
