"""Which language a question is in, and which posting language it asks for.

Questions are short ("salary?", "när börjar man?"), where statistical identifiers guess wildly,
so function words decide first and py3langid only separates the Scandinavian languages.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("en", "sv", "nb", "nn", "da")

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        (
            "the is are was what whats what's how who whom which when where why does do "
            "did any and or for of to in on at with there this that it its i my me you "
            "your can could would should will be have has about role job posting position "
            "team salary apply"
        ).split()
    ),
    "sv": frozenset(
        (
            "är och vad hur vem vilka vilken vilket när var varför jag mig min mitt du ni "
            "det som kan på för inte med om till finns man ska har hos jobbet tjänsten "
            "också eller någon några lönen ansöker börjar söker"
        ).split()
    ),
    "nb": frozenset(
        (
            "er og hva hvordan hvem hvilke hvilken når hvor hvorfor jeg meg min mitt du "
            "dere det som kan på for ikke med om til finnes man skal har hos jobben "
            "stillingen også eller noen får lønna lønnen søke søknad bor"
        ).split()
    ),
    "nn": frozenset(("kva korleis kven kvifor eg ikkje noko nokon frå").split()),
    "da": frozenset(
        (
            "er og hvad hvordan hvem hvilke hvilken hvornår hvor hvorfor jeg mig min mit "
            "du i det som kan på for ikke med om til findes man skal har hos jobbet "
            "stillingen også eller nogen får lønnen søger ansøgning kigger laver der"
        ).split()
    ),
}

# Words that name a language in a question ("the swedish ad", "på svenska sidan").
_LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "engelska", "engelsk", "engelske"),
    "sv": ("swedish", "svenska", "svensk", "svenske"),
    "nb": ("norwegian", "norska", "norsk", "norske", "bokmål"),
    "nn": ("nynorsk",),
    "da": ("danish", "danska", "dansk", "danske"),
}

_WORD = re.compile(r"[\wåäöæøéü'’]+", re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def detect_language(text: str, default: str = "en") -> str:
    """One of SUPPORTED; `default` when the text gives no signal."""
    tokens = words(text)
    if not tokens:
        return default
    hits = {lang: sum(t in vocab for t in tokens) for lang, vocab in _FUNCTION_WORDS.items()}
    scandinavian = max(hits["sv"], hits["nb"], hits["da"], hits["nn"])
    has_nordic_letters = bool(re.search(r"[åäöæø]", text, re.IGNORECASE))
    if hits["en"] > scandinavian or (not has_nordic_letters and scandinavian <= 1):
        return "en" if hits["en"] or not has_nordic_letters else _classify(text)
    return _classify(text, hits)


def _classify(text: str, hits: dict[str, int] | None = None) -> str:
    lang = _identifier().classify(text)[0]
    lang = {"no": "nb"}.get(lang, lang)
    if lang == "nn" and not (hits and hits["nn"]):
        lang = "nb"  # py3langid confuses the two; Nynorsk has its own function words
    if hits and lang in ("sv", "nb", "da"):
        best = max(("sv", "nb", "da"), key=lambda code: hits[code])
        if hits[best] > hits[lang] + 1:
            return best
    return lang if lang in SUPPORTED else "en"


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as langid

    langid.set_languages(["en", "sv", "no", "nn", "da"])
    return langid


def warm_up_language() -> None:
    """Load the identifier's model now, not during someone's first Nordic question."""
    _identifier()


def mentioned_language(text: str) -> str | None:
    """A language the question names for the posting ("the swedish ad"), if any."""
    tokens = set(words(text))
    for lang, names in _LANGUAGE_NAMES.items():
        if tokens.intersection(names):
            return lang
    return None
