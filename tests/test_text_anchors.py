"""Heading anchors as Hugo's goldmark autoHeadingID makes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.hugo.site import read_hugo_site
from index.text.anchors import AnchorRegistry, anchorize
from index.text.markdown import markdown_to_sections


@pytest.mark.parametrize(
    ("heading", "style", "expected"),
    [
        ("What you’ll need", "github", "what-youll-need"),
        ("What you'll need", "github", "what-youll-need"),
        ("Who are you?", "github", "who-are-you"),
        ("A - B", "github", "a---b"),
        ("  Trimmed heading  ", "github", "trimmed-heading"),
        ("snake_case and 2026", "github", "snake_case-and-2026"),
        ("Vill du bli vår nästa affärsman?", "github", "vill-du-bli-vår-nästa-affärsman"),
        ("Vad du behöver", "github-ascii", "vad-du-behover"),
        ("Vår rekryteringsprocess", "github-ascii", "var-rekryteringsprocess"),
        ("Är du vår nästa kollega?", "github-ascii", "ar-du-var-nasta-kollega"),
        ("Søknad og lønn", "github-ascii", "sknad-og-lnn"),
        ("What you’ll need", "blackfriday", "what-you-ll-need"),
        ("A - B", "blackfriday", "a-b"),
    ],
)
def test_anchorize_matches_hugo(heading: str, style: str, expected: str) -> None:
    assert anchorize(heading, style) == expected


def test_duplicates_get_numbered_and_explicit_ids_win() -> None:
    registry = AnchorRegistry("github")
    assert [registry.make("FAQ") for _ in range(3)] == ["faq", "faq-1", "faq-2"]
    assert registry.make("Benefits", "perks") == "perks"
    assert registry.make("!!!") == "heading"


def test_markdown_headings_get_unique_anchors() -> None:
    body = "## Team\n\nOne.\n\n## Team\n\nTwo.\n\n## Perks {#benefits}\n\nThree.\n"
    sections, _ = markdown_to_sections(body)
    assert [(s.heading, s.anchor) for s in sections] == [
        ("Team", "team"),
        ("Team", "team-1"),
        ("Perks", "benefits"),
    ]


def _raw_headings(path: Path) -> list[str]:
    """ATX headings of the file's body as written: goldmark makes the id from the raw line."""
    text = path.read_text(encoding="utf-8").split("---", 2)[2]
    return re.findall(r"^#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", text, re.MULTILINE)


@pytest.mark.parametrize("site_fixture", ["web_site", "beta_site"])
def test_real_headings_get_hugo_anchors(site_fixture: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_fixture)
    config_text = "".join(p.read_text() for p in site.glob("*.toml"))
    style = "github-ascii" if "github-ascii" in config_text else "github"
    checked = 0
    for posting in read_hugo_site(site).postings:
        anchors = {section.anchor for section in posting.sections}
        headings = {section.heading for section in posting.sections}
        for raw in _raw_headings(site / posting.id):
            if re.sub(r"[*_`]", "", raw) not in headings:
                continue  # a heading with no text of its own (only sub-headings) has no section
            expected = anchorize(raw, style)
            numbered = re.compile(rf"{re.escape(expected)}(-\d+)?")
            assert any(numbered.fullmatch(a) for a in anchors), (posting.id, raw, anchors)
            checked += 1
    assert checked >= 40


def test_no_anchors_when_auto_heading_ids_are_off() -> None:
    body = "## Team\n\nOne.\n\n## Perks {#perks}\n\nTwo.\n"
    sections, _ = markdown_to_sections(body, anchor_style="none")
    assert [s.anchor for s in sections] == ["", "perks"]
