"""Heading anchors exactly as Hugo's goldmark autoHeadingID makes them."""

from __future__ import annotations

import re
import unicodedata

ANCHOR_STYLES = ("github", "github-ascii", "blackfriday")
NO_ANCHORS = "none"  # the site turned autoHeadingID off: only explicit {#id}s exist
_EXPLICIT_ID = re.compile(r"\s*\{#([^}\s]+)[^}]*\}\s*$")


def remove_accents(text: str) -> str:
    """Hugo's text.RemoveAccents: decompose, drop combining marks, recompose."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def _is_alphanumeric(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or unicodedata.category(ch) == "Nd"


def _github(heading: str, ascii_only: bool) -> str:
    if ascii_only:
        heading = remove_accents(heading)
    out: list[str] = []
    for ch in heading.strip():
        if ascii_only and ord(ch) > 127:
            continue
        if ch in "- ":
            out.append("-")
        elif _is_alphanumeric(ch):
            out.append(ch.lower())
    return "".join(out)


def _blackfriday(heading: str) -> str:
    out: list[str] = []
    future_dash = False
    for ch in heading:
        if ch.isalpha() or unicodedata.category(ch).startswith("N"):
            if future_dash and out:
                out.append("-")
            future_dash = False
            out.append(ch.lower())
        else:
            future_dash = True
    return "".join(out)


def anchorize(heading: str, style: str = "github") -> str:
    """The id Hugo gives a heading with this text (before making it unique on the page)."""
    if style == "blackfriday":
        return _blackfriday(heading)
    return _github(heading, ascii_only=style == "github-ascii")


def split_explicit_id(heading: str) -> tuple[str, str | None]:
    """`Title {#my-id}` → ("Title", "my-id"); headings without attributes give None."""
    match = _EXPLICIT_ID.search(heading)
    if not match:
        return heading, None
    return heading[: match.start()].rstrip(), match.group(1)


class AnchorRegistry:
    """Makes anchors unique on one page as Hugo does: `x`, `x-1`, `x-2`; empty → `heading`."""

    def __init__(self, style: str = "github"):
        self.style = style if style in (*ANCHOR_STYLES, NO_ANCHORS) else "github"
        self._seen: set[str] = set()

    def make(self, heading: str, explicit_id: str | None = None) -> str:
        if explicit_id:
            self._seen.add(explicit_id)
            return explicit_id
        if self.style == NO_ANCHORS:
            return ""
        anchor = anchorize(heading, self.style) or "heading"
        if anchor in self._seen:
            n = 1
            while f"{anchor}-{n}" in self._seen:
                n += 1
            anchor = f"{anchor}-{n}"
        self._seen.add(anchor)
        return anchor
