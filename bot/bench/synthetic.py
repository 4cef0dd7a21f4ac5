"""A synthetic but realistic Hugo careers site of N postings, for the scale benchmarks.

Posting `i` depends only on (seed, i), so the 100-posting site is a prefix of the 1,000-posting one
and embeddings cached for a smaller site are reused by a larger one. Languages en/sv/nb/da live in
`content/<lang>/careers/` with a `contentDir` per language in `hugo.toml`.
"""

from __future__ import annotations

import random
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

LANGUAGE_WEIGHTS = {"en": 0.6, "sv": 0.2, "nb": 0.1, "da": 0.1}
BASE_URL = "https://careers.fjordlight.example/"
SECTION_ORDER = (
    "about_role",
    "what_you_do",
    "team",
    "stack",
    "requirements",
    "nice_to_have",
    "offer",
    "salary",
    "remote",
    "how_we_work",
    "growth",
    "process",
    "about_us",
    "apply",
)
ALWAYS_KEPT = {"about_role", "requirements", "apply"}
DRAFT_SHARE = 0.08


@dataclass
class SyntheticSite:
    path: Path
    postings: int
    words: int
    languages: dict[str, int] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


@cache
def vocabulary() -> dict:
    with (Path(__file__).parent / "vocabulary.toml").open("rb") as handle:
        return tomllib.load(handle)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def posting_slug(index: int, title: str) -> str:
    return f"{index:05d}-{slugify(title)}"


