"""Markdown (with Hugo shortcodes) into clean sections split by heading.

Parsed with markdown-it-py; each paragraph, list item, table cell and code line becomes a line of
the section text, so a list item is its own sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from index.models import Section, SectionKind
from index.text.anchors import AnchorRegistry, split_explicit_id
from index.text.html_text import html_to_lines, scrub_markup
from index.text.sentences import split_sentences
from index.text.shortcodes import (
    DEFAULT_SHORTCODES,
    SUBSECTION_END,
    SUBSECTION_START,
    ShortcodeRules,
    is_absolute_link,
    rewrite_shortcodes,
)

# Hugo's goldmark enables tables, strikethrough, footnotes and definition lists by default.
_PARSER = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(footnote_plugin)
    .use(deflist_plugin)
)
# Emphasis markers CommonMark leaves as text (`**Label: **text`), shown literally by Hugo too.
_UNMATCHED_MARKUP = re.compile(r"\*\*+|__+|`+")
# "28. februar 2023" opens a line with an ordinal date, not a numbered item: a number's marker
# counts only before a word that doesn't start in lower case.
_BLOCK_MARKER = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+(?![a-zæøåäöé])|>\s*)")


@dataclass
class ParsedMarkdown:
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, absolute url), in order


@dataclass
class _Heading:
    level: int
    text: str
    anchor: str


def _link_suffix(text: str, href: str) -> str:
    if not is_absolute_link(href):
        return ""
    bare = href.removeprefix("mailto:").removeprefix("tel:").rstrip("/")
    if text.strip().rstrip("/") in (href.rstrip("/"), bare):
        return ""
    return f" ({href})"


def inline_text(
    children: list[Token], links: list[tuple[str, str]] | None = None, *, keep_urls: bool = True
) -> str:
    """Plain text of an inline token's children; absolute links kept as `text (url)`."""
    out: list[str] = []
    link_stack: list[tuple[str, int]] = []
    for token in children:
        if token.type == "text":
            out.append(_UNMATCHED_MARKUP.sub("", token.content))
        elif token.type == "code_inline":
            out.append(token.content)
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append(" " if "".join(out).rstrip().endswith(":") else "\n")
        elif token.type == "link_open":
            link_stack.append((str(token.attrGet("href") or ""), len(out)))
        elif token.type == "link_close" and link_stack:
            href, start = link_stack.pop()
            text = "".join(out[start:])
            suffix = _link_suffix(text, href) if keep_urls else ""
            out.append(suffix)
            if suffix and links is not None:
                links.append((text.strip(), href))
        elif token.type == "html_inline" and token.content.lower().startswith("<br"):
            out.append(" ")
    return "".join(out)


class _SectionBuilder:
    def __init__(self, anchor_style: str):
        self.registry = AnchorRegistry(anchor_style)
        self.sections: list[Section] = []
        self.stack: list[_Heading] = []
        self.saved_stacks: list[list[_Heading]] = []
        self.lines: list[str] = []
        self.subsection_pending = False

    def add_line(self, text: str) -> None:
        for line in scrub_markup(text).split("\n"):
            line = " ".join(line.split())
            if line:
                self.lines.append(line)

    def flush(self) -> None:
        text = "\n".join(self.lines)
        self.lines = []
        if not text:
            return
        current = self.stack[-1] if self.stack else _Heading(0, "", "")
        path = tuple(h.text for h in self.stack)
        sentences = split_sentences(text)
        section = Section(current.text, path, current.anchor, text, sentences, SectionKind.BODY)
        self.sections.append(section)

    def open_heading(self, level: int, raw_text: str, source: str) -> None:
        """`source` is the heading's markdown: goldmark makes the id from its (last) raw line."""
        self.flush()
        text, _ = split_explicit_id(" ".join(scrub_markup(raw_text).split()))
        id_source, explicit_id = split_explicit_id(source.split("\n")[-1])
        if self.subsection_pending:
            self.subsection_pending = False
            parent = self.stack[-1] if self.stack else _Heading(0, "", "")
            self.saved_stacks.append(list(self.stack))
            self.stack.append(_Heading(parent.level + 1, text, parent.anchor))
            return
        if self.saved_stacks:  # inside an accordion: its headings nest under its title
            level = max(level, self.saved_stacks[-1][-1].level + 2 if self.saved_stacks[-1] else 2)
        anchor = self.registry.make(id_source, explicit_id)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self.stack.append(_Heading(level, text, anchor))

    def start_subsection(self) -> None:
        self.subsection_pending = True

    def end_subsection(self) -> None:
        self.flush()
        if self.saved_stacks:
            self.stack = self.saved_stacks.pop()


def _table_lines(tokens: list[Token], start: int) -> tuple[list[str], int]:
    headers: list[str] = []
    lines: list[str] = []
    row: list[str] = []
    i = start
    while i < len(tokens) and tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "inline":
            row.append(" ".join(inline_text(token.children or []).split()))
        elif token.type == "tr_close":
            if not headers and any(t.type == "th_open" for t in tokens[start:i]):
                headers = row
            else:
                labels = headers if len(headers) == len(row) else [""] * len(row)
                lines += [f"{h}: {c}" if h and c else c for h, c in zip(labels, row, strict=True)]
            row = []
        i += 1
    return [line for line in lines if line], i


def _walk(tokens: list[Token], builder: _SectionBuilder, links: list[tuple[str, str]]) -> None:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            inline = tokens[i + 1]
            heading = inline_text(inline.children or [], keep_urls=False)
            builder.open_heading(int(token.tag[1:]), heading, inline.content)
            i += 2
        elif token.type == "table_open":
            lines, i = _table_lines(tokens, i)
            for line in lines:
                builder.add_line(line)
        elif token.type == "inline":
            builder.add_line(inline_text(token.children or [], links))
        elif token.type in ("fence", "code_block"):
            builder.add_line(token.content)
        elif token.type == "html_block":
            _html_block(token.content, builder)
        i += 1


def _html_block(content: str, builder: _SectionBuilder) -> None:
    stripped = content.strip()
    if stripped == SUBSECTION_START:
        builder.start_subsection()
    elif stripped == SUBSECTION_END:
        builder.end_subsection()
    else:
        for line in html_to_lines(content):
            builder.add_line(_markdown_line_text(line))


def _markdown_line_text(line: str) -> str:
    """A line of text inside raw HTML that may still hold markdown: its plain text."""
    tokens = _PARSER.parseInline(_BLOCK_MARKER.sub("", line))
    return inline_text(tokens[0].children or []) if tokens else line


def parse_markdown(
    markdown: str,
    *,
    anchor_style: str = "github",
    shortcodes: ShortcodeRules = DEFAULT_SHORTCODES,
) -> ParsedMarkdown:
    """Sections, warnings (unknown or unclosed shortcodes) and absolute links of a markdown body."""
    rewritten = rewrite_shortcodes(markdown, shortcodes)
    builder = _SectionBuilder(anchor_style)
    links = list(rewritten.links)
    _walk(_PARSER.parse(rewritten.markdown), builder, links)
    builder.flush()
    warnings = list(dict.fromkeys(rewritten.warnings))
    return ParsedMarkdown(builder.sections, warnings, links)


def markdown_to_sections(
    markdown: str,
    *,
    anchor_style: str = "github",
    shortcodes: ShortcodeRules = DEFAULT_SHORTCODES,
) -> tuple[list[Section], list[str]]:
    """Clean `SectionKind.BODY` sections of a markdown body, and warnings about its shortcodes."""
    parsed = parse_markdown(markdown, anchor_style=anchor_style, shortcodes=shortcodes)
    return parsed.sections, parsed.warnings
