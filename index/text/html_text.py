"""Raw HTML reduced to its visible text (script and style content dropped)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


_BLOCK_TAGS = words(
    "p div br li ul ol tr td th table h1 h2 h3 h4 h5 h6 section article header footer "
    "blockquote pre dd dt dl figcaption hr"
)


_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg"})
_LEFTOVER_MARKUP = re.compile(r"\{\{|\}\}|</?[A-Za-z][^<>]*>|<!--.*?-->")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_lines(html: str) -> list[str]:
    """The visible text of an HTML fragment, one line per block, whitespace collapsed."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = "".join(parser.parts).split("\n")
    return [" ".join(line.split()) for line in lines if line.strip()]


def scrub_markup(text: str) -> str:
    """Removes any tag or template brace that slipped through (a last line of defence)."""
    return _LEFTOVER_MARKUP.sub("", text)
