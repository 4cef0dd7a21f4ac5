"""A small sentence splitter for en/sv/nb/nn/da that returns exact substrings.

Lines are units of their own (list items, table cells, hard line breaks are rendered on their
own line); within a line we split after `.`, `!`, `?` or `…` followed by a space and an
upper-case letter, a digit or an opening quote, unless the word before is an abbreviation.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


# Lower-cased, without the final period. Multi-part ones ("t.ex") keep inner periods.
ABBREVIATIONS = words(
    """
    e.g i.e etc approx appr vs cf incl excl esp resp min max mr mrs ms dr prof sr jr st no nr
    jan feb mar apr jun jul aug sep sept oct okt nov dec fig ca co corp inc ltd dept est
    t.ex bl.a m.m osv dvs d.v.s mfl m.fl o.s.v p.g.a pga inkl exkl ev s.k sk fr.o.m t.o.m resp
    f.eks bl.a m.v mv evt ifm iht osv pr jf dvs ca kl nr s.k fx f.ex mht tlf tel vedr
    """
)


_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-ZÅÄÖÆØÉÜ0-9])")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _is_abbreviation(text_before: str) -> bool:
    match = _WORD_BEFORE.search(text_before)
    if not match:
        return False
    word = match.group(1).lower().lstrip("(\"'“‘")
    if word in ABBREVIATIONS:
        return True
    # Initials ("J. Smith") and single letters of a list ("a.") are not sentence ends.
    return len(word) == 1 and word.isalpha()


def _split_line(line: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        punct_end = match.end()
        if line[match.start()] == "." and _is_abbreviation(line[: match.start()]):
            continue
        spans.append((start, punct_end))
        start = punct_end
    spans.append((start, len(line)))
    out: list[tuple[int, int]] = []
    for begin, end in spans:
        piece = line[begin:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            out.append((offset + begin + lead, offset + begin + lead + len(stripped)))
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        spans.extend(_split_line(line, offset))
        offset += len(line) + 1
    return spans


def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences of `text`, each an exact substring of it, in order."""
    return tuple(text[start:end] for start, end in sentence_spans(text))
