"""The words of each intent (salary, remote, team, ...), in English and Scandinavian.

Each intent has cues in questions, cues in the sentences that answer it, and cues in the headings
of the sections where postings usually state it. Cues are word prefixes ("lön" matches "lönen",
"lönespannet"), phrases of whole words ("a year"), symbols ("€"), or whole words written in
upper case ("EUR" matches "EUR", never "Europe").
"""

from __future__ import annotations

from dataclasses import dataclass


def _cues(text: str) -> tuple[str, ...]:
    """Cues written as "a|b|c": a phrase may contain spaces, never a bar."""
    return tuple(cue for cue in text.split("|") if cue)


@dataclass(frozen=True)
class Intent:
    name: str
    question: tuple[str, ...]  # cues that the question asks for this
    evidence: tuple[str, ...]  # cues that a sentence states it
    headings: tuple[str, ...] = ()  # cues in the heading of a section that states it
    pattern: str = ""  # a regular expression a stating sentence matches (numbers, dates, URLs)
    strict: bool = False  # when no sentence has evidence, the posting does not state it
    facts_first: bool = False  # the posting's structured fields state it best ("Location: …")
    steps: bool = False  # answered by several sentences in a row (the steps of a process)
    # intents whose cues, in a sentence that matches only `pattern`, mean it states that instead
    # ("apply no later than 20 August": a deadline, not a start date)
    rivals: tuple[str, ...] = ()


MONTHS = (
    "jan feb mar apr may jun jul aug sep oct nov dec maj okt januar februar mars april juni "
    "juli augusti august september oktober november december desember"
)

