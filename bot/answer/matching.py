"""Fuzzy word matching between a question and posting names or sentences.

People misspell ("devpos", "enginer"), abbreviate ("SDR", "k8s", "sales rep"), and write
Scandinavian compounds ("devops-tjänsten"), so words match by stem, prefix, edit distance,
initials or a short list of common tech synonyms.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from rapidfuzz.distance import DamerauLevenshtein

from bot.answer.language import words

_STEMMERS = {"en": "english", "sv": "swedish", "nb": "norwegian", "nn": "norwegian", "da": "danish"}

# Spelling variants people use for the same technology.
SYNONYMS: dict[str, str] = {
    "golang": "go",
    "k8s": "kubernetes",
    "kube": "kubernetes",
    "js": "javascript",
    "ts": "typescript",
    "postgres": "postgresql",
    "psql": "postgresql",
    "py": "python",
    "infra": "infrastructure",
    "dev": "developer",
    "devs": "developer",
    "developers": "developer",
    "engineering": "engineer",
    "eng": "engineer",
    "sre": "reliability",
    "ml": "machine",
    "ai": "ai",
    "rep": "representative",
    "mgr": "manager",
    "ops": "operations",
    "sky": "cloud",
}

STOPWORDS = frozenset(
    (
        "a an the is are was were be been of to in on at for with by from and or but if "
        "then so as it its this that these those there here what whats what's which who "
        "whom whose when where why how do does did doing can could would should will "
        "shall may might must i me my mine we us our you your yours he she her him his "
        "they them their any anything some about into than too very just also not no yes "
        "role roles job jobs posting postings position positions opening ad one please much many "
        "många mycket mange mye meget "
        "after up out someone somebody anyone anybody something everyone kind sort type "
        "slags sorts rollen rolle tjänsten tjänst jobbet jobben "
        "stillingen annonsen annonse opslaget "
        "tell know like get got have has had im i'm i'd id that's thats is it's och är en "
        "ett den det de vad hur vem vilka vilken när var jag mig min mitt du ni man som "
        "på för inte med om till finns ska har hos också eller någon några av att sig så "
        "og er et hva hvordan hvem hvilke hvilken når hvor jeg meg min mitt dere som ikke "
        "noen hvad hvornår mig mit nogen der af at sig kan blir bli ble blev bliver vara "
        "være vil ville får fick fikk fik gör gjør gør göra gjøre gøre "
        "til fra från ved vid mot mod etter efter før innan innen noe nogot något nu nå vi "
        "skal skall deres jeres vår våre vårt vores jer ser se kikker titter tittar kigger"
    ).split()
)

_SPLIT = re.compile(r"[-_/.+&()]")

# Nouns that end Scandinavian compounds about a posting: "integrationsjobbet", "säljtjänsten".
_COMPOUND_HEADS = (
    "jobbet", "jobben", "jobb", "tjänsten", "tjänst", "tjenesten", "rollen", "rolle", "teamet",
    "team", "stillingen", "stilling", "annonsen", "annonse", "annons", "opslaget", "gruppen",
)  # fmt: skip
_FOLD = str.maketrans("äåáàâöøóòôéèêüúæ", "aaaaaoooooeeeuua")


@lru_cache(maxsize=100_000)
def tokens(text: str) -> tuple[str, ...]:
    """Lower-cased words, compounds split at hyphens ("devops-ingenjör" → devops, ingenjör)."""
    out: list[str] = []
    for word in words(text):
        if word.endswith("'s") and len(word) > 3:
            word = word[:-2]  # "tallgrove's" → "tallgrove"
        parts = [p for p in _SPLIT.split(word) if p]
        out.extend(parts if len(parts) > 1 else [word])
        if len(parts) > 1:
            out.append(word.replace("-", ""))
        else:
            out.extend(compound_parts(word))
    return tuple(out)


def compound_parts(word: str) -> tuple[str, ...]:
    """ "integrationsteamet" → ("integrations", "teamet"): a compound ending in a posting noun."""
    if not word.endswith(_COMPOUND_HEADS):
        return ()
    for head in _COMPOUND_HEADS:
        if word.endswith(head) and len(word) - len(head) >= 3:
            return word[: -len(head)], head
    return ()


def fold(word: str) -> str:
    """ "säljingenjör" → "saljingenjor": URL slugs and hurried typing drop the accents."""
    return word.translate(_FOLD)


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if (t not in STOPWORDS and len(t) > 1) or t in SYNONYMS]


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return Stemmer.Stemmer(_STEMMERS.get(language, "english"))


@lru_cache(maxsize=50_000)
def stem(token: str, language: str = "en") -> str:
    token = SYNONYMS.get(token, token)
    return _stemmer(language).stemWord(token)


_STEM_LANGUAGES = ("en", "sv", "nb", "da")


@lru_cache(maxsize=50_000)
def stems(token: str) -> tuple[str, ...]:
    """The token's stem in each language words are compared in."""
    return tuple(stem(token, language) for language in _STEM_LANGUAGES)


