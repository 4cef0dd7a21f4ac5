"""Canonical fields, prose front matter and visibility from a posting's front matter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.hugo.fields import canonical_fields, prose_sections
from index.hugo.site import read_hugo_site
from index.models import SectionKind, Visibility

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_synonyms_and_case_insensitive_keys() -> None:
    front = {
        "department": "Platform",
        "deadline": "2026-07-01",
        "city": "Oslo",
        "employment_type": "Full time",
        "salary": "50 000 - 60 000 NOK",
        "contact_email": "hr@example.org",
    }
    assert canonical_fields(front, []) == {
        "team": "Platform",
        "closes": "2026-07-01",
        "location": "Oslo",
        "employment_type": "Full time",
        "salary_min": "50000",
        "salary_max": "60000",
        "salary_currency": "NOK",
        "contact": "hr@example.org",
    }


@pytest.mark.parametrize(
    ("front", "links", "expected"),
    [
        ({"apply_url": "https://a.example/1"}, [], "https://a.example/1"),
        ({"fooUrl": "https://a.example/2", "fooName": "Søk her"}, [], "https://a.example/2"),
        (
            {"sidebarlinkurl": "https://a.example/3", "sidebarlinkname": "Ansök nu"},
            [],
            "https://a.example/3",
        ),
        ({"sidebarlinkurl": "#down", "sidebarlinkname": "Apply now"}, [], None),
        ({"sidebarlinkurl": "https://a.example/4", "sidebarlinkname": "Read more"}, [], None),
        (
            {},
            [
                ("Read more", "https://x.example"),
                ("Klicka här för att ansöka", "https://a.example/5"),
            ],
            "https://a.example/5",
        ),
    ],
)
def test_apply_url(front: dict, links: list, expected: str | None) -> None:
    lowered = {k.lower(): v for k, v in front.items()}
    assert canonical_fields(lowered, links).get("apply_url") == expected


def test_prose_front_matter_becomes_field_sections() -> None:
    front = {
        "intro": "We build the cloud Europe deserves.",
        "benefits": "- Six weeks of vacation\n- A pension plan",
        "subtitle": "Short one",
        "socialmedia": "/img/a b c d.jpg",
        "heroimage": "a long file name with spaces.png",
        "location": "Stockholm or anywhere in the EU",
    }
    sections = prose_sections(front, "github")
    assert [(s.heading, s.kind, s.text) for s in sections] == [
        ("Intro", SectionKind.FIELD, "We build the cloud Europe deserves."),
        ("Benefits", SectionKind.FIELD, "Six weeks of vacation\nA pension plan"),
    ]


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://ex.org/"\n')
    for name, front in files.items():
        path = tmp_path / "content" / "jobs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\nText.\n", encoding="utf-8")
    return tmp_path


def test_visibility_with_a_fixed_now(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "draft.md": "title: A\ndraft: true\n",
            "string-draft.md": "title: B\ndraft: 'true'\n",
            "scheduled.md": "title: C\npublishDate: 2026-07-01\n",
            "future-date.md": "title: D\ndate: 2026-12-01T10:00:00+02:00\n",
            "expired.md": "Title: E\nexpiryDate: 2026-05-31\n",
            "unpublished.md": "title: F\nunpublishdate: 2026-01-01\n",
            "live.md": "TITLE: G\ndate: 2026-01-01\nexpirydate: 2026-12-31\n",
        },
    )
    result = read_hugo_site(site, now=NOW)
    visibility = {Path(p.id).stem: p.visibility for p in result.postings}
    assert visibility == {
        "draft": Visibility.DRAFT,
        "string-draft": Visibility.DRAFT,
        "scheduled": Visibility.SCHEDULED,
        "future-date": Visibility.SCHEDULED,
        "expired": Visibility.EXPIRED,
        "unpublished": Visibility.EXPIRED,
        "live": Visibility.PUBLISHED,
    }
    titles = {p.title for p in result.postings}
    assert {"E", "G"} <= titles


def test_closes_comes_from_expiry_date(tmp_path: Path) -> None:
    site = _site(tmp_path, {"a.md": "title: A\nexpiryDate: 2026-09-30\nLocation: Remote\n"})
    posting = read_hugo_site(site, now=NOW).postings[0]
    assert posting.fields["closes"] == "2026-09-30"
    assert posting.fields["location"] == "Remote"
    assert posting.sections[-1].sentences == ("Closes: 2026-09-30", "Location: Remote")