INTENTS: tuple[Intent, ...] = (
    Intent(
        "salary",
        question=_cues(
            "salar|pay|paid|comp|wage|money|earn|equity|commission|bonus|stock option|"
            "how much|lön|lønn|løn|gage|ersättning|kompensasjon|betal|tjen|tjän|hourly|"
            "per hour|timelønn|timlön|timeløn|lønnstrinn|lönenivå|top-up|top up"
        ),
        evidence=_cues(
            "salar|€|EUR|SEK|DKK|USD|$|£|compensation|commission|equity|invest|bonus|lön|"
            "lønn|løn|kr"
        ),
        headings=_cues("salar|compensation|pay|lön|lønn|løn|what we offer"),
        # a figure with its currency or period: "65,000 EUR", "SEK 50,000", "€70k", "70 000 a
        # year" ("twice a year" is no pay, and "nok" alone is a word)
        pattern=r"\d[\d\s.,]*\s?(k\b|€|eur\b|sek\b|nok\b|dkk\b|usd\b|kr)"
        r"|\b(eur|sek|nok|dkk|usd|kr)\.?\s?\d|[€$£]\s?\d"
        r"|\d\d[\d\s.,]*(k\b)?\s*(annual|yearly|monthly|per year|per month|a year|a month|/ ?year|"
        r"/ ?month|per år|årlig|om året|i måneden|i månaden|per månad)",
        strict=True,
    ),
    Intent(
        "remote",
        question=_cues(
            "remote|wfh|work from home|home office|hybrid|office based|office-based|onsite|"
            "on-site|in office|in the office|distans|hemifrån|hjemmefra|hjemmekontor|fjern|"
            "kontoret|relocat|work from|jobbe fra|jobba från|arbeta från|arbejde fra"
        ),
        evidence=_cues(
            "remote|hybrid|office|onsite|on-site|anywhere|from home|distans|hemifrån|kontor|"
            "hjemme|"
            "fjern|var som helst|hvor som helst|in person|på plats"
        ),
        headings=_cues("remote|location|where|ways of working|distans"),
        strict=True,
    ),
    Intent(
        "eligibility",
        question=_cues(
            "eligib|visa|resident|citizen|permit|live in|lives in|living in|based in|i'm in|"
            "im in|contract|open to|from abroad|sponsor|bor i|bosatt|kontrakt|arbeidskontrakt|"
            "anställningsavtal|tillstånd|tillatelse|opholdstilladelse|must i be|do i need to be|"
            "need to be in|can i apply|could i apply|may i apply|can i still apply|kan jag söka|"
            "kan jeg søke|kan jeg søge"
        ),
        evidence=_cues(
            "resident|based in|eu|europe|eea|employer of record|eor|work permit|visa|"
            "citizen|contract|located in|bosatt|bosat|baserad|baseret|basert|europa|"
            "arbetstillstånd|arbeidstillatelse|must be|need to be|måste|må være|skal være"
        ),
        strict=True,
    ),
    Intent(
        "location",
        question=_cues(
            "where|location|office|city|located|based|var ligger|"
            "hvor ligger|plats|plassering|kontor|placering|need to be in|relocat|address|"
            "adresse|adress|which office|what office"
        ),
        evidence=_cues(
            "office|located|location|based in|based at|remote|kontor|city|on-site|"
            "onsite|hybrid|beliggenhed|plassert|placeret|placerad|ort"
        ),
        headings=_cues("location|where|office"),
        strict=True,
        facts_first=True,
    ),
    Intent(
        "team",
        question=_cues(
            "team|manager|lead|boss|report|colleague|who would i work|who will i work|"
            "how many|how big|size|chef|ledare|leder|ledet|kolleg|rapporter|hvor mange|"
            "hur många|hur stort|teamet|direct report|supervis|who heads|head of|in charge|"
            "runs the|department|dept|avdeling|avdelning|afdeling|sjef"
        ),
        evidence=_cues(
            "team|lead|led by|manager|report|consist|people|chef|"
            "ledare|leder|ledet|ledd|kolleg|består|bestående|rapportera|reports to"
        ),
        headings=_cues("team|ways of working|who you'll work|teamet"),
        strict=True,
    ),
    Intent(
        "start_date",
        question=_cues(
            "start|begin|onboard|join date|när börjar|tillträd|börja|when do i|when does|"
            "when can i|when would|oppstart|starte|begynd|tiltræd|når kan|work dates|"
            "work period|which dates|what dates|arbeidsperiode|arbetsperiod|hvilke datoer|"
            "vilka datum"
        ),
        evidence=_cues(
            "start|asap|as soon as|begin|tillträd|oppstart|begynd|snarast|snarest|hurtigst|"
            "så snart|rolling|løpende|löpande"
        ),
        # "May" is a month only next to a day or a year ("you may" is not a start date)
        pattern=r"\b(" + "|".join(m for m in MONTHS.split() if m != "may") + r")\b"
        r"|\bmay\s+(\d|20\d\d)|\d\s+may\b",
        headings=_cues("start"),
        strict=True,
        rivals=("deadline", "published"),
    ),
    Intent(
        "apply",
        question=_cues(
            "apply|applied|application|applying|cv|resume|résumé|submit|how do i get|ansök|ansöka|"
            "söka|søke|søknad|søg|ansøg|link|linkedin|länk|lenke"
        ),
        evidence=_cues(
            "apply|application|cv|resume|résumé|linkedin|http|mailto|@|ansök|ansökan|søk|"
            "søg|ansøg|send|skicka|upload|click|klikk|klicka|klik"
        ),
        headings=_cues("apply|interested|how to|ansök|søk|søg|intresserad"),
    ),
    Intent(
        "contact",
        question=_cues(
            "contact|who do i ask|who can i ask|who should i ask|ask about|reach out|email|"
            "e-mail|questions|who's the contact|kontakt|hvem kan jeg|vem kan jag|frågor|spørsmål|"
            "spørgsmål|recruiter|who can i call|who do i call|who should i call|can i call|"
            "call about|phone|ring|talk to|speak to|speak with|get in touch|snakke med|"
            "prata med|tale med"
        ),
        evidence=_cues(
            "contact|email|e-mail|@|mailto|reach|message|call|phone|kontakt|ring|maila|"
            "mejla|skriv|send"
        ),
        headings=_cues("contact|questions|got questions|kontakt|frågor|spørsmål"),
        pattern=r"[\w.+-]+@[\w-]+\.\w|\+\d[\d\s-]{7,}\d",  # an address or a phone number
        strict=True,
    ),
    Intent(
        "process",
        question=_cues(
            "process|interview|steps|stages|hear back|hear from|recruitment|recruiting|"
            "what happens|happens after|happens next|after i apply|after applying|take-home|"
            "take home|home assignment|coding test|technical test|test task|assignment|"
            "hiring process|background check|reference|timeline|how long|rekryter|intervju|"
            "interview|ansættelse|rekrutter|when will i|next step"
        ),
        evidence=_cues(
            "interview|chat|step|process|contact|background|reference|case|meet|offer|"
            "intervju|samtal|samtale|kontakt|bakgrund|referens|referanse|reference|"
            "will contact|holiday|week|in touch|get back|take-home|assignment|coding test|"
            "home test"
        ),
        headings=_cues("process|recruit|interview|rekryter|rekrutter|ansættelse"),
        steps=True,
    ),
    Intent(
        "requirements",
        question=_cues(
            "need|require|must|qualif|experience|skill|know|degree|background|looking for|"
            "expect|fluent|speak|want|tool|stack|technolog|framework|certif|krav|kräv|"
            "behöv|kunna|måste|erfaren|kompetens|kompetanse|må jeg|skal jeg kunne|trenger|"
            "behøver|kunne|how senior|years of|years experience|års erfaring|års erfarenhet|"
            "års erfaring|hvilke språk|vilka språk|hvilke sprog"
        ),
        evidence=_cues(
            "experience|knowledge|skill|familiar|proficien|understanding|fluent|degree|"
            "you have|you are|solid|strong|must|erfaren|kunskap|kunnskap|viden|kompetens|"
            "kompetanse|flytande|flytende|måste|behöver|krav"
        ),
        headings=_cues(
            "need|you are|who are you|who you are|requirement|qualific|looking for|bring|"
            "skills|experience|bonus|nice to have|vem är du|hvem er du|krav|vi söker|"
            "vi ser etter|vi søger|om dig|du har|profil"
        ),
    ),
    Intent(
        "responsibilities",
        question=_cues(
            "duties|responsib|tasks|day to day|day-to-day|on-call|on call|oncall|work on|"
            "i do|you do|be doing|role about|job about|position about|"
            "working on|involve|hands on|hands-on|coding|arbetsuppgift|ansvar|oppgave|"
            "opgave|laver|gjør|gör man|jobbar med|jobber med|arbejder med"
        ),
        evidence=_cues(
            "you will|you'll|responsib|build|design|develop|maintain|operate|support|work with|"
            "on-call|out-of-hours|du kommer|du vil|du kommer til|ansvar|bygge|utveckla|utvikle|"
            "udvikle|designe|drive"
        ),
        headings=_cues(
            "do|role|responsib|what you'll|what you will|day|tasks|arbetsuppgift|rollen|ansvar|"
            "oppgave|opgave|hvad du|vad du|hva du"
        ),
    ),
    Intent(
        "benefits",
        question=_cues(
            "benefit|perk|wellness|allowance|training|budget|vacation|holiday|pension|"
            "insurance|equipment|gear|laptop|conference|course|learning|förmån|friskvård|"
            "utrustning|utstyr|udstyr|goder|fordel|frynsegode|hemmakontor|bidrag|ferie|"
            "semester|pensjon|forsikring"
        ),
        evidence=_cues(
            "benefit|wellness|allowance|training|budget|vacation|holiday|pension|insurance|"
            "equipment|gear|laptop|conference|course|collective|förmån|friskvård|"
            "utrustning|utstyr|udstyr|bidrag|pensjon|forsikring|kollektivavtal|"
            "tariff"
        ),
        headings=_cues("benefit|offer|perks|förmån|erbjud|tilbyr|tilbyder|goder"),
    ),
    Intent(
        "published",
        question=_cues(
            "published|posted|when was|how old|publicer|publiser|offentlig|lagt ut|slået op|utlyst"
        ),
        evidence=_cues("published|publicer|publiser|posted"),
        pattern=r"\b(19|20)\d\d-\d\d-\d\d\b",
        strict=True,
        facts_first=True,
    ),
    Intent(
        "deadline",
        question=_cues(
            "deadline|closes|closing|last day|apply by|until when|sista|frist|senast|still open|"
            "ansökningsfrist|ansøgningsfrist|søknadsfrist|sista ansökningsdag|apply before|"
            "due date|søke innen|ansök senast|ansøg senest"
        ),
        evidence=_cues(
            "deadline|closes|closing date|last day|apply by|apply before|apply no later|"
            "sista ansökningsdag|ansökningsdag|frist|senast|søknadsfrist|ansøgningsfrist|"
            "no later than|senest"
        ),
        # a date: "1 september 2027", "2027-09-01", "31.01.2027"
        pattern=r"\b\d{1,2}\.?\s+(" + "|".join(m for m in MONTHS.split() if m != "may") + r")\b"
        r"|\b20\d\d-\d\d-\d\d\b|\b\d{1,2}\.\d{1,2}\.20\d\d\b",
        strict=True,
        facts_first=True,
        rivals=("start_date", "published"),
    ),
)


