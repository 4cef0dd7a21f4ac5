"""ATS HTML descriptions → clean sections."""

from __future__ import annotations

import html

from index.text.html import html_to_markdown, html_to_sections, unescape_if_escaped

DESCRIPTION = (
    "<div><p><span><strong>About the team</strong></span></p>"
    "<p>We run 40 buoys &amp; two boats. Read <a href='https://kelpline.example/blog'>our blog</a>."
    "</p><script>track()</script>"
    "<h2><strong>Benefits</strong></h2>"
    "<ul><li>Gym card</li><li>Ferry pass<br>for commuters</li></ul>"
    "<p><strong>Note:</strong> we hire all year.</p><img src='x.png'></div>"
)


def test_escaped_html_is_unescaped_once():
    escaped = html.escape("<p>Salt &amp; pepper</p>")

    assert unescape_if_escaped(escaped) == "<p>Salt &amp; pepper</p>"
    assert unescape_if_escaped("<p>1 &lt; 2</p>") == "<p>1 &lt; 2</p>"
    assert unescape_if_escaped("Tom &amp; Jerry") == "Tom &amp; Jerry"


def test_sections_by_heading_with_bold_paragraphs_as_headings():
    sections, warnings = html_to_sections(html.escape(DESCRIPTION))

    assert warnings == []
    assert [s.heading for s in sections] == ["About the team", "Benefits"]
    about, benefits = sections
    assert about.text == (
        "We run 40 buoys & two boats. Read our blog (https://kelpline.example/blog)."
    )
    assert about.sentences == (
        "We run 40 buoys & two boats.",
        "Read our blog (https://kelpline.example/blog).",
    )
    # a <br> is a line break, as on the page: each line is a sentence of its own
    assert benefits.sentences[:3] == ("Gym card", "Ferry pass", "for commuters")
    # bold text followed by more text is a paragraph, not a heading
    assert benefits.sentences[3] == "Note: we hire all year."
    assert "track()" not in about.text + benefits.text
    assert all(section.anchor == "" for section in sections)


def test_anchors_when_the_page_has_heading_ids():
    sections, _ = html_to_sections(DESCRIPTION, anchor_style="github")

    assert [s.anchor for s in sections] == ["about-the-team", "benefits"]


def test_markdown_keeps_lists_and_drops_images():
    markdown = html_to_markdown(DESCRIPTION)

    assert "### About the team" in markdown
    assert "- Gym card" in markdown
    assert "x.png" not in markdown
