"""What a question asks for, and whether a sentence states it (the cues are in `lexicon.py`)."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.answer.language import words
from bot.answer.lexicon import (
    FOLLOW_UP_OPENERS,
    INTENTS,
    LISTING_CUES,
    MONTHS,
    PLURAL_ONLY,
    QUANTITY_CUES,
    Intent,
)
from bot.answer.matching import STOPWORDS, content_tokens


def _cue_regex(cue: str) -> str:
    if cue.isupper():
        return r"(?<!\w)" + re.escape(cue.lower()) + r"(?!\w)"  # "EUR": a whole word only
    if " " in cue.strip():
        return r"(?<!\w)" + re.escape(cue) + r"s?(?!\w)"  # whole words: "a year" ≠ "a yearly"
    if not cue.isalnum():
        return re.escape(cue)  # "€", "@", "on-site"
    if len(cue) <= 2:
        return r"(?<![\w-])" + cue + r"(?![\w-])"  # "eu", "cv": whole words ("EU-made" isn't)
    return r"(?<!\w)" + re.escape(cue) + r"\w*"  # a word prefix: "lön" → "lönen"


@lru_cache(maxsize=8192)
def _cue_pattern(cue: str) -> re.Pattern:
    return re.compile(_cue_regex(cue))


def _letters(cue: str) -> str:
    """What every match of the cue contains, in the lower-cased text ("EUR" as "eur")."""
    return cue.lower() if cue.isupper() else cue


def warm_up_cues() -> None:
    """Compile every cue of the lexicon now, not during the first question that meets it."""
    for intent in INTENTS:
        for cue in (*intent.question, *intent.evidence, *intent.headings):
            _cue_pattern(cue)


@lru_cache(maxsize=200_000)
def cue_hits(text: str, cues: tuple[str, ...]) -> int:
    """How many of the cues occur in the text."""
    return _distinct_cues(text, cues)


def _distinct_cues(text: str, cues: tuple[str, ...]) -> int:
    return len({index for index, _ in _matches(text, cues)})


def _matches(text: str, cues: tuple[str, ...]) -> list[tuple[int, str]]:
    """(cue index, matched text) of each match that one regex alternating the cues, in order,
    would find: at the leftmost place where any cue matches, the first such cue wins.

    Every cue matches its own letters, so a cue absent from the text can never match: most
    sentences are not scanned at all, the rest only for the few cues they contain.
    """
    lowered = text.lower().replace("’", "'")
    present = [
        (index, _cue_pattern(cue)) for index, cue in enumerate(cues) if _letters(cue) in lowered
    ]
    if len(present) == 1:
        index, pattern = present[0]
        return [(index, m.group()) for m in pattern.finditer(lowered)]
    found = []
    upcoming = {index: pattern.search(lowered) for index, pattern in present}
    position = 0
    while True:
        best: tuple[int, re.Match] | None = None
        for index, pattern in present:
            match = upcoming[index]
            if match is not None and match.start() < position:  # overlapped by the last match
                match = upcoming[index] = pattern.search(lowered, position)
            if match is not None and (best is None or match.start() < best[1].start()):
                best = (index, match)
        if best is None:
            return found
        found.append((best[0], best[1].group()))
        position = best[1].end()


@lru_cache(maxsize=20_000)
def _strength(question: str, cues: tuple[str, ...]) -> tuple[int, float]:
    """How many of the cues the question has, then how much of a matched word its cue covers:
    "ansøgningsfrist" says more than "ansøg" about "ansøgningsfristen"."""
    found = _matches(question, cues)
    specificity = max(
        (
            len(cues[index]) / len(word) * (0.5 if _function_words_only(cues[index]) else 1.0)
            for index, word in found
        ),
        default=0,
    )
    return len({index for index, _ in found}), specificity


def _function_words_only(cue: str) -> bool:
    """ "i do", "i'm in": a cue of function words says less than one with a content word."""
    return " " in cue and all(w in STOPWORDS for w in cue.split())


def detect_intents(question: str) -> list[Intent]:
    """The intents a question asks for, strongest first (several for "salary and remote?").

    Two intents the question supports equally ("does she need to be in Stockholm?": location or
    eligibility) become one that accepts the evidence of either.
    """
    dated = question_mentions_date(question)
    question = _without_quantity_of_nouns(question)
    scored = [
        (_strength(question, i.question), i)
        for i in INTENTS
        if not (dated and i.name == "published")  # "the one posted feb 2026" names a posting
    ]
    ranked = [(key, intent) for key, intent in sorted(scored, key=lambda x: x[0], reverse=True)]
    ranked = [(key, intent) for key, intent in ranked if key[0]]
    if len(ranked) >= 2 and ranked[0][0] == ranked[1][0]:
        first, second = (_longest_cue(question, i.question) for _, i in ranked[:2])
        if max(first, second) >= 2 * min(first, second) and max(first, second) >= 8:
            # "what happens after I send my CV?": a long phrase says more than a short word
            ranked[:2] = sorted(ranked[:2], key=lambda r: -_longest_cue(question, r[1].question))
            return [intent for _, intent in ranked]
        return [_merge(ranked[0][1], ranked[1][1])] + [i for _, i in ranked[2:]]
    return [intent for _, intent in ranked]


def _longest_cue(text: str, cues: tuple[str, ...]) -> int:
    return max((len(cues[index]) for index, _ in _matches(text, cues)), default=0)


def _without_quantity_of_nouns(question: str) -> str:
    """ "how much travel is involved?" → "travel is involved?"; "how much does it pay" stays."""
    text = question.lower()
    for cue in QUANTITY_CUES:
        match = re.search(rf"\b{cue}\s+([\wåäöæø'-]+)", text)
        if match and match.group(1) not in STOPWORDS:
            text = text[: match.start()] + text[match.start() + len(cue) :]
    return text


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
        rivals=tuple(r for r in first.rivals + second.rivals if r not in (first.name, second.name)),
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
    """The question's words that belong to some intent's cues ("salary", "start", "lead"), or
    to a phrase cue it contains ("live" in "I live in Canada")."""
    return frozenset(
        w
        for intent in INTENTS
        for w in intent_words(question, intent) | phrase_words(question, intent)
    )


@lru_cache(maxsize=4096)
def phrase_words(question: str, intent: Intent) -> frozenset[str]:
    """Words of the question inside this intent's phrase cues ("can i apply", "live in")."""
    return frozenset(
        w
        for index, matched in _matches(question, intent.question)
        if " " in intent.question[index]
        for w in words(matched)
    )


