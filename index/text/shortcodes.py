"""Rewrites Hugo shortcodes into plain markdown, keeping their text and dropping presentation.

Generic rules cover unknown shortcodes too: inner content is kept, text-like parameters become
text, an absolute link target is kept as `text (url)`, presentational parameters are dropped.
An accordion-like shortcode's title becomes a heading over its body (see SUBSECTION_START).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.text.shortcode_parser import ShortcodeTag, find_shortcodes

# Markers the markdown walker turns into a sub-heading and back (html comments survive parsing).
SUBSECTION_START = "<!--careers-bot:subsection-->"
SUBSECTION_END = "<!--careers-bot:end-subsection-->"


def words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend)."""
    return frozenset(text.split())


HEADING_SHORTCODES = words(
    "accordion accordion-item details expand collapse collapsible toggle spoiler faq tab"
)
CONTENT_SHORTCODES = words(
    """ingress note notice alert callout hint tip warning info important caution admonition
    blockquote quote lead center box section column columns row div container tabs markdown md
    aside intro summary excerpt highlight icon-block-small-container cards grid"""
)
LINK_SHORTCODES = words(
    """icon-block-horisontal icon-block-horizontal horisontal-card horizontal-card icon-block
    icon-block-small localbutton localtextbutton button btn link cta card contact person
    profile team-member apply figure inline calltoaction 2calltoaction"""
)
# No text of their own (their parameters are ids or paths), or content nobody reads.
DROPPED_SHORTCODES = words(
    """distance accordion-script spacer space br hr gap divider toc script js css style youtube
    vimeo tweet twitter x instagram gist qr relref ref param partial image img icon fa
    readfile include"""
)
DROPPED_WITH_CONTENT = frozenset({"comment"})

PRESENTATIONAL_KEYS = words(
    """color colour icon class classes style image img picture photo src width height size align
    position id target rel type weight lang background bg theme variant layout alt float border
    ratio order cols gap margin padding anchor method width loading"""
)
LINK_KEYS = ("link", "url", "href", "linkurl", "buttonlink", "button_link", "cta_link")
LINK_TEXT_KEYS = ("linktext", "buttontext", "button", "label", "text", "title", "cardtitle", "name")
TYPE_WORDS = words(
    """info warning warn tip note danger success error caution important primary secondary
    notice alert default light dark blue green red yellow"""
)
_ABSOLUTE_LINK = re.compile(r"^(https?://|mailto:|tel:)\S+$", re.IGNORECASE)
_NON_TEXT = re.compile(
    r"^(#[0-9a-f]{3,8}|fa[srlbd]?-.*|fa-solid .*|\d+(\.\d+)?(px|em|rem|%)?|true|false|"
    r"[./#~]\S*|\S+\.(jpe?g|png|svg|webp|gif|avif|pdf|mp4|js|css))$",
    re.IGNORECASE,
)
_MD_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


@dataclass(frozen=True)
class ShortcodeRules:
    """Which shortcodes are known, and which of them are headings or dropped."""

    headings: frozenset[str] = HEADING_SHORTCODES
    content: frozenset[str] = CONTENT_SHORTCODES
    links: frozenset[str] = LINK_SHORTCODES
    dropped: frozenset[str] = DROPPED_SHORTCODES
    dropped_with_content: frozenset[str] = DROPPED_WITH_CONTENT

    def is_known(self, name: str) -> bool:
        groups = (self.headings, self.content, self.links, self.dropped, self.dropped_with_content)
        return any(name in group for group in groups)


DEFAULT_SHORTCODES = ShortcodeRules()


@dataclass
class Rewritten:
    markdown: str
    warnings: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (visible text, absolute url)


def escape_markdown(text: str) -> str:
    return _MD_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def is_absolute_link(value: str) -> bool:
    return bool(_ABSOLUTE_LINK.match(value.strip()))


def _is_text(key: str | None, value: str) -> bool:
    value = value.strip()
    if not value or (key is not None and key in PRESENTATIONAL_KEYS) or is_absolute_link(value):
        return False
    if "@" in value and " " not in value and not value.startswith(("http", "/")):
        return True  # an e-mail address on a contact card
    if key is None and value.lower() in TYPE_WORDS:
        return False
    return not _NON_TEXT.match(value)


def _named_link(tag: ShortcodeTag) -> str | None:
    for key in LINK_KEYS:
        if is_absolute_link(tag.named.get(key, "")):
            return tag.named[key].strip()
    email = tag.named.get("email", "").strip()
    if email and "@" in email and not tag.named.get("name"):
        return f"mailto:{email}"
    return None


def _named_pieces(tag: ShortcodeTag) -> list[list[str | None]]:
    keys = [k for k, v in tag.named.items() if _is_text(k, v)]
    pieces: list[list[str | None]] = [[" ".join(tag.named[k].split()), None] for k in keys]
    link = _named_link(tag)
    if link:
        label = next((keys.index(k) for k in LINK_TEXT_KEYS if k in keys), 0 if keys else None)
        if label is None:
            pieces.append([link, None])
        else:
            pieces[label][1] = link
    return pieces