def write_site(dest: Path, postings: int, *, seed: int = 7) -> SyntheticSite:
    """Write (or overwrite) a Hugo site with `postings` postings under `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "hugo.toml").write_text(hugo_config(), encoding="utf-8")
    languages: Counter[str] = Counter()
    titles: list[str] = []
    words = 0
    for lang in LANGUAGE_WEIGHTS:
        folder = dest / "content" / lang / "careers"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(section_index(lang), encoding="utf-8")
    for index in range(postings):
        lang, title, markdown = make_posting(index, seed)
        path = dest / "content" / lang / "careers" / f"{posting_slug(index, title)}.md"
        path.write_text(markdown, encoding="utf-8")
        languages[lang] += 1
        titles.append(title)
        words += len(markdown.split())
    return SyntheticSite(dest, postings, words, dict(languages), titles)


def hugo_config() -> str:
    lines = [
        f'baseURL = "{BASE_URL}"',
        f'title = "{vocabulary()["common"]["company"]} careers"',
        'defaultContentLanguage = "en"',
        "",
        "[languages]",
    ]
    for weight, lang in enumerate(LANGUAGE_WEIGHTS, start=1):
        lines += [
            f"  [languages.{lang}]",
            f"    weight = {weight}",
            f'    contentDir = "content/{lang}"',
            f'    languageName = "{lang}"',
        ]
    return "\n".join(lines) + "\n"


def section_index(lang: str) -> str:
    words = vocabulary()[lang]
    company = vocabulary()["common"]["company"]
    text = words["section_index_text"].format(company=company)
    return f'---\ntitle: "{words["section_index_title"]}"\n---\n\n{text}\n'


def make_posting(index: int, seed: int) -> tuple[str, str, str]:
    """(language, title, markdown) of posting `index`; deterministic in (seed, index)."""
    rng = random.Random(f"{seed}:{index}")
    lang = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
    slots = posting_slots(rng, lang, index)
    title = f"{slots['seniority']} {slots['role']}"
    if rng.random() < 0.5:
        title += f", {slots['team']}"
    body = posting_body(rng, lang, slots)
    return lang, title, front_matter(rng, title, slots) + body


def posting_slots(rng: random.Random, lang: str, index: int) -> dict[str, str]:
    common, words = vocabulary()["common"], vocabulary()[lang]
    level = rng.randrange(len(words["seniority"]))
    stacks = rng.sample(common["stacks"], 3)
    tools = rng.sample(common["tools"], 2)
    domains = rng.sample(common["domains"], 2)
    currency = common["currencies"][lang]
    low = common["salary_bands"][currency][level] * rng.choice((0.9, 0.95, 1.0, 1.05))
    published = date(2024, 1, 1) + timedelta(days=rng.randrange(900))
    slots = {
        "company": common["company"],
        "role": rng.choice(common["roles"]),
        "seniority": words["seniority"][level],
        "team": rng.choice(words["teams"]),
        "stack": stacks[0],
        "stack2": stacks[1],
        "stack3": stacks[2],
        "tool": tools[0],
        "tool2": tools[1],
        "domain": domains[0],
        "domain2": domains[1],
        "city": rng.choice(common["cities"]),
        "currency": currency,
        "salary_min": f"{round(low, -2):,.0f}".replace(",", " "),
        "salary_max": f"{round(low * 1.3, -2):,.0f}".replace(",", " "),
        "years": str(level + rng.randrange(1, 3)),
        "team_size": str(rng.randrange(4, 12)),
        "vacation": str(rng.choice((25, 28, 30))),
        "bonus": str(rng.choice((5, 8, 10, 15))),
        "oncall_weeks": str(rng.choice((4, 5, 6, 8))),
        "growth_percent": str(rng.choice((10, 15, 20))),
        "exercise_hours": str(rng.choice((2, 3, 4))),
        "answer_days": str(rng.choice((3, 5, 7, 10))),
        "founded": str(rng.randrange(2008, 2020)),
        "employees": str(rng.randrange(60, 400)),
        "date": published.isoformat(),
        "closes": (published + timedelta(days=rng.randrange(30, 75))).isoformat(),
        "contact": f"jobs+{index}@fjordlight.example",
        "apply_url": f"https://jobs.fjordlight.example/apply/{index}",
        "employment_type": rng.choice(common["employment_types"]),
    }
    slots["remote"] = rng.choice(words["remote"]).format(city=slots["city"])
    return slots


def front_matter(rng: random.Random, title: str, slots: dict[str, str]) -> str:
    fields = {
        "title": title,
        "date": slots["date"],
        "closes": slots["closes"],
        "location": slots["city"],
        "team": slots["team"],
        "remote": slots["remote"],
        "employment_type": slots["employment_type"],
        "apply_url": slots["apply_url"],
        "contact": slots["contact"],
    }
    if rng.random() < 0.6:
        fields["salary_min"] = slots["salary_min"].replace(" ", "")
        fields["salary_max"] = slots["salary_max"].replace(" ", "")
        fields["salary_currency"] = slots["currency"]
    lines = [f'{key}: "{value}"' for key, value in fields.items()]
    lines.append(f"draft: {'true' if rng.random() < DRAFT_SHARE else 'false'}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def posting_body(rng: random.Random, lang: str, slots: dict[str, str]) -> str:
    words = vocabulary()[lang]
    optional = [key for key in SECTION_ORDER if key not in ALWAYS_KEPT]
    kept = set(ALWAYS_KEPT) | set(rng.sample(optional, rng.randrange(5, len(optional) + 1)))
    parts = [paragraph(rng, words["sentences"]["intro"], slots, 2, 4)]
    for key in SECTION_ORDER:
        if key not in kept:
            continue
        heading = words["headings"][key].format(**slots)
        parts.append(f"## {heading}")
        parts.append(paragraph(rng, words["sentences"][key], slots, 3, 6))
    return "\n\n".join(parts) + "\n"


def paragraph(
    rng: random.Random, templates: list[str], slots: dict[str, str], low: int, high: int
) -> str:
    """`low`..`high` sentences; templates with slots are reused with fresh details when few."""
    order = rng.sample(templates, len(templates))
    reusable = [t for t in order if "{" in t]
    count = min(rng.randint(low, high), len(order) + len(reusable))
    sentences = [t.format(**slots) for t in order[:count]]
    for template in reusable[: count - len(sentences)]:
        sentences.append(template.format(**{**slots, **fresh_details(rng)}))
    is_list = all(s.startswith("- ") for s in sentences)
    return "\n".join(sentences) if is_list else " ".join(sentences)


def fresh_details(rng: random.Random) -> dict[str, str]:
    common = vocabulary()["common"]
    stacks = rng.sample(common["stacks"], 3)
    tools = rng.sample(common["tools"], 2)
    return {
        "stack": stacks[0],
        "stack2": stacks[1],
        "stack3": stacks[2],
        "tool": tools[0],
        "tool2": tools[1],
        "domain": rng.choice(common["domains"]),
    }


def posting_path(site: Path, index: int, seed: int = 7) -> Path:
    lang, title, _ = make_posting(index, seed)
    return site / "content" / lang / "careers" / f"{posting_slug(index, title)}.md"


def edit_posting(site: Path, index: int, note: str) -> Path:
    """Change one posting's text (appends a sentence to its last section) and return its path."""
    path = posting_path(site, index)
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f" {note}\n", encoding="utf-8")
    return path


def synthetic_questions(count: int, *, seed: int = 7) -> list[str]:
    """Questions a candidate might ask about the synthetic postings (English, varied intents)."""
    rng = random.Random(f"{seed}:questions")
    common, words = vocabulary()["common"], vocabulary()["en"]
    forms = (
        "what is the salary for the {seniority} {role} role?",
        "is the {role} job in {team} remote?",
        "which {stack} jobs do you have?",
        "what are the requirements for the {role} position?",
        "how do I apply to be a {seniority} {role}?",
        "do you have anything in {city} for a {role}?",
        "how many vacation days do {role}s get?",
        "what does the hiring process look like for {team}?",
    )
    questions = []
    for n in range(count):
        slots = {
            "seniority": rng.choice(words["seniority"]).lower(),
            "role": rng.choice(common["roles"]).lower(),
            "team": rng.choice(words["teams"]),
            "stack": rng.choice(common["stacks"]),
            "city": rng.choice(common["cities"]),
        }
        questions.append(forms[n % len(forms)].format(**slots))
    return questions
