"""The answer object every surface renders (terminal, Slack, JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    ANSWERED = "answered"  # quotes that answer the question
    NOT_STATED = "not_stated"  # the asked posting does not state the fact
    ABSTAINED = "abstained"  # nothing in the postings answers: points to a human
    LISTING = "listing"  # a list of matching postings
    AMBIGUOUS = "ambiguous"  # several postings fit equally: the user should pick one
    ERROR = "error"


@dataclass
class Citation:
    source: str  # posting id: path relative to its site root
    title: str
    url: str  # section URL (page URL + #anchor)
    section: str  # heading of the quoted section ("" for the intro or front-matter facts)
    quote: str  # exact substring of the posting's clean text
    quote_url: str  # url with a text fragment (#:~:text=...) that highlights the quote
    score: float
    site: str = ""
    language: str = ""
    visibility: str = "published"
    posting_url: str = ""
    apply_url: str = ""


@dataclass
class Candidate:
    """A posting offered for the user to pick when a question fits several."""

    uid: str
    source: str
    title: str
    url: str
    visibility: str = "published"


@dataclass
class Answer:
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    outcome: Outcome = Outcome.ANSWERED
    language: str = "en"
    lead: str = ""  # the one-line "what I found" sentence
    candidates: list[Candidate] = field(default_factory=list)
    contact: str = ""  # the human to ask, when abstaining or when a fact isn't stated
    apply_url: str = ""
    posting_uid: str = ""  # the posting the answer is about, for thread follow-ups

    def to_dict(self) -> dict:
        data = asdict(self)
        data["outcome"] = str(self.outcome)
        return data
