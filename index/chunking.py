"""A posting into chunks: one per section, long sections split at sentence boundaries."""

from __future__ import annotations

from index.models import Chunk, Posting, Section, chunk_id
from index.text.sentences import sentence_spans

MAX_CHUNK_WORDS = 150


def _word_count(text: str) -> int:
    return len(text.split())


def _locate(section: Section) -> list[tuple[int, int]]:
    """Offsets of the section's sentences in its text (they are substrings, in order)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in section.sentences:
        start = section.text.find(sentence, pos)
        if start < 0:
            return sentence_spans(section.text)
        spans.append((start, start + len(sentence)))
        pos = start + len(sentence)
    return spans


def split_section(section: Section, max_words: int = MAX_CHUNK_WORDS) -> list[tuple[str, tuple]]:
    """(text, sentences) parts of a section, each of at most ~max_words (or one long sentence)."""
    spans = _locate(section)
    if _word_count(section.text) <= max_words or len(spans) < 2:
        return [(section.text, tuple(section.sentences))]
    groups: list[list[tuple[int, int]]] = [[]]
    words = 0
    for span in spans:
        size = _word_count(section.text[span[0] : span[1]])
        if groups[-1] and words + size > max_words:
            groups.append([])
            words = 0
        groups[-1].append(span)
        words += size
    parts = []
    for group in groups:
        text = section.text[group[0][0] : group[-1][1]]
        offset = group[0][0]
        sentences = tuple(text[s - offset : e - offset] for s, e in group)
        parts.append((text, sentences))
    return parts


def section_url(page_url: str, anchor: str) -> str:
    return f"{page_url}#{anchor}" if anchor else page_url


def chunk_posting(posting: Posting, max_words: int = MAX_CHUNK_WORDS) -> list[Chunk]:
    """Chunks of a posting in section order; ids are f"{posting.uid}#{n}"."""
    chunks: list[Chunk] = []
    for section in posting.sections:
        for text, sentences in split_section(section, max_words):
            chunks.append(
                Chunk(
                    id=chunk_id(posting.uid, len(chunks)),
                    posting_uid=posting.uid,
                    posting_id=posting.id,
                    site=posting.site,
                    title=posting.title,
                    language=posting.language,
                    visibility=posting.visibility,
                    heading_path=section.heading_path,
                    anchor=section.anchor,
                    url=section_url(posting.url, section.anchor),
                    text=text,
                    sentences=sentences,
                    kind=section.kind,
                    is_section_page=posting.is_section_page,
                )
            )
    return chunks
