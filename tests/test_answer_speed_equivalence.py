"""The answer engine's fast paths give exactly what their plain definitions give, on the real
corpus and the eval questions: a cue scan of only the cues present, a question's cue strength
and a sentence's evidence from that scan, fuzzy matches looked up in a posting's vocabulary,
and sentence scores (topic words, exact names and all) from prepared posting text."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from bot.answer.intents import (
    _cue_regex,
    _function_words_only,
    _matches,
    _strength,
    asks_when,
    cue_hits,
    detect_intents,
    evidence_of,
    mentions_time,
)
from bot.answer.lexicon import INTENTS
from bot.answer.matching import content_tokens, idf_weights, tokens, words_match
from bot.answer.quotes import best_sentence, score_sentences
from bot.answer.sentences import with_label
from bot.answer.terms import DISTINCT_SHARE, TOPIC_MATCH, TOPIC_SHARE, QuestionTerms, question_terms
from bot.answer.vocabulary import Vocabulary
from index.chunking import chunk_posting
from index.hugo.site import read_hugo_site
from index.models import SectionKind

QA_FILE = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "qa.jsonl"
# Questions with what the eval set lacks: short capitalised names, a currency code, accents
# dropped, a function-word cue.
EXTRA_QUESTIONS = [
    "Do I need to know Go for the backend role?",
    "Is C or R required?",
    "is the salary paid in EUR or SEK?",
    "hur mycket ar lonen for saljare?",
    "I do live in Norway, can I apply?",
]


@pytest.fixture(scope="module")
def postings_chunks(web_site, beta_site):
    """The chunks of every real posting, one list per posting."""
    postings = [*read_hugo_site(web_site).postings, *read_hugo_site(beta_site).postings]
    return [chunks for chunks in (chunk_posting(p) for p in postings) if chunks]


@pytest.fixture(scope="module")
def questions(corpus_dir) -> list[str]:
    rows = [json.loads(line) for line in QA_FILE.read_text(encoding="utf-8").splitlines() if line]
    texts = [text for row in rows for text in [row["question"], *row["history"]]]
    return list(dict.fromkeys(texts + EXTRA_QUESTIONS))


def _sentences(postings_chunks) -> list[str]:
    return [s for chunks in postings_chunks for chunk in chunks for s in chunk.sentences]


def _one_regex_matches(text: str, cues: tuple[str, ...]) -> list[tuple[int, str]]:
    """The plain definition: one regex alternating every cue, a group each."""
    pattern = re.compile("|".join(f"({_cue_regex(cue)})" for cue in cues))
    lowered = text.lower().replace("’", "'")
    return [(m.lastindex - 1, m.group()) for m in pattern.finditer(lowered)]


def _texts_and_cue_sets(sentences, questions):
    """Sentences with the cues of sentences and headings, questions with those of questions."""
    merged = [a.evidence + b.evidence for a, b in itertools.pairwise(INTENTS)]
    sentences = [
        *sentences,
        "salary salaries €50 000 per year, a year or yearly, paid in EUR (eur-based)",
        "on-site",
    ]
    yield from ((sentences, i.evidence) for i in INTENTS)
    yield from ((sentences, i.headings) for i in INTENTS if i.headings)
    yield from ((sentences[::7], cues) for cues in merged)
    yield from ((questions, i.question) for i in INTENTS)


def test_cue_scan_finds_what_one_regex_of_all_cues_finds(postings_chunks, questions):
    checked = differing = 0
    for texts, cues in _texts_and_cue_sets(_sentences(postings_chunks), questions):
        pattern = re.compile("|".join(f"({_cue_regex(cue)})" for cue in cues))
        for text in texts:
            lowered = text.lower().replace("’", "'")
            expected = [(m.lastindex - 1, m.group()) for m in pattern.finditer(lowered)]
            checked += 1
            differing += _matches(text, cues) != expected
    assert checked > 10_000
    assert differing == 0


def test_cue_scan_keeps_leftmost_first_among_overlapping_cues():
    cues = ("lön", "lönespann", "spann", "per år", "år")
    text = "Lönespannet är 40 000 per år, årligen"
    assert _matches(text, cues) == _one_regex_matches(text, cues)
    # "lön" is tried first and takes the whole word; "år" is whole-word only and inside "per år"
    assert [cues[i] for i, _ in _matches(text, cues)] == ["lön", "per år"]
    assert cue_hits(text, cues) == 2


def test_question_cue_strength_equals_its_one_regex_definition(questions):
    for question in questions:
        for intent in INTENTS:
            found = _one_regex_matches(question, intent.question)
            specificity = max(
                (
                    len(cue) / len(word) * (0.5 if _function_words_only(cue) else 1.0)
                    for index, word in found
                    for cue in (intent.question[index],)
                ),
                default=0,
            )
            count = len({index for index, _ in found})
            assert _strength(question, intent.question) == (count, specificity), question


def _states_plainly(intent, sentence: str) -> bool:
    """The plain definition of `sentence_states`: evidence cues, else the pattern unless a
    rival intent's evidence is there."""
    if _one_regex_matches(sentence, intent.evidence):
        return True
    if intent.pattern and re.search(intent.pattern, sentence, re.IGNORECASE):
        rivals = [r for r in INTENTS if r.name in intent.rivals]
        return not any(_one_regex_matches(sentence, r.evidence) for r in rivals)
    return False


