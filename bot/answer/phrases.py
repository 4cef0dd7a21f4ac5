"""The bot's own words, in English, Swedish, Norwegian (Bokmål, Nynorsk) and Danish."""

from __future__ import annotations

_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "states": 'The "{title}" posting states {topic}:',
        "says": 'Here is what the "{title}" posting says:',
        "not_stated": 'The "{title}" posting doesn\'t state {topic}.',
        "ask_human": "For anything the postings don't say, ask {contact}.",
        "abstain": "I don't know — nothing in the postings answers that. Please ask {contact}.",
        "listing": "These postings match:",
        "no_listing": "I found no posting that matches. Please ask {contact}.",
        "clarify": "Which posting do you mean? Several could fit:",
        "also": "Other postings that could fit: {titles}.",
        "and": "and",
        "a_person": "a recruiter",
        "draft": "draft",
        "expired": "expired",
        "scheduled": "scheduled",
        # on buttons and notes under an answer
        "apply_button": "Apply",
        "share_button": "Share in channel",
        "recruiter_button": "Ask a recruiter",
        "ask_contact": "You can ask {contact}.",
    },
    "sv": {
        "states": 'Annonsen "{title}" anger {topic}:',
        "says": 'Så här står det i annonsen "{title}":',
        "not_stated": 'Annonsen "{title}" anger inte {topic}.',
        "ask_human": "Fråga {contact} om sådant som annonserna inte tar upp.",
        "abstain": "Det vet jag inte – annonserna svarar inte på det. Fråga gärna {contact}.",
        "listing": "De här annonserna passar:",
        "no_listing": "Jag hittade ingen annons som passar. Fråga gärna {contact}.",
        "clarify": "Vilken annons menar du? Flera kan passa:",
        "also": "Andra annonser som kan passa: {titles}.",
        "and": "och",
        "a_person": "en rekryterare",
        "draft": "utkast",
        "expired": "utgången",
        "scheduled": "schemalagd",
        # on buttons and notes under an answer
        "apply_button": "Ansök",
        "share_button": "Dela i kanalen",
        "recruiter_button": "Fråga en rekryterare",
        "ask_contact": "Du kan fråga {contact}.",
    },
    "nb": {
        "states": 'Stillingsannonsen "{title}" oppgir {topic}:',
        "says": 'Dette står i stillingsannonsen "{title}":',
        "not_stated": 'Stillingsannonsen "{title}" oppgir ikke {topic}.',
        "ask_human": "Spør {contact} om det annonsene ikke sier noe om.",
        "abstain": "Det vet jeg ikke – annonsene svarer ikke på det. Spør gjerne {contact}.",
        "listing": "Disse annonsene passer:",
        "no_listing": "Jeg fant ingen annonse som passer. Spør gjerne {contact}.",
        "clarify": "Hvilken annonse mener du? Flere kan passe:",
        "also": "Andre annonser som kan passe: {titles}.",
        "and": "og",
        "a_person": "en rekrutterer",
        "draft": "utkast",
        "expired": "utløpt",
        "scheduled": "planlagt",
        # on buttons and notes under an answer
        "apply_button": "Søk",
        "share_button": "Del i kanalen",
        "recruiter_button": "Spør en rekrutterer",
        "ask_contact": "Du kan spørre {contact}.",
    },
    "nn": {
        "states": 'Stillingsannonsen "{title}" oppgjev {topic}:',
        "says": 'Dette står i stillingsannonsen "{title}":',
        "not_stated": 'Stillingsannonsen "{title}" oppgjev ikkje {topic}.',
        "ask_human": "Spør {contact} om det annonsane ikkje seier noko om.",
        "abstain": "Det veit eg ikkje – annonsane svarar ikkje på det. Spør gjerne {contact}.",
        "listing": "Desse annonsane passar:",
        "no_listing": "Eg fann ingen annonse som passar. Spør gjerne {contact}.",
        "clarify": "Kva annonse meiner du? Fleire kan passe:",
        "also": "Andre annonsar som kan passe: {titles}.",
        "and": "og",
        "a_person": "ein rekrutterar",
        "draft": "utkast",
        "expired": "utgått",
        "scheduled": "planlagd",
        # on buttons and notes under an answer
        "apply_button": "Søk",
        "share_button": "Del i kanalen",
        "recruiter_button": "Spør ein rekrutterar",
        "ask_contact": "Du kan spørje {contact}.",
    },
    "da": {
        "states": 'Jobopslaget "{title}" oplyser {topic}:',
        "says": 'Det her står der i jobopslaget "{title}":',
        "not_stated": 'Jobopslaget "{title}" oplyser ikke {topic}.',
        "ask_human": "Spørg {contact} om det, opslagene ikke siger noget om.",
        "abstain": "Det ved jeg ikke – opslagene svarer ikke på det. Spørg gerne {contact}.",
        "listing": "Disse opslag passer:",
        "no_listing": "Jeg fandt intet opslag, der passer. Spørg gerne {contact}.",
        "clarify": "Hvilket opslag mener du? Flere kan passe:",
        "also": "Andre opslag, der kan passe: {titles}.",
        "and": "og",
        "a_person": "en rekrutterer",
        "draft": "kladde",
        "expired": "udløbet",
        "scheduled": "planlagt",
        # on buttons and notes under an answer
        "apply_button": "Ansøg",
        "share_button": "Del i kanalen",
        "recruiter_button": "Spørg en rekrutterer",
        "ask_contact": "Du kan spørge {contact}.",
    },
}

