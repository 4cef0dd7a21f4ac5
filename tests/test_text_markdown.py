"""Markdown with Hugo shortcodes into clean sections."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest

from index.chunking import chunk_posting
from index.hugo.frontmatter import FrontMatterError, parse_content_file
from index.hugo.site import read_hugo_site
from index.models import SectionKind
from index.text.markdown import markdown_to_sections, parse_markdown

MARKUP = re.compile(
    r"\{\{|\}\}|<[A-Za-z/!][^>]*>|\*\*|__|`|^#+\s|\]\(|!\[|^\s*([-*+]|\d+[.)])\s", re.MULTILINE
)


def texts(markdown: str) -> dict[str, str]:
    sections, _ = markdown_to_sections(markdown)
    return {s.heading: s.text for s in sections}


@pytest.mark.parametrize("site_fixture", ["web_site", "beta_site"])
def test_no_shortcode_or_markup_left_in_any_corpus_chunk(
    site_fixture: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(site_fixture)
    chunks = [c for p in read_hugo_site(site).postings for c in chunk_posting(p)]
    assert chunks
    for chunk in chunks:
        assert not MARKUP.search(chunk.text), (chunk.id, MARKUP.search(chunk.text))
        assert chunk.sentences and all(s in chunk.text for s in chunk.sentences)


def test_corpus_shortcode_text_is_kept(web_site: Path) -> None:
    """Text inside ingress/note/accordion shortcodes of real files reaches the clean text."""
    pattern = re.compile(r"\{\{<\s*ingress\s*>\}\}\s*(.+?)\s*\{\{<\s*/ingress\s*>\}\}", re.DOTALL)
    checked = 0
    for posting in read_hugo_site(web_site).postings:
        source = (web_site / posting.id).read_text(encoding="utf-8")
        clean = "\n".join(s.text for s in posting.sections)
        for inner in pattern.findall(source):
            plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", inner.split("\n")[0]).strip()
            first_words = " ".join(plain.split()[:4])
            assert first_words in clean, (posting.id, first_words)
            checked += 1
    assert checked > 5


def test_content_shortcodes_keep_their_inner_text() -> None:
    body = (
        "{{< ingress >}}\nWe build **clouds**.\n{{< /ingress >}}\n\n"
        '{{% note "info" %}}\nStart date: soon.\n{{% /note %}}\n'
        '{{% note "Collective agreement" %}}\nWe have one.\n{{% /note %}}\n'
    )
    text = texts(body)[""]
    assert text == "We build clouds.\nStart date: soon.\nCollective agreement\nWe have one."


def test_accordion_title_becomes_a_heading_one_level_below() -> None:
    body = (
        "## Interested?\n\nApply below.\n\n"
        '{{% accordion title="Our process" %}}\n1. Intro chat\n2. Tech interview\n'
        "### Flexible\nWe adapt.\n{{% /accordion %}}\n\nAfter the accordion.\n\n## Next\n\nMore.\n"
    )
    sections, warnings = markdown_to_sections(body)
    assert warnings == []
    assert [(s.heading_path, s.anchor, s.text) for s in sections] == [
        (("Interested?",), "interested", "Apply below."),
        (("Interested?", "Our process"), "interested", "Intro chat\nTech interview"),
        (("Interested?", "Our process", "Flexible"), "flexible", "We adapt."),
        (("Interested?",), "interested", "After the accordion."),
        (("Next",), "next", "More."),
    ]


def test_link_and_card_shortcodes_keep_text_and_absolute_targets() -> None:
    body = (
        '{{< icon-block-horisontal color="#3C9BCD" icon="fa-solid fa-arrow" text="Click to apply" '
        'description="Send your CV!" link="https://jobs.example.org/apply" >}}\n\n'
        '{{% localbutton "Submit resume" "https://files.example.org/s/1" %}}\n\n'
        '{{< horisontal-card image="/img/a.webp" cardtitle="Got questions?" '
        'link="mailto:ann@example.org" linktext="Send email" text="Ann answers." >}}\n\n'
        '{{< contact picture="/p.jpg" title="Recruiter" name="Ann Berg" phone="+4670" '
        'email="ann@example.org" >}}\n'
    )
    parsed = parse_markdown(body)
    assert parsed.sections[0].text.split("\n") == [
        "Click to apply (https://jobs.example.org/apply)",
        "Send your CV!",
        "Submit resume (https://files.example.org/s/1)",
        "Got questions?",
        "Send email (mailto:ann@example.org)",
        "Ann answers.",
        "Ann Berg, Recruiter, ann@example.org, +4670",
    ]
    assert parsed.links[0] == ("Click to apply", "https://jobs.example.org/apply")
    assert parsed.warnings == []


def test_inline_relref_and_presentational_shortcodes() -> None:
    body = (
        '- {{< inline "Build:" >}} APIs in Go.\n'
        '- See the [blog post]({{% relref "/blog/x.md" %}}) for details.\n\n'
        "{{< distance >}}\n{{< accordion-script >}}\n"
    )
    assert texts(body)[""] == "Build: APIs in Go.\nSee the blog post for details."


def test_markdown_links_html_and_tables() -> None:
    body = (
        "Read [our site](https://example.org) or [https://example.org](https://example.org), "
        "mail [us](mailto:jobs@example.org), see [team](/team/).\n\n"
        "<div class='x'><p>Raw <b>HTML</b> text</p><script>var x = 1;</script></div>\n\n"
        "| Level | Salary |\n|---|---|\n| Junior | 40k |\n\n`code` and *em* and ~~old~~\n"
    )
    assert texts(body)[""].split("\n") == [
        "Read our site (https://example.org) or https://example.org, mail us "
        "(mailto:jobs@example.org), see team.",
        "Raw HTML text",
        "Level: Junior",
        "Salary: 40k",
        "code and em and old",
    ]


def test_unknown_and_unclosed_shortcodes_warn_but_keep_text() -> None:
    body = (
        '{{< fancy-box title="Perks for you" >}}\nFree lunch.\n{{< /fancy-box >}}\n'
        "{{< ingress >}}\nHi."
    )
    sections, warnings = markdown_to_sections(body)
    assert sections[0].text == "Perks for you\nFree lunch.\nHi."
    assert any("unknown shortcode" in w and "fancy-box" in w for w in warnings)
    assert any("unclosed shortcode" in w and "ingress" in w for w in warnings)
    broken, warnings = markdown_to_sections('Before.\n\n{{< button text="x"\n\nAfter.')
    assert [s.text for s in broken] == ["Before.\nAfter."]
    assert any("unclosed" in w for w in warnings)


def test_front_matter_prose_becomes_field_sections(web_site: Path) -> None:
    for posting in read_hugo_site(web_site).postings:
        intro = [
            s for s in posting.sections if s.kind == SectionKind.FIELD and s.heading == "Intro"
        ]
        source = (web_site / posting.id).read_text(encoding="utf-8").split("---", 2)[1]
        assert bool(intro) == ("\nintro:" in source), posting.id


def test_every_historical_version_reads_clean(corpus_dir: Path) -> None:
    """Every shortcode used over the site's history is known, and no markup survives."""
    bodies = []
    with (corpus_dir / "safespring-history.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            content = json.loads(line)["content"]
            if content is not None:
                with contextlib.suppress(FrontMatterError):
                    bodies.append(parse_content_file(content).body)
    assert len(bodies) > 50
    for body in bodies:
        parsed = parse_markdown(body)
        assert not [w for w in parsed.warnings if "unknown" in w], parsed.warnings
        for section in parsed.sections:
            assert not MARKUP.search(section.text), MARKUP.search(section.text)


def test_footnotes_and_definition_lists_read_as_text() -> None:
    body = "Salary is good.[^1]\n\nTerm\n: Its definition.\n\n[^1]: Paid monthly.\n"
    assert texts(body)[""].split("\n") == [
        "Salary is good.",
        "Term",
        "Its definition.",
        "Paid monthly.",
    ]