@lru_cache(maxsize=4096)
def intent_words(question: str, intent: Intent) -> frozenset[str]:
    """The question's words that belong to this intent's cues."""
    return frozenset(
        token for token in words(question) if any(_word_fits(token, c) for c in intent.question)
    )


def _word_fits(token: str, cue: str) -> bool:
    if " " in cue or not cue.isalnum():
        return False
    return token == cue.lower() if cue.isupper() else token.startswith(cue)


_WHEN = re.compile(r"\b(when|how long|how soon|när|når|hvornår|hur länge|hvor lenge)\b", re.I)
_TIME = re.compile(
    r"\b(\d{4}|\d{1,2}(st|nd|rd|th)?|week|weeks|days?|month|months|vecka|veckor|uke|uker|uge|"
    r"dag|dagar|dager|måned|månad|" + "|".join(MONTHS.split()) + r")\b",
    re.I,
)


def asks_when(question: str) -> bool:
    return bool(_WHEN.search(question))


@lru_cache(maxsize=100_000)
def mentions_time(sentence: str) -> bool:
    return bool(_TIME.search(sentence))


def sentence_states(intent: Intent, sentence: str) -> bool:
    """Whether a sentence carries the kind of fact the intent asks for."""
    return evidence_of(intent).states(sentence)


class IntentEvidence:
    """An intent's tests of sentences, compiled once, with each text's answers remembered."""

    MAX_REMEMBERED = 200_000

    def __init__(self, intent: Intent) -> None:
        self.intent = intent
        self._pattern = re.compile(intent.pattern, re.IGNORECASE) if intent.pattern else None
        self._rivals = tuple(rival for rival in INTENTS if rival.name in intent.rivals)
        self._states: dict[str, bool] = {}
        self._hits: dict[str, int] = {}

    def states(self, text: str) -> bool:
        """Whether the text carries the kind of fact the intent asks for: one of its evidence
        cues, or its pattern where no rival intent's evidence says the figure is another's."""
        found = self._states.get(text)
        if found is None:
            if len(self._states) > self.MAX_REMEMBERED:
                self._states.clear()
            found = self.hits(text) > 0 or bool(
                self._pattern
                and self._pattern.search(text)
                and not any(evidence_of(rival).hits(text) for rival in self._rivals)
            )
            self._states[text] = found
        return found

    def concrete(self, text: str) -> bool:
        """Whether the text matches the intent's pattern: the fact's value itself."""
        return bool(self._pattern and self._pattern.search(text))

    def hits(self, text: str) -> int:
        """How many of the intent's evidence cues occur in the text."""
        found = self._hits.get(text)
        if found is None:
            if len(self._hits) > self.MAX_REMEMBERED:
                self._hits.clear()
            found = self._hits[text] = _distinct_cues(text, self.intent.evidence)
        return found


@lru_cache(maxsize=256)
def evidence_of(intent: Intent) -> IntentEvidence:
    return IntentEvidence(intent)


_FOLLOW_UP = re.compile(rf"^\W*({FOLLOW_UP_OPENERS})\b", re.IGNORECASE)


def continues_thread(question: str, short: int) -> bool:
    """ "og frontend?", "and the 2024 one?", "the designer one?": a message that asks nothing of
    its own but opens as a follow-up, or is only a few words long."""
    return bool(_FOLLOW_UP.match(question)) or len(content_tokens(question)) <= short
