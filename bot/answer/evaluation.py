"""Scoring answers against a QA file, by the rules of the shared reference scorer.

A QA item names the postings a correct answer cites (`postings`), strings a correct answer quotes
(`evidence`), and strings it must never contain (`forbidden`). Three cases:
- evidence given: the first citation is one of `postings`, and some evidence string stands in
  the answer text or in one of the first three quotes;
- postings but no evidence ("not stated"): at least one citation, all of them of `postings`;
- neither ("out of scope"): the answer abstains and cites nothing.
Whitespace is collapsed before comparing; quotes over MAX_QUOTE characters count as no quote.
Strict (`--strict`): a fact answer (any kind but a listing) must lead with its evidence: it counts
only in the answer's `lead` or its first quote. The report also counts the quotes of each
one-fact answer (a padded answer is a worse answer, even when the right sentence is in it).

The reference scorer passes a "not stated" item whenever the right posting is cited, even by an
answer that claims the posting states the fact ("… states the salary:" quoting "Europe"). Those
are listed apart as `false_claims`, without changing the score, so that they can be seen.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_QUOTE = 600


def _flat(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@dataclass(frozen=True)
class Verdict:
    correct: bool
    reason: str = ""


def _haystacks(item: dict, answer: dict, strict: bool) -> list[str]:
    """Where the evidence may stand: the text and the first three quotes, or, strictly, the lead
    and the first quote."""
    citations = answer.get("citations") or []
    if strict and item.get("kind") != "listing":
        texts, quotes = [answer.get("lead")], citations[:1]
    else:
        texts, quotes = [answer.get("text")], citations[:3]
    flat_quotes = (_flat(c.get("quote")) for c in quotes)
    return [_flat(t) for t in texts] + [q for q in flat_quotes if len(q) <= MAX_QUOTE]


def judge(item: dict, answer: dict, strict: bool = False) -> Verdict:
    citations = answer.get("citations") or []
    haystacks = _haystacks(item, answer, strict)
    for bad in item.get("forbidden", []):
        if any(_flat(bad) in h for h in haystacks):
            return Verdict(False, f"forbidden: {bad}")
    postings, evidence = item.get("postings", []), item.get("evidence", [])
    if not postings:
        ok = bool(answer.get("abstained")) and not citations
        return Verdict(ok, "" if ok else "should abstain")
    if not citations:
        return Verdict(False, "no citation")
    if not evidence:
        other = next((c.get("source") for c in citations if c.get("source") not in postings), None)
        return Verdict(other is None, f"cited another posting: {other}" if other else "")
    if citations[0].get("source") not in postings:
        return Verdict(False, f"first citation is {citations[0].get('source')}")
    if not any(_flat(e) in h for e in evidence for h in haystacks):
        return Verdict(False, "evidence not quoted")
    return Verdict(True)


def claims_unstated(item: dict, answer: dict) -> bool:
    """A "not stated" item answered as if the posting stated the fact."""
    not_stated = bool(item.get("postings")) and not item.get("evidence")
    return not_stated and answer.get("outcome") == "answered"


def one_fact_quotes(item: dict, answer: dict) -> int | None:
    """How many quotes an answer to a one-fact question carries (None for other questions)."""
    if not item.get("evidence") or item.get("kind") == "listing":
        return None
    return sum(1 for c in answer.get("citations") or [] if c.get("quote"))


@dataclass
class EvalReport:
    strict: bool = False
    per_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    failures: list[tuple[dict, Verdict, dict]] = field(default_factory=list)
    false_claims: list[tuple[dict, dict]] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)

    def add(self, item: dict, answer: dict) -> Verdict:
        verdict = judge(item, answer, self.strict)
        shown = one_fact_quotes(item, answer)
        if shown is not None:
            self.quotes.append(shown)
        if verdict.correct and claims_unstated(item, answer):
            self.false_claims.append((item, answer))
        counts = self.per_kind[item.get("kind", "?")]
        counts[0] += verdict.correct
        counts[1] += 1
        if not verdict.correct:
            self.failures.append((item, verdict, answer))
        return verdict

    @property
    def correct(self) -> int:
        return sum(c for c, _ in self.per_kind.values())

    @property
    def total(self) -> int:
        return sum(n for _, n in self.per_kind.values())

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def mean_quotes(self) -> float:
        return sum(self.quotes) / len(self.quotes) if self.quotes else 0.0

    def to_dict(self) -> dict:
        return {
            "strict": self.strict,
            "correct": self.correct,
            "total": self.total,
            "accuracy": round(self.accuracy, 4),
            "mean_quotes": round(self.mean_quotes, 2),
            "per_kind": {k: v for k, v in sorted(self.per_kind.items())},
            "failures": [
                {"id": item.get("id"), "kind": item.get("kind"), "reason": verdict.reason}
                for item, verdict, _ in self.failures
            ],
            "false_claims": [item.get("id") for item, _ in self.false_claims],
        }


def evaluate(items: Iterable[dict], answers: dict[str, dict], strict: bool = False) -> EvalReport:
    report = EvalReport(strict)
    for item in items:
        report.add(item, answers.get(item["id"], {}))
    return report