_TOPICS: dict[str, dict[str, str]] = {
    "salary": {"en": "the salary", "sv": "lönen", "nb": "lønnen", "nn": "løna", "da": "lønnen"},
    "remote": {
        "en": "where you can work from",
        "sv": "var man kan arbeta",
        "nb": "hvor man kan jobbe",
        "nn": "kvar ein kan jobbe",
        "da": "hvor man kan arbejde",
    },
    "eligibility": {
        "en": "who can be hired, and where",
        "sv": "vem som kan anställas, och var",
        "nb": "hvem som kan ansettes, og hvor",
        "nn": "kven som kan tilsetjast, og kvar",
        "da": "hvem der kan ansættes, og hvor",
    },
    "location": {
        "en": "the location",
        "sv": "orten",
        "nb": "stedet",
        "nn": "staden",
        "da": "stedet",
    },
    "team": {"en": "the team", "sv": "teamet", "nb": "teamet", "nn": "teamet", "da": "teamet"},
    "start_date": {
        "en": "the start date",
        "sv": "startdatum",
        "nb": "oppstartsdato",
        "nn": "oppstartsdato",
        "da": "startdato",
    },
    "apply": {
        "en": "how to apply",
        "sv": "hur man ansöker",
        "nb": "hvordan man søker",
        "nn": "korleis ein søkjer",
        "da": "hvordan man søger",
    },
    "contact": {
        "en": "whom to contact",
        "sv": "vem man kontaktar",
        "nb": "hvem man kontakter",
        "nn": "kven ein kontaktar",
        "da": "hvem man kontakter",
    },
    "process": {
        "en": "the recruitment process",
        "sv": "rekryteringsprocessen",
        "nb": "rekrutteringsprosessen",
        "nn": "rekrutteringsprosessen",
        "da": "rekrutteringsprocessen",
    },
    "requirements": {
        "en": "what you need",
        "sv": "kraven",
        "nb": "kravene",
        "nn": "krava",
        "da": "kravene",
    },
    "responsibilities": {
        "en": "what you would do",
        "sv": "arbetsuppgifterna",
        "nb": "arbeidsoppgavene",
        "nn": "arbeidsoppgåvene",
        "da": "arbejdsopgaverne",
    },
    "benefits": {
        "en": "the benefits",
        "sv": "förmånerna",
        "nb": "godene",
        "nn": "goda",
        "da": "goderne",
    },
    "published": {
        "en": "when it was published",
        "sv": "när den publicerades",
        "nb": "når den ble publisert",
        "nn": "når han vart publisert",
        "da": "hvornår det blev offentliggjort",
    },
    "deadline": {
        "en": "the application deadline",
        "sv": "sista ansökningsdag",
        "nb": "søknadsfristen",
        "nn": "søknadsfristen",
        "da": "ansøgningsfristen",
    },
}


def phrase(key: str, language: str, **values: str) -> str:
    templates = _TEMPLATES.get(language, _TEMPLATES["en"])
    return templates[key].format(**values)


def topic(intent_name: str, language: str) -> str:
    names = _TOPICS[intent_name]
    return names.get(language, names["en"])


def marked_title(title: str, visibility: str, language: str) -> str:
    """The title, with "(draft)" / "(expired)" / "(scheduled)" for postings not published."""
    if visibility in ("draft", "expired", "scheduled"):
        return f"{title} ({phrase(visibility, language)})"
    return title
