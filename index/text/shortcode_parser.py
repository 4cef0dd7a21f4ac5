"""Finds Hugo shortcode tags (`{{< name a="b" >}}`, `{{% /name %}}`) in a markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPEN = re.compile(r"\{\{([<%])")
_COMMENTED = re.compile(r"\{\{([<%])/\*.*?\*/\1\}\}", re.DOTALL)
_NAME = re.compile(r"\s*(/?)\s*([A-Za-z0-9_][\w./-]*)")
_CLOSE_DELIMITER = re.compile(r"/?[>%]\}\}")
_BARE = re.compile(r"[^\s=\"`]+?(?=\s|=|/?[>%]\}\}|$)")


@dataclass
class ShortcodeTag:
    name: str
    start: int
    end: int
    markdown: bool  # {{% %}} (its inner text is markdown) rather than {{< >}}
    closing: bool = False
    self_closing: bool = False
    positional: list[str] = field(default_factory=list)
    named: dict[str, str] = field(default_factory=dict)  # keys lower-cased, in source order
    pair: int | None = None  # index of the matching opening/closing tag
    unterminated_quote: bool = False  # a parameter's quote never closed before the tag's end


@dataclass
class ParsedTags:
    tags: list[ShortcodeTag]
    unclosed: list[tuple[str, int, int]]  # (name, start, end) of tags we could not parse
    comments: list[tuple[int, int]]  # `{{</* ... */>}}` spans, rendered literally by Hugo


def _read_value(text: str, pos: int, tag: ShortcodeTag) -> tuple[str, int] | None:
    if pos >= len(text):
        return None
    quote = text[pos]
    if quote in '"`':
        end = pos + 1
        while end < len(text) and text[end] != quote:
            end += 2 if quote == '"' and text[end] == "\\" else 1
        closing = _CLOSE_DELIMITER.search(text, pos + 1)
        if closing and closing.start() < end:  # a quote left open: end the value at the tag's end
            tag.unterminated_quote = True
            return text[pos + 1 : closing.start()].strip(), closing.start()
        if end >= len(text):
            return None
        value = text[pos + 1 : end]
        return (value.replace('\\"', '"') if quote == '"' else value), end + 1
    match = _BARE.match(text, pos)
    if not match or not match.group(0):
        return None
    return match.group(0), match.end()


def _parse_params(text: str, pos: int, tag: ShortcodeTag) -> int | None:
    """Fills the tag's params; returns the index after the closing delimiter, None if unclosed."""
    while pos < len(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        for delim, self_closing in (("/>}}", True), ("/%}}", True), (">}}", False), ("%}}", False)):
            if text.startswith(delim, pos):
                tag.self_closing = self_closing
                return pos + len(delim)
        if text.startswith("{{", pos):
            return None
        value = _read_value(text, pos, tag)
        if value is None:
            return None
        word, pos = value
        if pos < len(text) and text[pos] == "=":
            named = _read_value(text, pos + 1, tag)
            if named is None:
                return None
            tag.named[word.lower()] = named[0]
            pos = named[1]
        else:
            tag.positional.append(word)
    return None


def _pair_tags(tags: list[ShortcodeTag]) -> None:
    stack: list[int] = []
    for index, tag in enumerate(tags):
        if tag.closing:
            for depth in range(len(stack) - 1, -1, -1):
                if tags[stack[depth]].name == tag.name:
                    opening = stack[depth]
                    tags[opening].pair, tag.pair = index, opening
                    del stack[depth:]
                    break
        elif not tag.self_closing:
            stack.append(index)


def find_shortcodes(text: str) -> ParsedTags:
    """Every shortcode tag in `text`, opening and closing tags paired where they match."""
    comments = [(m.start(), m.end()) for m in _COMMENTED.finditer(text)]
    tags: list[ShortcodeTag] = []
    unclosed: list[tuple[str, int, int]] = []
    pos = 0
    while (match := _OPEN.search(text, pos)) is not None:
        start = match.start()
        inside = next(((s, e) for s, e in comments if s <= start < e), None)
        if inside:
            pos = inside[1]
            continue
        name_match = _NAME.match(text, match.end())
        if not name_match:
            pos = match.end()
            continue
        tag = ShortcodeTag(
            name=name_match.group(2).lower(),
            start=start,
            end=start,
            markdown=match.group(1) == "%",
            closing=bool(name_match.group(1)),
        )
        end = _parse_params(text, name_match.end(), tag)
        if end is None:
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            unclosed.append((tag.name, start, line_end))
            pos = line_end
            continue
        tag.end = end
        tags.append(tag)
        pos = end
    _pair_tags(tags)
    return ParsedTags(tags=tags, unclosed=unclosed, comments=comments)