@lru_cache(maxsize=200_000)
def words_match(a: str, b: str) -> float:
    """How well two lower-case words match: 1 exact/stem, <1 for prefixes and typos, 0 none."""
    a, b = SYNONYMS.get(a, a), SYNONYMS.get(b, b)
    if a == b:
        return 1.0
    if fold(a) == fold(b):
        return 0.95
    if fold(a)[:1] != fold(b)[:1]:  # stems, prefixes and typos share a first letter
        short, long_ = sorted((fold(a), fold(b)), key=len)
        return 0.6 if len(short) >= 4 and len(long_) >= 8 and short in long_ else 0.0
    stemmed = _stem_match(a, b)
    if stemmed:
        return stemmed
    a, b = fold(a), fold(b)
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return 0.85 if len(short) >= 4 else 0.7
    if len(short) >= 5 and DamerauLevenshtein.normalized_similarity(a, b) >= 0.8:
        return 0.8
    swapped = len(a) == len(b) and sorted(a) == sorted(b)
    if len(short) >= 4 and swapped and DamerauLevenshtein.distance(a, b) == 1:
        return 0.8  # two letters swapped: "åpne" for "åpen", "devpos" for "devops"
    if len(short) >= 4 and short in long_ and len(long_) >= 8:
        return 0.6  # a word inside a compound: "nettverk" in "nettverkskompetanse"
    if len(short) >= 5 and _uninflected(a) == _uninflected(b):
        return 0.8  # Scandinavian inflections: "öppen" and "öppna", "egen" and "egna"
    return 0.0


def _uninflected(word: str) -> str:
    for ending in ("ene", "ena", "en", "et", "na", "ne", "a", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _stem_match(a: str, b: str) -> float:
    for language, root, other_root in zip(_STEM_LANGUAGES, stems(a), stems(b), strict=True):
        if root != other_root:
            continue
        if len(root) <= 3 and root not in (a, b):
            continue  # "data" and "date" both stem to "dat" in Swedish; "lön", "lönen" do match
        # "developer" (a person) and "development" (an activity) share a stem, not a meaning
        if language == "en" and _agentive(a, root) != _agentive(b, root):
            return 0.5
        return 0.95
    return 0.0


_AGENT_SUFFIXES = ("er", "or", "ist", "ør", "are", "ar", "ere")


def _agentive(word: str, root: str) -> bool:
    suffix = word[len(root) :] if word.startswith(root) else ""
    return suffix.startswith(_AGENT_SUFFIXES)


def initials(name_words: Iterable[str]) -> str:
    """ "Sales Development Representative" → "sdr"."""
    return "".join(w[0] for w in name_words if w)


def initials_match(token: str, name_initials: str) -> bool:
    """ "sdr" ↔ "Sales Development Representative": a token spelled by consecutive initials
    (`name_initials` from `initials`)."""
    return 2 <= len(token) <= 5 and token.isalpha() and token in name_initials


def spells_initials(token: str, title: str) -> bool:
    """ "sa" ↔ "Solution Architect": a token that is all of a title's initials (two letters
    name a posting only this way; "sa" inside "Senior Account Manager" is not enough)."""
    words_ = [w for w in content_tokens(title) if not w.isdigit()]
    return len(words_) >= 2 and token == initials(words_)


def idf_weights(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    docs = [set(doc) for doc in documents]
    counts = Counter(itertools.chain.from_iterable(docs))
    n = max(len(docs), 1)
    return {t: math.log(1 + n / c) for t, c in counts.items()}
