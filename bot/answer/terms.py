"""What a question asks about, in its own words: the words a quote should contain.

"senior platform eng - do i need to know Go?" asks for requirements (intent cues "need", "know")
about "Go" (a topic word). A sentence that holds most of the question's topic words states the
answer whatever the intent's cues say ("Swedish is a plus but not required"), and a short
capitalised name ("Go", "R", "C") is matched as written: "go through" is not the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.answer.intents import cue_words, detect_intents, intent_words, phrase_words
from bot.answer.lexicon import Intent
from bot.answer.matching import SYNONYMS, compound_parts, content_tokens

TOPIC_MATCH = 0.85  # a topic word is in a sentence when it matches a word of it this well
TOPIC_SHARE = 0.5  # a sentence (or its heading) holding this share of the topic words states it
DISTINCT_SHARE = 1 / 8  # a word in more of a posting's sentences than this says nothing special


@dataclass(frozen=True)
class QuestionTerms:
    query: tuple[str, ...]  # content words, without the words that name the posting
    facts: tuple[str, ...]  # words of the query that ask for the detected intent ("salary")
    topic: tuple[str, ...]  # words of the query that ask for no intent at all ("Go", "travel")
    exact: dict[str, re.Pattern]  # short capitalised names, matched as written

    def fits(self, word: str, sentence: str) -> bool:
        """Whether `word` may count as found in `sentence` (a capitalised name as written)."""
        pattern = self.exact.get(word)
        return pattern is None or bool(pattern.search(sentence))


def question_terms(
    question: str, intent: Intent | None, skip_words: frozenset[str] = frozenset()
) -> QuestionTerms:
    query = tuple(
        t
        for t in content_tokens(question)
        if t not in skip_words and not skip_words.intersection(compound_parts(t))
    )
    any_intent = cue_words(question)
    asked = fact_words(question, intent) if intent else frozenset()
    return QuestionTerms(
        query=query,
        facts=tuple(t for t in query if t in asked),
        # a number ("2026") dates the posting; it is not what a sentence should be about
        topic=tuple(dict.fromkeys(t for t in query if t not in any_intent and not t.isdigit())),
        exact=exact_names(question, query),
    )


def fact_words(question: str, intent: Intent) -> frozenset[str]:
    """Words that ask for the intents the question names ("remotely" in "I live in Canada, could
    I work remotely?"), but not those that only phrase the main one ("apply" in "can I apply")."""
    asked = {w for other in detect_intents(question) for w in intent_words(question, other)}
    return frozenset(asked | intent_words(question, intent)) - phrase_words(question, intent)


def exact_names(question: str, words: tuple[str, ...] | list[str]) -> dict[str, re.Pattern]:
    """Short capitalised names ("Go", "C", "R") match only as written, or as a known synonym."""
    return dict(_exact_patterns(question, tuple(words)))


@lru_cache(maxsize=4096)
def _exact_patterns(question: str, words: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    patterns = []
    for word in re.findall(r"(?<![\w-])[A-Z][\w+#]{0,2}(?![\w-])", question):
        lower = word.lower()
        if lower not in words:
            continue
        variants = [re.escape(word)] + [
            re.escape(alias) for alias, canon in SYNONYMS.items() if canon == lower
        ]
        patterns.append((lower, re.compile(r"(?<![\w-])(" + "|".join(variants) + r")(?![\w-])")))
    return tuple(patterns)
