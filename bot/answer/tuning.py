"""Every weight and threshold of the answer engine, in one place.

The `Answerer` receives one `Tuning`; nothing in the engine hard-codes these numbers. Each field's
`grid` lists the values `careers-bot tune` tries when it fits the tuning on the development QA
sets (leave one corpus out: fitted without a company's site, scored on it). What each value
bought is measured in docs/benchmarks.md, not written here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from index.errors import ConfigError


def _knob(default: float, *grid: float, doc: str) -> Any:
    return field(default=default, metadata={"grid": (default, *grid), "doc": doc})


@dataclass(frozen=True)
class Tuning:
    # Which posting: how well the question must name one before it is answered from it.
    confident: float = _knob(0.45, 0.4, 0.5, doc="naming score that picks a posting")
    phrased: float = _knob(0.3, 0.25, 0.35, doc="naming enough for a name said as a phrase")
    typo: float = _knob(0.85, 0.8, 0.9, doc="a naming word matching no better may be a typo")
    clear_lead: float = _knob(0.2, 0.15, 0.3, 9.0, doc="a named posting this far ahead is meant")
    follow_up_words: int = _knob(3, 2, 4, doc="a message this short continues the thread")
    tie_margin: float = _knob(0.05, 0.03, 0.08, doc="scores this close are equally good")
    # Ranking the candidates: what their names, texts, dates and languages add to the naming share.
    mentioned_weight: float = _knob(0.3, 0.2, 0.4, doc="share of its name the question says")
    content_weight: float = _knob(0.35, 0.25, 0.45, doc="how well its text matches the question")
    phrase_weight: float = _knob(0.15, 0.1, 0.25, doc="per pair of its name's words said in a row")
    language_bonus: float = _knob(0.08, 0.04, 0.12, doc="written in the question's language")
    month_match: float = _knob(0.35, 0.3, 0.45, doc="posted in the month and year asked")
    other_month: float = _knob(-0.05, 0.0, -0.1, doc="posted in the year asked, another month")
    year_match: float = _knob(0.2, 0.1, 0.3, doc="posted in the year asked (no month asked)")
    other_year: float = _knob(-0.15, -0.05, -0.25, doc="posted in another year than asked")
    edition_match: float = _knob(0.25, 0.15, 0.3, doc="its title or slug holds the year asked")
    other_edition: float = _knob(-0.25, -0.15, -0.35, doc="its title or slug holds another year")
    # Sentence scores: what makes a sentence the one that answers.
    states_weight: float = _knob(0.6, 0.4, 0.8, doc="the sentence states the asked fact")
    stated_weight: float = _knob(0.4, 0.2, 0.6, doc="how many evidence cues it carries")
    on_topic_heading: float = _knob(0.35, 0.2, 0.5, doc="under a heading of the fact")
    heading_match: float = _knob(0.5, 0.3, 0.7, doc="heading shares the question's words")
    lexical_weight: float = _knob(0.9, 0.6, 1.2, doc="sentence shares the question's words")
    focus_weight: float = _knob(0.8, 0.5, 1.1, doc="sentence holds the question's rare words")
    echoed_heading: float = _knob(0.3, 0.15, 0.45, doc="heading echoes the question's topic")
    dense_weight: float = _knob(0.6, 0.4, 0.8, doc="its chunk's similarity to the question")
    when_bonus: float = _knob(0.3, 0.15, 0.45, doc="a date, for a 'when' question")
    facts_penalty: float = _knob(0.15, 0.05, 0.3, doc="a field line that states nothing asked")
    fields_bonus: float = _knob(0.3, 0.15, 0.45, doc="a stating field line, for field facts")
    concrete_bonus: float = _knob(0.25, 0.1, 0.4, doc="a figure, date or link of the fact")
    # Evidence by meaning: the best sentences compared with the question by the model.
    meaning_weight: float = _knob(0.8, 0.0, 0.4, 1.2, doc="a sentence's similarity to the question")
    meaning_candidates: int = _knob(6, 4, 10, doc="how many of the best sentences are compared")
    # Quotes: how many, and how close to the best one another must score.
    quote_floor: float = _knob(0.7, 0.55, 0.8, 0.9, doc="another quote's share of the best")
    sibling_floor: float = _knob(0.7, 0.45, 0.8, 0.9, doc="a neighbour of the best, its share")
    steps_floor: float = _knob(0.45, 0.3, 0.6, doc="another step's share of the best")
    most_steps: int = _knob(4, 3, 5, doc="quotes for the steps of a process at the most")
    most_quotes: int = _knob(3, 1, 2, doc="quotes for one fact at the most")

    @classmethod
    def load(cls, path: Path) -> Tuning:
        """Values from a TOML file (`careers-bot tune --write`); unknown keys are an error."""
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: cannot read the tuning: {error}") from error
        return cls().with_values(values, origin=str(path))

    def with_values(self, values: dict[str, Any], origin: str = "tuning") -> Tuning:
        known = {f.name: f for f in fields(self)}
        for key, value in values.items():
            if key not in known:
                raise ConfigError(f"{origin}: unknown tuning value {key!r}")
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ConfigError(f"{origin}: {key} must be a number, not {value!r}")
        return replace(self, **values)

    def changes(self) -> dict[str, Any]:
        """The values that differ from the defaults."""
        default = Tuning()
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }


DEFAULT_TUNING = Tuning()
