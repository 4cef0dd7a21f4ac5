"""What a question asks for, and whether a sentence states it (the cues are in `lexicon.py`)."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.answer.language import words
from bot.answer.lexicon import INTENTS, LISTING_CUES, MONTHS, PLURAL_ONLY, Intent


def _cue_regex(cue: str) -> str:
    if " " in cue.strip():
        return r"(?<!\w)" + re.escape(cue) + r"s?(?!\w)"  # whole words: "a year" ≠ "a yearly"
    if not cue.isalnum():
        return re.escape(cue)  # "€", "@", "on-site"
    if len(cue) <= 2:
        return r"(?<!\w)" + cue + r"(?!\w)"  # "eu", "cv": whole words only
    return r"(?<!\w)" + re.escape(cue) + r"\w*"  # a word prefix: "lön" → "lönen"


@lru_cache(maxsize=256)
def _cues_pattern(cues: tuple[str, ...]) -> re.Pattern:
    """One regex for all cues, a group each, so one scan counts the distinct cues found."""
    return re.compile("|".join(f"({_cue_regex(cue)})" for cue in cues))


@lru_cache(maxsize=200_000)
def cue_hits(text: str, cues: tuple[str, ...]) -> int:
    """How many of the cues occur in the text."""
    return len(_found(text, cues))


def _matches(text: str, cues: tuple[str, ...]) -> list[re.Match]:
    return list(_cues_pattern(cues).finditer(text.lower().replace("’", "'")))


def _found(text: str, cues: tuple[str, ...]) -> set[int]:
    return {m.lastindex for m in _matches(text, cues)}


@lru_cache(maxsize=20_000)
def _specificity(text: str, cues: tuple[str, ...]) -> float:
    """How much of a matched word its cue covers: "ansøgningsfrist" says more than "ansøg"
    about "ansøgningsfristen"."""
    return max(
        (len(cues[m.lastindex - 1]) / len(m.group()) for m in _matches(text, cues)), default=0
    )


def detect_intents(question: str) -> list[Intent]:
    """The intents a question asks for, strongest first (several for "salary and remote?").

    Two intents the question supports equally ("does she need to be in Stockholm?": location or
    eligibility) become one that accepts the evidence of either.
    """
    dated = question_mentions_date(question)
    scored = [
        ((cue_hits(question, i.question), _specificity(question, i.question)), i)
        for i in INTENTS
        if not (dated and i.name == "published")  # "the one posted feb 2026" names a posting
    ]
    ranked = [(key, intent) for key, intent in sorted(scored, key=lambda x: x[0], reverse=True)]
    ranked = [(key, intent) for key, intent in ranked if key[0]]
    if len(ranked) >= 2 and ranked[0][0] == ranked[1][0]:
        return [_merge(ranked[0][1], ranked[1][1])] + [i for _, i in ranked[2:]]
    return [intent for _, intent in ranked]


def question_mentions_date(question: str) -> bool:
    return bool(re.search(r"\b(19|20)\d\d\b", question))


def _merge(first: Intent, second: Intent) -> Intent:
    patterns = [p for p in (first.pattern, second.pattern) if p]
    return Intent(
        first.name,
        question=first.question + second.question,
        evidence=first.evidence + second.evidence,
        headings=first.headings + second.headings,
        pattern="|".join(f"(?:{p})" for p in patterns),
        strict=first.strict and second.strict,
        facts_first=first.facts_first or second.facts_first,
    )


def listing_strength(question: str) -> int:
    """2: clearly about the postings as a whole; 1: plural nouns only ("any Go jobs?"); 0: no."""
    text = " " + " ".join(words(question)) + " "
    found = [cue for cue in LISTING_CUES if f" {cue} " in text or f" {cue}?" in text]
    if any(cue not in PLURAL_ONLY for cue in found):
        return 2
    return 1 if found else 0


@lru_cache(maxsize=4096)
def cue_words(question: str) -> frozenset[str]:
    """The question's words that belong to some intent's cues ("salary", "start", "lead")."""
    found = set()
    for token in words(question):
        for intent in INTENTS:
            if any(
                " " not in cue and cue.isalnum() and token.startswith(cue)
                for cue in intent.question
            ):
                found.add(token)
                break
    return frozenset(found)


_WHEN = re.compile(r"\b(when|how long|how soon|när|når|hvornår|hur länge|hvor lenge)\b", re.I)
_TIME = re.compile(
    r"\b(\d{4}|\d{1,2}(st|nd|rd|th)?|week|weeks|days?|month|months|vecka|veckor|uke|uker|uge|"
    r"dag|dagar|dager|måned|månad|" + "|".join(MONTHS.split()) + r")\b",
    re.I,
)


def asks_when(question: str) -> bool:
    return bool(_WHEN.search(question))


def mentions_time(sentence: str) -> bool:
    return bool(_TIME.search(sentence))


@lru_cache(maxsize=200_000)
def sentence_states(intent: Intent, sentence: str) -> bool:
    """Whether a sentence carries the kind of fact the intent asks for."""
    if intent.pattern and re.search(intent.pattern, sentence, re.IGNORECASE):
        return True
    return cue_hits(sentence, intent.evidence) > 0
