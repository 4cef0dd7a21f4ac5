"""Picking the sentences of a posting that answer a question, and quoting them exactly."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote as percent_encode

from bot.answer.intents import asks_when, cue_hits, cue_words, evidence_of, mentions_time
from bot.answer.lexicon import Intent
from bot.answer.matching import content_tokens, stems
from bot.answer.sentences import posting_text
from index.models import Chunk, SectionKind

MAX_QUOTE_CHARS = 400
_ANAPHOR = re.compile(
    r"(This|That|These|Those|It|Such|Detta|Det|Dette|Denna|Denne|Disse|Dessa)\b(?! is a\b)"
)


@dataclass(frozen=True)
class ScoredSentence:
    chunk: Chunk
    index: int  # position in chunk.sentences
    score: float
    states: bool  # carries the kind of fact the intent asks for

    @property
    def sentence(self) -> str:
        return self.chunk.sentences[self.index]


def score_sentences(
    chunks: list[Chunk],
    question: str,
    intent: Intent | None,
    dense: dict[str, float],
    skip_words: set[str] = frozenset(),
) -> list[ScoredSentence]:
    """Every sentence of the chunks, scored against the question; best first."""
    scored = _scores(chunks, question, intent, dense, skip_words)
    return sorted((ScoredSentence(*s) for s in scored), key=lambda s: -s.score)


def best_sentence(
    chunks: list[Chunk],
    question: str,
    dense: dict[str, float],
    keep: Callable[[str], bool],
) -> ScoredSentence | None:
    """The first sentence of `score_sentences` (without an intent) that `keep` accepts."""
    best = None
    for chunk, i, score, states in _scores(chunks, question, None, dense):
        if (best is None or score > best[2]) and keep(chunk.sentences[i]):
            best = (chunk, i, score, states)
    return ScoredSentence(*best) if best else None


def _scores(
    chunks: list[Chunk],
    question: str,
    intent: Intent | None,
    dense: dict[str, float],
    skip_words: set[str] = frozenset(),
) -> Iterator[tuple[Chunk, int, float, bool]]:
    query = [t for t in content_tokens(question) if t not in skip_words]
    # The question's own fact words ("utstyr") found in a sentence ("teknoutstyr") are evidence.
    fact_words = [t for t in query if t in cue_words(question)]
    text = posting_text(chunks)
    words = text.query(query)
    evidence = evidence_of(intent) if intent else None
    when = asks_when(question)
    for chunk, section in zip(chunks, text.sections, strict=True):
        on_topic = bool(intent and intent.headings and cue_hits(section.heading, intent.headings))
        # FAQ-style headings ("I don't live in the EU, can I apply?") often echo the question.
        heading_match = (
            text.overlap(words, section.heading_words) if query and section.heading else 0.0
        )
        for i, line in enumerate(section.lines):
            states = bool(evidence and evidence.states(line.labeled))
            if evidence and not states and fact_words:
                states = any(text.vocabulary.best(w, line.words) >= 0.6 for w in fact_words)
            stated = min(evidence.hits(line.text), 3) / 3 if evidence else 0.0
            lexical = text.overlap(words, line.words) if query else 0.0
            score = (
                (0.6 * states + 0.4 * stated if intent else 0.0)
                + 0.35 * on_topic
                + 0.5 * heading_match
                + 0.9 * lexical
                + 0.6 * dense.get(chunk.id, 0.0)
                + (0.3 if when and mentions_time(line.text) else 0.0)
                - (0.15 if chunk.kind == SectionKind.FACTS and not states else 0.0)
                + (0.3 if states and _from_fields(intent, chunk) else 0.0)
            )
            yield chunk, i, score, states


WARM_UP_CHUNKS = 30_000  # above this, warming every posting would slow start-up more than it saves


def warm_up_postings(index) -> None:
    """Prepare every posting's sentences now, not during the first question about it."""
    if len(index.chunks) > WARM_UP_CHUNKS:
        return
    for uid in index.postings:
        for word in posting_text(index.chunks_of(uid)).vocabulary.words:
            stems(word)


def _from_fields(intent: Intent | None, chunk: Chunk) -> bool:
    return bool(intent and intent.facts_first and chunk.kind == SectionKind.FACTS)


def quote_span(chunk: Chunk, index: int) -> str:
    """The sentence as an exact substring of the chunk text, with its label or value if needed."""
    sentences = chunk.sentences
    start_i, end_i = index, index
    if sentences[index].rstrip().endswith(":") and index + 1 < len(sentences):
        end_i = index + 1  # a label: include its value
    elif index > 0 and sentences[index - 1].rstrip().endswith(":"):
        start_i = index - 1  # a value: include its label
    elif index > 0 and _ANAPHOR.match(sentences[index]):
        start_i = index - 1  # "This lets us ...": the sentence before says what "this" is
    start = chunk.text.find(sentences[start_i])
    end_sentence = sentences[end_i]
    end = chunk.text.find(end_sentence, max(start, 0))
    if start < 0 or end < 0:
        return sentences[index]
    span = chunk.text[start : end + len(end_sentence)]
    return span if len(span) <= MAX_QUOTE_CHARS else sentences[index]


def pick_quotes(
    scored: list[ScoredSentence], most: int = 3, strict: bool = False
) -> list[tuple[ScoredSentence, str]]:
    """Up to `most` distinct quotes from the best sentences (only stating ones when strict)."""
    picked: list[tuple[ScoredSentence, str]] = []
    pool = [s for s in scored if s.states] if strict else scored
    if not pool:
        return []
    floor = pool[0].score * 0.55
    for candidate in pool:
        if len(picked) >= most or candidate.score < floor:
            break
        text = quote_span(candidate.chunk, candidate.index)
        if any(text in q or q in text for _, q in picked):
            continue
        picked.append((candidate, text))
    return picked


def text_fragment_url(url: str, quote: str) -> str:
    """`url` with a text fragment (#:~:text=) that scrolls to and highlights the quote."""
    words = quote.split()
    if len(words) > 10:
        directive = f"{_encode(' '.join(words[:4]))},{_encode(' '.join(words[-4:]))}"
    else:
        directive = _encode(" ".join(words))
    separator = ":~:" if "#" in url else "#:~:"
    return f"{url}{separator}text={directive}"


def _encode(text: str) -> str:
    return percent_encode(text, safe="").replace("-", "%2D")
