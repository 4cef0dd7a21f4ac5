"""Scoring answers against a QA file, by the rules of the shared reference scorer.

A QA item names the postings a correct answer cites (`postings`), strings a correct answer quotes
(`evidence`), and strings it must never contain (`forbidden`). Three cases:
- evidence given: the first citation is one of `postings`, and some evidence string stands in
  the answer text or in one of the first three quotes;
- postings but no evidence ("not stated"): at least one citation, all of them of `postings`;
- neither ("out of scope"): the answer abstains and cites nothing.
Whitespace is collapsed before comparing; quotes over MAX_QUOTE characters count as no quote.

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


def judge(item: dict, answer: dict) -> Verdict:
    citations = answer.get("citations") or []
    quotes = [_flat(c.get("quote")) for c in citations[:3]]
    haystacks = [_flat(answer.get("text"))] + [q for q in quotes if len(q) <= MAX_QUOTE]
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


@dataclass
class EvalReport:
    per_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    failures: list[tuple[dict, Verdict, dict]] = field(default_factory=list)
    false_claims: list[tuple[dict, dict]] = field(default_factory=list)

    def add(self, item: dict, answer: dict) -> Verdict:
        verdict = judge(item, answer)
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

    def to_dict(self) -> dict:
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": round(self.accuracy, 4),
            "per_kind": {k: v for k, v in sorted(self.per_kind.items())},
            "failures": [
                {"id": item.get("id"), "kind": item.get("kind"), "reason": verdict.reason}
                for item, verdict, _ in self.failures
            ],
            "false_claims": [item.get("id") for item, _ in self.false_claims],
        }


def evaluate(items: Iterable[dict], answers: dict[str, dict]) -> EvalReport:
    report = EvalReport()
    for item in items:
        report.add(item, answers.get(item["id"], {}))
    return report