def _positional_pieces(tag: ShortcodeTag) -> list[list[str | None]]:
    """Positional params: a text followed by an absolute link is that link's label."""
    pieces: list[list[str | None]] = []
    for value in (v.strip() for v in tag.positional):
        if is_absolute_link(value):
            if pieces and pieces[-1][1] is None:
                pieces[-1][1] = value
            else:
                pieces.append([value, None])
        elif _is_text(None, value):
            pieces.append([" ".join(value.split()), None])
    return pieces


def _contact_line(tag: ShortcodeTag) -> str:
    keys = ("name", "title", "role", "position", "email", "phone", "tel", "mobile")
    values = [" ".join(tag.named[k].split()) for k in keys if tag.named.get(k, "").strip()]
    return ", ".join(values)


def _card_email(tag: ShortcodeTag) -> str | None:
    """The e-mail address of a contact card (a shortcode with a name and an email)."""
    email = tag.named.get("email", "").strip().removeprefix("mailto:")
    return email if "name" in tag.named and "@" in email else None


def link_params(tag: ShortcodeTag) -> list[tuple[str, str | None]]:
    """The tag's parameters that read as text, each with the absolute link it labels (or None)."""
    if "name" in tag.named and ("email" in tag.named or "phone" in tag.named):
        return [(_contact_line(tag), None)]
    pieces = _named_pieces(tag) + _positional_pieces(tag)
    return [(str(text), url if url != text else None) for text, url in pieces]


def _is_block(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip()


def _heading_title(tag: ShortcodeTag) -> str:
    for key in ("title", "summary", "name", "header", "heading", "label"):
        if tag.named.get(key, "").strip():
            return tag.named[key].strip()
    return next((p for p in tag.positional if _is_text(None, p)), "")


class _Rewriter:
    def __init__(self, text: str, rules: ShortcodeRules):
        self.text = text
        self.rules = rules
        self.out = Rewritten(markdown="")
        self.tags: list[ShortcodeTag] = []

    def opens_subsection(self, tag: ShortcodeTag) -> bool:
        """A paired heading-like shortcode with a title (checked on its opening tag)."""
        opening = self.tags[tag.pair] if tag.closing and tag.pair is not None else tag
        return (
            opening.name in self.rules.headings
            and opening.pair is not None
            and bool(_heading_title(opening))
        )

    def replacement(self, tag: ShortcodeTag, block: bool) -> str:
        gap = "\n\n" if block else " "
        name = tag.name
        if name in self.rules.dropped or name in self.rules.dropped_with_content:
            return gap if block else ""
        if tag.closing:
            return f"\n\n{SUBSECTION_END}\n\n" if self.opens_subsection(tag) else gap
        if self.opens_subsection(tag):
            title = escape_markdown(_heading_title(tag))
            return f"\n\n{SUBSECTION_START}\n\n# {title}\n\n"
        pieces = link_params(tag)
        self.out.links += [(text, url) for text, url in pieces if url]
        if email := _card_email(tag):
            self.out.links.append((pieces[0][0], f"mailto:{email}"))
        texts = [f"{text} ({url})" if url else text for text, url in pieces]
        if not texts:
            return gap if block else ""
        body = ("\n\n" if block else " ").join(escape_markdown(t) for t in texts)
        return f"{gap}{body}{gap}" if block else f"{body} "

    def run(self) -> Rewritten:
        parsed = find_shortcodes(self.text)
        self.tags = parsed.tags
        spans: list[tuple[int, int, str]] = [(s, e, "") for s, e in parsed.comments]
        for name, start, end in parsed.unclosed:
            self.out.warnings.append(f"unclosed shortcode '{name}' (tag never ends)")
            spans.append((start, end, ""))
        for tag in parsed.tags:
            self._check(tag)
            if tag.name in self.rules.dropped_with_content and tag.pair is not None:
                if not tag.closing:
                    spans.append((tag.start, parsed.tags[tag.pair].end, "\n\n"))
                continue
            block = _is_block(self.text, tag.start, tag.end)
            spans.append((tag.start, tag.end, self.replacement(tag, block)))
        self.out.markdown = _apply(self.text, spans)
        return self.out

    def _check(self, tag: ShortcodeTag) -> None:
        if tag.unterminated_quote:
            reason = f"unclosed shortcode '{tag.name}' (a quoted parameter never ends)"
            self.out.warnings.append(reason)
        if not self.rules.is_known(tag.name) and not tag.closing:
            self.out.warnings.append(f"unknown shortcode '{tag.name}' (kept its text)")
        paired_kinds = self.rules.headings | self.rules.content
        if tag.pair is None and not tag.self_closing:
            if tag.closing:
                self.out.warnings.append(f"closing shortcode '/{tag.name}' never opened")
            elif tag.name in paired_kinds:
                self.out.warnings.append(f"unclosed shortcode '{tag.name}' (no closing tag)")


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    pos = 0
    for start, end, replacement in sorted(spans):
        if start < pos:
            continue  # inside a span already replaced (a dropped shortcode's content)
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def rewrite_shortcodes(text: str, rules: ShortcodeRules = DEFAULT_SHORTCODES) -> Rewritten:
    """Plain markdown for `text`, warnings for unknown or unclosed shortcodes, and links found."""
    if "{{" not in text:
        return Rewritten(markdown=text)
    return _Rewriter(text, rules).run()