# "how much travel?" asks for an amount of travel, not money: a quantity word followed by a noun
# asks about that noun.
QUANTITY_CUES = ("how much", "hur mycket", "hvor mye", "hvor meget")

# "what's open", "any Go jobs?", "anything for her?": questions about the postings as a whole.
LISTING_CUES = (
    "latest posting",
    "newest posting",
    "latest job",
    "newest job",
    "most recent",
    "jobs",
    "roles",
    "positions",
    "openings",
    "vacancies",
    "any of the",
    "anything for",
    "anything open",
    "what is open",
    "what's open",
    "whats open",
    "are you hiring",
    "hiring for",
    "which postings",
    "all postings",
    "any postings",
    "vilka jobb",
    "vilka tjänster",
    "lediga",
    "finns det något",
    "något för",
    "hvilke jobb",
    "hvilke stillinger",
    "noe for",
    "noget for",
    "ledige",
    "jobb finns",
    "jobber finnes",
    "stillinger",
)
# Plural nouns above only list when the question is not about one named posting's fact.
PLURAL_ONLY = frozenset({"jobs", "roles", "positions", "openings", "vacancies", "stillinger"})


# A message opening like this continues the thread's question about another posting
# ("and the designer one?", "og frontend?", "what about the Oslo one?"): it asks what was asked.
FOLLOW_UP_OPENERS = (
    "and|what about|how about|same for|also for|och|vad sägs om|hur är det med|samma för|og|"
    "hva med|hvordan med|samme for|hvad med|hvad så med"
)
