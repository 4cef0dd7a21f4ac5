"""The words on buttons and notes under an answer, in the answer's language (English otherwise).

Kept apart from the answer engine's phrases: these belong to the Slack surface, not to answers.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "apply": "Apply",
        "share": "Share in channel",
        "recruiter": "Ask a recruiter",
        "ask_contact": "You can ask {contact}.",
    },
    "sv": {
        "apply": "Ansök",
        "share": "Dela i kanalen",
        "recruiter": "Fråga en rekryterare",
        "ask_contact": "Du kan fråga {contact}.",
    },
    "nb": {
        "apply": "Søk",
        "share": "Del i kanalen",
        "recruiter": "Spør en rekrutterer",
        "ask_contact": "Du kan spørre {contact}.",
    },
    "nn": {
        "apply": "Søk",
        "share": "Del i kanalen",
        "recruiter": "Spør ein rekrutterar",
        "ask_contact": "Du kan spørje {contact}.",
    },
    "da": {
        "apply": "Ansøg",
        "share": "Del i kanalen",
        "recruiter": "Spørg en rekrutterer",
        "ask_contact": "Du kan spørge {contact}.",
    },
}


def label(key: str, language: str, **values: str) -> str:
    """The label `key` in `language` (its base language, then English), filled with `values`."""
    table = LABELS.get(language) or LABELS.get(language.split("-")[0]) or LABELS["en"]
    return table.get(key, LABELS["en"][key]).format(**values)