def test_sentence_evidence_equals_its_plain_definition(postings_chunks):
    sentences = _sentences(postings_chunks)
    for intent in INTENTS:
        evidence = evidence_of(intent)
        for sentence in sentences[:: 3 if intent.rivals else 5]:
            assert evidence.states(sentence) == _states_plainly(intent, sentence), sentence
            plain_hits = len({i for i, _ in _one_regex_matches(sentence, intent.evidence)})
            assert evidence.hits(sentence) == plain_hits


def test_vocabulary_matches_are_every_word_that_matches_at_all(postings_chunks, questions):
    accents_dropped = ["saljare", "lon", "oppen", "ansokan", "tjanst", "utvecklingsteamet"]
    question_words = sorted({w for q in questions for w in content_tokens(q)} | {*accents_dropped})
    assert len(question_words) > 100
    for chunks in postings_chunks[:: max(len(postings_chunks) // 3, 1)]:
        vocabulary_words = {t for chunk in chunks for s in chunk.sentences for t in tokens(s)}
        vocabulary = Vocabulary(vocabulary_words)
        for word in question_words:
            expected = {t: words_match(word, t) for t in vocabulary_words}
            found = dict((other, score) for score, other in vocabulary.matches(word))
            assert found == {t: score for t, score in expected.items() if score > 0}, word
            sentence = tokens(chunks[0].sentences[0]) if chunks[0].sentences else ()
            assert vocabulary.best(word, frozenset(sentence)) == best_match(word, sentence)


def _labeled(chunk, i: int) -> str:
    return chunk.sentences[i] if chunk.kind == SectionKind.FACTS else with_label(chunk.sentences, i)


def _scores_word_by_word(chunks, question, intent, dense, skip_words=frozenset()):
    """The plain definition of `score_sentences`: every word compared with every word."""
    terms = question_terms(question, intent, frozenset(skip_words))
    query = list(terms.query)
    sentences = tuple(s for c in chunks for s in c.sentences)
    weights = idf_weights(tokens(s) for s in sentences)
    topic = distinct_topic(terms, sentences)
    strict = bool(intent and intent.strict)
    when = asks_when(question)
    scored = []
    for chunk in chunks:
        heading = " ".join(chunk.heading_path)
        on_topic = bool(intent and intent.headings and cue_hits(heading, intent.headings))
        heading_match = overlap(query, tokens(heading), weights) if query and heading else 0.0
        echoed = bool(heading) and topic_share(topic, terms, heading) >= TOPIC_SHARE
        fact_heading = bool(heading) and topic_share(terms.facts, terms, heading) >= TOPIC_SHARE
        for i, sentence in enumerate(chunk.sentences):
            found = _sentence_tokens(terms, sentence)
            topical = topic_share(topic, terms, sentence) >= (1.0 if strict else TOPIC_SHARE)
            states = bool(intent and _states_plainly(intent, _labeled(chunk, i)))
            if intent and not states:
                fact_word = any(best_match(w, found) >= 0.6 for w in terms.facts)
                states = echoed or fact_heading or topical or fact_word
            evidence = min(cue_hits(sentence, intent.evidence), 3) / 3 if intent else 0.0
            lexical = overlap(query, found, weights) if query else 0.0
            facts = chunk.kind == SectionKind.FACTS
            concrete = bool(
                intent and intent.pattern and re.search(intent.pattern, sentence, re.IGNORECASE)
            )
            score = (
                (0.6 * states + 0.4 * evidence if intent else 0.0)
                + 0.35 * on_topic
                + 0.5 * heading_match
                + 0.9 * lexical
                + 0.8 * topic_focus(topic, terms, sentence)
                + 0.3 * echoed
                + 0.6 * dense.get(chunk.id, 0.0)
                + (0.3 if when and mentions_time(sentence) else 0.0)
                - (0.15 if facts and not states else 0.0)
                + (0.3 if states and intent.facts_first and facts else 0.0)
                + (0.25 if concrete else 0.0)
            )
            scored.append((chunk.id, i, score, states))
    return sorted(scored, key=lambda s: -s[2])


def test_sentence_scores_equal_the_word_by_word_definition(postings_chunks, questions):
    for n, chunks in enumerate(postings_chunks):
        dense = {chunk.id: (k % 5) / 5 for k, chunk in enumerate(chunks)}
        for question in questions[n % 6 :: 6]:
            intents = detect_intents(question) or [None]
            for intent in intents[:2]:
                skip = set(content_tokens(chunks[0].title)[:1])
                expected = _scores_word_by_word(chunks, question, intent, dense, skip)
                found = score_sentences(chunks, question, intent, dense, skip)
                assert [(s.chunk.id, s.index, s.score, s.states) for s in found] == expected


def test_best_sentence_is_the_first_kept_of_the_scored(postings_chunks, questions):
    exact = re.compile(r"[A-Z]")  # keep sentences with a capital, as listings keep names
    for n, chunks in enumerate(postings_chunks):
        dense = {chunk.id: (k % 3) / 3 for k, chunk in enumerate(chunks)}
        for question in questions[n % 9 :: 9]:
            kept = [
                s
                for s in score_sentences(chunks, question, None, dense)
                if exact.search(s.sentence)
            ]
            found = best_sentence(chunks, question, dense, keep=lambda t: bool(exact.search(t)))
            assert found == (kept[0] if kept else None)


# The plain definitions the fast paths are checked against: word compared with word.


def best_match(word: str, target: tuple[str, ...]) -> float:
    """How well `word` matches its best counterpart among `target`."""
    if word in target:
        return 1.0
    return max((words_match(word, t) for t in set(target)), default=0.0)


def overlap(query: list[str], target: tuple[str, ...], weights: dict[str, float]) -> float:
    """IDF-weighted share of the query's words found (fuzzily) among the target's words."""
    if not query:
        return 0.0
    default = max(weights.values(), default=1.0)
    total = matched = 0.0
    for q in dict.fromkeys(query):
        weight = weights.get(q, default)
        total += weight
        matched += weight * best_match(q, tuple(target))
    return matched / total if total else 0.0


def _sentence_tokens(terms: QuestionTerms, sentence: str) -> tuple[str, ...]:
    """The sentence's words, without names the question capitalises but the sentence doesn't."""
    found = tokens(sentence)
    missing = {w for w in terms.exact if not terms.fits(w, sentence)}
    return tuple(t for t in found if t not in missing) if missing else found


def distinct_topic(terms: QuestionTerms, sentences: tuple[str, ...]) -> dict[str, int]:
    """Topic words found in few of a posting's sentences, with how many."""
    most = max(DISTINCT_SHARE * len(sentences), 2.0)
    counts = {
        w: sum(1 for s in sentences if best_match(w, tokens(s)) >= TOPIC_MATCH) for w in terms.topic
    }
    return {w: n for w, n in counts.items() if n <= most}


def topic_share(words: dict[str, int] | tuple[str, ...], terms: QuestionTerms, text: str) -> float:
    """The share of `words` found in `text`."""
    if not words:
        return 0.0
    found = _sentence_tokens(terms, text)
    return sum(1 for w in words if best_match(w, found) >= TOPIC_MATCH) / len(words)


def topic_focus(words: dict[str, int], terms: QuestionTerms, text: str) -> float:
    """Like `topic_share`, but a word found in one sentence counts more than one in three."""
    if not words:
        return 0.0
    found = _sentence_tokens(terms, text)
    return sum(1 / n for w, n in words.items() if n and best_match(w, found) >= TOPIC_MATCH) / len(
        words
    )
