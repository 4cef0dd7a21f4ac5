"""Picking the sentences of a posting that answer a question, and quoting them exactly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote as percent_encode

from bot.answer.intents import asks_when, cue_hits, mentions_time, sentence_states
from bot.answer.lexicon import Intent
from bot.answer.matching import best_match, idf_weights, overlap, tokens
from bot.answer.terms import (
    TOPIC_SHARE,
    QuestionTerms,
    distinct_topic,
    question_terms,
    topic_focus,
    topic_share,
)
from index.models import Chunk, SectionKind

MAX_QUOTE_CHARS = 400
_ANAPHOR = re.compile(
    r"(This|That|These|Those|It|Such|Detta|Det|Dette|Denna|Denne|Disse|Dessa)\b(?! is a\b)"
)
_LABEL_MAX = 30  # a sentence this short, or ending in ":", is a label: quote what follows too


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
    """Every sentence of the chunks, scored against the question; best first.

    A sentence states the intent's fact when it carries the intent's evidence cues, the
    question's own words for that fact ("utstyr" in "teknoutstyr"), or most of the question's
    topic words, itself or in its heading ("Our data stack", "Will there be any traveling?").
    """
    terms = question_terms(question, intent, frozenset(skip_words))
    query = list(terms.query)
    sentences = tuple(s for c in chunks for s in c.sentences)
    weights = _weights(sentences)
    topic = distinct_topic(terms, sentences)
    strict = bool(intent and intent.strict)
    when = asks_when(question)
    scored = []
    for chunk in chunks:
        heading = " ".join(chunk.heading_path)
        on_topic = bool(intent and intent.headings and cue_hits(heading, intent.headings))
        # FAQ-style headings ("I don't live in the EU, can I apply?") often echo the question.
        heading_match = overlap(query, tokens(heading), weights) if query and heading else 0.0
        echoed = bool(heading) and topic_share(topic, terms, heading) >= TOPIC_SHARE
        # a heading with the question's word for the fact ("Our data stack") is on the fact
        fact_heading = bool(heading) and topic_share(terms.facts, terms, heading) >= TOPIC_SHARE
        for i, sentence in enumerate(chunk.sentences):
            found = terms.sentence_tokens(sentence)
            # a strict fact ("salary range?") needs all of them: "a range of training" isn't pay
            topical = topic_share(topic, terms, sentence) >= (1.0 if strict else TOPIC_SHARE)
            states = bool(intent and sentence_states(intent, _with_label(chunk, i)))
            if intent and not states:
                states = echoed or fact_heading or topical or _has_fact_word(terms, found)
            evidence = min(cue_hits(sentence, intent.evidence), 3) / 3 if intent else 0.0
            lexical = overlap(query, found, weights) if query else 0.0
            score = (
                (0.6 * states + 0.4 * evidence if intent else 0.0)
                + 0.35 * on_topic
                + 0.5 * heading_match
                + 0.9 * lexical
                + 0.8 * topic_focus(topic, terms, sentence)
                + 0.3 * echoed
                + 0.6 * dense.get(chunk.id, 0.0)
                + (0.3 if when and mentions_time(sentence) else 0.0)
                - (0.15 if chunk.kind == SectionKind.FACTS and not states else 0.0)
                + (0.3 if states and _from_fields(intent, chunk) else 0.0)
                + (0.25 if intent and _concrete(intent, sentence) else 0.0)
            )
            scored.append(ScoredSentence(chunk, i, score, states))
    return sorted(scored, key=lambda s: -s.score)


def _concrete(intent: Intent, sentence: str) -> bool:
    """The sentence holds the fact's value itself: a figure, a date, an address."""
    return bool(intent.pattern and re.search(intent.pattern, sentence, re.IGNORECASE))


def _has_fact_word(terms: QuestionTerms, found: tuple[str, ...]) -> bool:
    """The question's own words for the intent's fact ("utstyr") found in the sentence."""
    return any(best_match(w, found) >= 0.6 for w in terms.facts)


WARM_UP_CHUNKS = 30_000  # above this, warming every posting would slow start-up more than it saves


def warm_up_postings(index) -> None:
    """Tokenize every posting's sentences now, not during the first question about it."""
    if len(index.chunks) > WARM_UP_CHUNKS:
        return
    for uid in index.postings:
        _weights(tuple(s for c in index.chunks_of(uid) for s in c.sentences))


@lru_cache(maxsize=4096)
def _weights(sentences: tuple[str, ...]) -> dict[str, float]:
    """IDF of words within one posting: a posting's own vocabulary decides what is rare."""
    return idf_weights(tokens(s) for s in sentences)


def _from_fields(intent: Intent | None, chunk: Chunk) -> bool:
    return bool(intent and intent.facts_first and chunk.kind == SectionKind.FACTS)


def _with_label(chunk: Chunk, i: int) -> str:
    """A sentence with the label before it ("Salary range:" + "€50,000 - €80,000")."""
    if chunk.kind == SectionKind.FACTS:
        return chunk.sentences[i]  # each line of the facts is "Label: value" already
    previous = chunk.sentences[i - 1] if i else ""
    if previous and (previous.rstrip().endswith(":") or len(previous) <= _LABEL_MAX):
        return f"{previous} {chunk.sentences[i]}"
    return chunk.sentences[i]


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
    # the best sentence's neighbours in its section often finish its answer
    sibling_floor = pool[0].score * 0.45
    for candidate in pool:
        if len(picked) >= most or candidate.score < sibling_floor:
            break
        if candidate.score < floor and candidate.chunk.id != pool[0].chunk.id:
            continue
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
