"""Picking the sentences of a posting that answer a question, and quoting them exactly."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote as percent_encode

from bot.answer.intents import asks_when, cue_hits, evidence_of, mentions_time
from bot.answer.lexicon import Intent
from bot.answer.matching import stems
from bot.answer.sentences import Line, PostingText, posting_text
from bot.answer.terms import DISTINCT_SHARE, TOPIC_MATCH, TOPIC_SHARE, QuestionTerms, question_terms
from bot.answer.tuning import DEFAULT_TUNING, Tuning
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
    tuning: Tuning = DEFAULT_TUNING,
) -> list[ScoredSentence]:
    """Every sentence of the chunks, scored against the question; best first.

    A sentence states the intent's fact when it carries the intent's evidence cues, the
    question's own words for that fact ("utstyr" in "teknoutstyr"), or most of the question's
    topic words, itself or in its heading ("Our data stack", "Will there be any traveling?").
    """
    scored = _scores(chunks, question, intent, dense, skip_words, tuning)
    return sorted((ScoredSentence(*s) for s in scored), key=lambda s: -s.score)


def best_sentence(
    chunks: list[Chunk],
    question: str,
    dense: dict[str, float],
    keep: Callable[[str], bool],
    tuning: Tuning = DEFAULT_TUNING,
) -> ScoredSentence | None:
    """The first sentence of `score_sentences` (without an intent) that `keep` accepts."""
    best = None
    for chunk, i, score, states in _scores(chunks, question, None, dense, tuning=tuning):
        if (best is None or score > best[2]) and keep(chunk.sentences[i]):
            best = (chunk, i, score, states)
    return ScoredSentence(*best) if best else None


def _scores(
    chunks: list[Chunk],
    question: str,
    intent: Intent | None,
    dense: dict[str, float],
    skip_words: set[str] = frozenset(),
    tuning: Tuning = DEFAULT_TUNING,
) -> Iterator[tuple[Chunk, int, float, bool]]:
    t = tuning
    terms = question_terms(question, intent, frozenset(skip_words))
    query = list(terms.query)
    text = posting_text(chunks)
    words = text.query(query)
    found = _Found(text, terms)
    topic = found.distinct_topic()
    strict = bool(intent and intent.strict)
    evidence = evidence_of(intent) if intent else None
    when = asks_when(question)
    for chunk, section in zip(chunks, text.sections, strict=True):
        on_topic = bool(intent and intent.headings and cue_hits(section.heading, intent.headings))
        heading = found.present(section.heading, section.heading_words)
        # FAQ-style headings ("I don't live in the EU, can I apply?") often echo the question.
        heading_match = (
            text.overlap(words, section.heading_words) if query and section.heading else 0.0
        )
        echoed = bool(section.heading) and found.share(topic, heading) >= TOPIC_SHARE
        # a heading with the question's word for the fact ("Our data stack") is on the fact
        fact_heading = bool(section.heading) and found.share(terms.facts, heading) >= TOPIC_SHARE
        for i, line in enumerate(section.lines):
            present = found.present(line.text, line.words)
            # a strict fact ("salary range?") needs all of them: "a range of training" isn't pay
            topical = found.share(topic, present) >= (1.0 if strict else TOPIC_SHARE)
            states = bool(evidence and evidence.states(_labeled(chunk, line)))
            if evidence and not states:
                states = echoed or fact_heading or topical or found.has_fact_word(present)
            stated = min(evidence.hits(line.text), 3) / 3 if evidence else 0.0
            lexical = text.overlap(words, present) if query else 0.0
            score = (
                (t.states_weight * states + t.stated_weight * stated if intent else 0.0)
                + t.on_topic_heading * on_topic
                + t.heading_match * heading_match
                + t.lexical_weight * lexical
                + t.focus_weight * found.focus(topic, present)
                + t.echoed_heading * echoed
                + t.dense_weight * dense.get(chunk.id, 0.0)
                + (t.when_bonus if when and mentions_time(line.text) else 0.0)
                - (t.facts_penalty if chunk.kind == SectionKind.FACTS and not states else 0.0)
                + (t.fields_bonus if states and _from_fields(intent, chunk) else 0.0)
                + (t.concrete_bonus if evidence and evidence.concrete(line.text) else 0.0)
            )
            yield chunk, i, score, states


class _Found:
    """The question's terms looked up in one posting's prepared words, through the posting's
    vocabulary instead of word against word: which topic words a sentence or heading holds, and
    which are rare in the posting."""

    def __init__(self, text: PostingText, terms: QuestionTerms) -> None:
        self.text = text
        self.terms = terms

    def present(self, text: str, words: frozenset[str]) -> frozenset[str]:
        """The words of `text`, less names the question capitalises but `text` doesn't."""
        if not self.terms.exact:
            return words
        missing = {w for w in self.terms.exact if not self.terms.fits(w, text)}
        return words - missing if missing else words

    def best(self, word: str, present: frozenset[str]) -> float:
        return self.text.vocabulary.best(word, present)

    def share(self, words: dict[str, int] | tuple[str, ...], present: frozenset[str]) -> float:
        if not words:
            return 0.0
        return sum(1 for w in words if self.best(w, present) >= TOPIC_MATCH) / len(words)

    def focus(self, words: dict[str, int], present: frozenset[str]) -> float:
        if not words:
            return 0.0
        return sum(
            1 / n for w, n in words.items() if n and self.best(w, present) >= TOPIC_MATCH
        ) / len(words)

    def has_fact_word(self, present: frozenset[str]) -> bool:
        """The question's own words for the intent's fact ("utstyr") found in the sentence."""
        return any(self.best(w, present) >= 0.6 for w in self.terms.facts)

    def distinct_topic(self) -> dict[str, int]:
        """Topic words found in few of the posting's sentences, with how many: "k8s" in a
        Kubernetes posting is what the posting is about, not what one sentence answers."""
        lines: list[Line] = [line for section in self.text.sections for line in section.lines]
        most = max(DISTINCT_SHARE * len(lines), 2.0)
        counts = {
            w: sum(1 for line in lines if self.best(w, line.words) >= TOPIC_MATCH)
            for w in self.terms.topic
        }
        return {w: n for w, n in counts.items() if n <= most}


def _labeled(chunk: Chunk, line: Line) -> str:
    """The sentence with the label before it; each line of the facts is "Label: value" already."""
    return line.text if chunk.kind == SectionKind.FACTS else line.labeled


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
    scored: list[ScoredSentence],
    most: int | None = None,
    strict: bool = False,
    tuning: Tuning = DEFAULT_TUNING,
) -> list[tuple[ScoredSentence, str]]:
    """Up to `most` distinct quotes from the best sentences (only stating ones when strict)."""
    most = tuning.most_quotes if most is None else most
    picked: list[tuple[ScoredSentence, str]] = []
    pool = [s for s in scored if s.states] if strict else scored
    if not pool:
        return []
    floor = pool[0].score * tuning.quote_floor
    # the best sentence's neighbours in its section often finish its answer
    sibling_floor = pool[0].score * tuning.sibling_floor
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
