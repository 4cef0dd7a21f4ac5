"""ATS job descriptions (HTML) → clean sections.

The HTML is normalised with BeautifulSoup (entity-escaped HTML as Greenhouse sends it is unescaped
first, bold-only paragraphs become headings, scripts and images go), turned into markdown with
markdownify, and split into sections by the same markdown pipeline that reads posting files.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import markdownify

from index.models import Section

_DROPPED_TAGS = ("script", "style", "noscript", "iframe", "img", "svg", "form", "button", "input")
_BOLD_TAGS = ("strong", "b")
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_WRAPPER_TAGS = ("span", "u", "em", "i", "font")
_HEADING_MAX_CHARS = 120
_ESCAPED_TAG = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9]*[\s&/]|&lt;/?[a-zA-Z][a-zA-Z0-9]*&gt;")


def unescape_if_escaped(text: str) -> str:
    """Greenhouse's `content` is HTML whose tags arrive as `&lt;p&gt;`: decode it once."""
    if "<" not in text and _ESCAPED_TAG.search(text):
        return html_lib.unescape(text)
    return text


def html_to_markdown(text: str) -> str:
    """Markdown for an HTML fragment: headings, paragraphs, lists and links kept."""
    soup = BeautifulSoup(unescape_if_escaped(text), "html.parser")
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    for paragraph in soup.find_all(["p", "div"]):
        if _is_bold_only(paragraph):
            paragraph.name = "h3"
    for heading in soup.find_all(_HEADING_TAGS):
        heading.attrs = {}
        # plain text: no bold markers inside headings, no "Requirements:" colon
        heading.string = heading.get_text(" ", strip=True).rstrip(":").rstrip()
    markdown = markdownify(str(soup), heading_style="ATX", bullets="-", escape_misc=False)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def html_to_sections(
    text: str, *, anchor_style: str | None = None
) -> tuple[list[Section], list[str]]:
    """Sections of an HTML description and warnings; anchors are "" when `anchor_style` is None.

    ATS-hosted pages rarely give headings an id, so by default sections are cited by page URL.
    """
    from index.text.markdown import markdown_to_sections

    sections, warnings = markdown_to_sections(
        html_to_markdown(text), anchor_style=anchor_style or "github"
    )
    if anchor_style is None:
        sections = [replace(section, anchor="") for section in sections]
    return list(sections), list(warnings)


def _is_bold_only(element: Tag) -> bool:
    """A short paragraph whose whole text is bold (`<p><strong>Benefits</strong></p>`)."""
    if element.find(["p", "div", "ul", "ol", "table", *_HEADING_TAGS]):
        return False
    text = element.get_text(" ", strip=True)
    if not text or len(text) > _HEADING_MAX_CHARS:
        return False
    return _all_text_bold(element)


def _all_text_bold(element: Tag) -> bool:
    for child in element.children:
        if isinstance(child, NavigableString):
            if child.strip():
                return False
        elif isinstance(child, Tag):
            if child.name == "br":
                continue
            if child.name in _BOLD_TAGS:
                continue
            if child.name in _WRAPPER_TAGS and _all_text_bold(child):
                continue
            return False
    return True
