"""What a question asks for (salary, remote policy, team, ...), in English and Scandinavian.

Each intent has cues in questions, cues in the sentences that answer it, and cues in the headings
of the sections where postings usually state it. Cues are word prefixes ("lön" matches "lönen",
"lönespannet"), or phrases of several words matched as prefixes in sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.language import words


@dataclass(frozen=True)
class Intent:
    name: str
    question: tuple[str, ...]  # cues that the question asks for this
    evidence: tuple[str, ...]  # cues that a sentence states it
    headings: tuple[str, ...] = ()  # cues in the heading of a section that states it
    pattern: str = ""  # a regular expression a stating sentence matches (numbers, dates, URLs)
    strict: bool = False  # when no sentence has evidence, the posting does not state it


_MONTHS = (
    "jan feb mar apr may jun jul aug sep oct nov dec maj okt januar februar mars april juni "
    "juli augusti august september oktober november december desember"
)

INTENTS: tuple[Intent, ...] = (
    Intent(
        "salary",
        question=(
            "salar", "pay", "paid", "comp", "wage", "money", "earn", "equity", "commission",
            "bonus", "stock option", "how much", "lön", "lønn", "løn", "gage", "ersättning",
            "kompensasjon", "betal",
        ),
        evidence=(
            "salar", "€", "eur", "sek", "nok", "dkk", "usd", "$", "£", "annual", "per year",
            "per month", "a year", "compensation", "commission", "equity", "invest", "bonus",
            "lön", "lønn", "løn", "per år", "årlig", "årleg", "om året", "i måneden", "kr",
        ),
        headings=("salar", "compensation", "pay", "lön", "lønn", "løn", "what we offer"),
        pattern=r"\d[\d\s.,]*\s?(k\b|€|eur|sek|nok|dkk|usd|kr)|[€$£]\s?\d",
        strict=True,
    ),
    Intent(
        "remote",
        question=(
            "remote", "wfh", "work from home", "home office", "hybrid", "office based",
            "office-based", "onsite", "on-site", "in office", "in the office", "distans",
            "hemifrån", "hjemmefra", "hjemmekontor", "fjern", "kontoret", "relocat",
        ),
        evidence=(
            "remote", "hybrid", "office", "onsite", "on-site", "anywhere", "distans",
            "hemifrån", "kontor", "hjemme", "fjern", "var som helst", "hvor som helst",
            "in person", "på plats",
        ),
        headings=("remote", "location", "where", "ways of working", "distans"),
        strict=True,
    ),
    Intent(
        "eligibility",
        question=(
            "eligib", "visa", "resident", "citizen", "permit", "live in", "lives in", "living in",
            "based in", "i'm in", "im in", "contract", "open to", "from abroad", "sponsor",
            "bor i", "bosatt", "kontrakt", "arbeidskontrakt", "anställningsavtal", "tillstånd",
            "tillatelse", "opholdstilladelse", "must i be", "do i need to be", "need to be in",
        ),
        evidence=(
            "resident", "based in", "eu", "europe", "eea", "employer of record", "eor",
            "work permit", "visa", "citizen", "contract", "located in", "bosatt", "bosat",
            "baserad", "baseret", "basert", "europa", "arbetstillstånd", "arbeidstillatelse",
            "must be", "need to be", "måste", "må være", "skal være",
        ),
        strict=True,
    ),
    Intent(
        "location",
        question=(
            "where", "location", "office", "city", "located", "based", "stockholm", "oslo",
            "var ligger", "hvor ligger", "plats", "plassering", "kontor", "placering",
            "need to be in", "relocat",
        ),
        evidence=(
            "office", "located", "location", "based", "remote", "kontor", "stockholm",
            "oslo", "city", "on-site", "onsite", "hybrid", "beliggenhed", "plassert",
        ),
        headings=("location", "where", "office"),
        strict=True,
    ),
    Intent(
        "team",
        question=(
            "team", "manager", "lead", "boss", "report", "colleague", "who would i work",
            "who will i work", "how many", "how big", "size", "chef", "ledare", "leder",
            "ledet", "kolleg", "rapporter", "hvor mange", "hur många", "hur stort", "teamet",
            "direct report", "supervis",
        ),
        evidence=(
            "team", "lead", "led by", "manager", "report", "colleague", "consist", "engineers",
            "people", "chef", "ledare", "leder", "ledet", "ledd", "kolleg", "består",
            "bestående", "rapportera", "reports to",
        ),
        headings=("team", "ways of working", "who you'll work", "teamet"),
        strict=True,
    ),
    Intent(
        "start_date",
        question=(
            "start", "begin", "onboard", "join date", "när börjar", "tillträd", "börja",
            "oppstart", "starte", "begynd", "tiltræd", "når kan", "hvornår",
        ),
        evidence=(
            "start", "asap", "as soon as", "begin", "tillträd", "oppstart", "begynd",
            "snarast", "snarest", "hurtigst", "så snart", "rolling", "løpende", "löpande",
        ) + tuple(_MONTHS.split()),
        headings=("start",),
        strict=True,
    ),
    Intent(
        "apply",
        question=(
            "apply", "application", "applying", "cv", "resume", "résumé", "submit", "how do i get",
            "ansök", "ansöka", "söka", "søke", "søknad", "søg", "ansøg", "haileyhr", "link",
            "linkedin", "länk", "lenke", "link",
        ),
        evidence=(
            "apply", "application", "cv", "resume", "résumé", "linkedin", "http", "mailto",
            "@", "ansök", "ansökan", "søk", "søg", "ansøg", "send", "skicka", "upload",
            "click", "klikk", "klicka", "klik",
        ),
        headings=("apply", "interested", "how to", "ansök", "søk", "søg", "intresserad"),
    ),
    Intent(
        "contact",
        question=(
            "contact", "who do i ask", "who can i ask", "who should i ask", "ask about",
            "reach out", "email", "e-mail", "questions", "who's the contact", "kontakt",
            "hvem kan jeg", "vem kan jag", "frågor", "spørsmål", "spørgsmål", "recruiter",
        ),
        evidence=(
            "contact", "email", "e-mail", "@", "mailto", "reach", "message", "call", "phone",
            "kontakt", "ring", "maila", "mejla", "skriv", "send",
        ),
        headings=("contact", "questions", "got questions", "kontakt", "frågor", "spørsmål"),
        strict=True,
    ),
    Intent(
        "process",
        question=(
            "process", "interview", "steps", "stages", "hear back", "recruitment", "recruiting",
            "hiring process", "background check", "reference", "timeline", "how long",
            "rekryter", "intervju", "interview", "ansættelse", "rekrutter", "when will i",
            "next step",
        ),
        evidence=(
            "interview", "chat", "step", "process", "contact", "background", "reference",
            "case", "meet", "offer", "intervju", "samtal", "samtale", "kontakt", "bakgrund",
            "referens", "referanse", "reference", "will contact", "holiday", "week",
        ),
        headings=("process", "recruit", "interview", "rekryter", "rekrutter", "ansættelse"),
    ),
    Intent(
        "requirements",
        question=(
            "need", "require", "must", "qualif", "experience", "skill", "know", "degree",
            "background", "looking for", "expect", "fluent", "speak", "krav", "kräv", "behöv",
            "kunna", "måste", "erfaren", "kompetens", "kompetanse", "må jeg", "skal jeg kunne",
            "trenger", "behøver", "kunne",
        ),
        evidence=(
            "experience", "knowledge", "skill", "familiar", "proficien", "understanding",
            "fluent", "degree", "you have", "you are", "solid", "strong", "must", "erfaren",
            "kunskap", "kunnskap", "viden", "kompetens", "kompetanse", "flytande", "flytende",
            "måste", "behöver", "krav",
        ),
        headings=(
            "need", "you are", "who are you", "who you are", "requirement", "qualific",
            "looking for", "bring", "skills", "experience", "bonus", "nice to have",
            "vem är du", "hvem er du", "krav", "vi söker", "vi ser etter", "vi søger", "om dig",
            "du har", "profil",
        ),
    ),
    Intent(
        "responsibilities",
        question=(
            "do ", "duties", "responsib", "tasks", "day to day", "day-to-day", "on-call",
            "on call", "oncall", "about", "work on", "working on", "involve", "hands on",
            "hands-on", "coding", "arbetsuppgift", "ansvar", "oppgave", "opgave", "laver",
            "gjør", "gör man", "jobbar med", "jobber med", "arbejder med", "mostly",
        ),
        evidence=(
            "you will", "you'll", "responsib", "build", "design", "develop", "maintain",
            "operate", "support", "work with", "on-call", "out-of-hours", "du kommer",
            "du vil", "du kommer til", "ansvar", "bygge", "utveckla", "utvikle", "udvikle",
            "designe", "drive",
        ),
        headings=(
            "do", "role", "responsib", "what you'll", "what you will", "day", "tasks",
            "arbetsuppgift", "rollen", "ansvar", "oppgave", "opgave", "hvad du", "vad du",
            "hva du",
        ),
    ),
    Intent(
        "benefits",
        question=(
            "benefit", "perk", "wellness", "allowance", "training", "budget", "vacation",
            "holiday", "pension", "insurance", "equipment", "gear", "laptop", "conference",
            "course", "learning", "förmån", "friskvård", "utrustning", "utstyr", "udstyr",
            "goder", "fordel", "frynsegode", "hemmakontor", "bidrag", "ferie", "semester",
            "pensjon", "forsikring",
        ),
        evidence=(
            "benefit", "wellness", "allowance", "training", "budget", "vacation", "holiday",
            "pension", "insurance", "equipment", "gear", "laptop", "conference", "course",
            "collective", "förmån", "friskvård", "utrustning", "utstyr", "udstyr", "bidrag",
            "tekno", "pensjon", "forsikring", "kollektivavtal", "tariff",
        ),
        headings=("benefit", "offer", "perks", "förmån", "erbjud", "tilbyr", "tilbyder", "goder"),
    ),
    Intent(
        "published",
        question=(
            "published", "posted", "when was", "how old", "publicer", "publiser", "offentlig",
            "lagt ut", "slået op", "utlyst",
        ),
        evidence=("published", "publicer", "publiser", "posted"),
        pattern=r"\b(19|20)\d\d-\d\d-\d\d\b",
        strict=True,
    ),
    Intent(
        "deadline",
        question=(
            "deadline", "closes", "closing", "last day", "apply by", "until when", "sista",
            "frist", "senast", "still open",
        ),
        evidence=("deadline", "closes", "close", "last day", "sista", "frist", "senast", "by"),
        strict=True,
    ),
)

BY_NAME = {intent.name: intent for intent in INTENTS}

# "what's open", "any Go jobs?", "anything for her?": questions about the postings as a whole.
LISTING_CUES = (
    "any jobs", "any roles", "any positions", "any openings", "any job", "any role",
    "any of the", "anything for", "anything open", "what roles", "which roles", "what jobs",
    "which jobs", "what positions", "which positions", "what is open", "what's open",
    "whats open", "open roles", "open positions", "openings", "are you hiring", "hiring for",
    "vilka jobb", "vilka tjänster", "lediga", "finns det något", "något för", "hvilke jobb",
    "hvilke stillinger", "noe for", "noget for", "ledige", "any ", "roles open", "jobs open",
)


def _matches(tokens: list[str], text: str, cue: str) -> bool:
    if " " in cue.strip() or not cue.isalnum():
        return cue in text
    return any(token.startswith(cue) for token in tokens)


def cue_hits(text: str, cues: tuple[str, ...]) -> int:
    lowered = " " + " ".join(words(text)) + " "
    raw = text.lower()
    tokens = lowered.split()
    return sum(
        _matches(tokens, lowered if cue.replace(" ", "").isalnum() else raw, cue) for cue in cues
    )


def detect_intents(question: str) -> list[Intent]:
    """The intents a question asks for, strongest first (several for "salary and remote?")."""
    scored = [(cue_hits(question, intent.question), intent) for intent in INTENTS]
    return [intent for hits, intent in sorted(scored, key=lambda x: -x[0]) if hits > 0]


def is_listing(question: str) -> bool:
    text = " " + " ".join(words(question)) + " "
    return any(f" {cue}" in text for cue in LISTING_CUES)


def sentence_states(intent: Intent, sentence: str) -> bool:
    """Whether a sentence carries the kind of fact the intent asks for."""
    if intent.pattern and re.search(intent.pattern, sentence, re.IGNORECASE):
        return True
    return cue_hits(sentence, intent.evidence) > 0
