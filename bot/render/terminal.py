"""An `Answer` for a person at a terminal: the lead, quotes as block quotes, links."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.padding import Padding
from rich.text import Text

from bot.answer.models import Answer, Outcome

_STATUS_STYLE = {
    Outcome.ANSWERED: "bold green",
    Outcome.LISTING: "bold green",
    Outcome.NOT_STATED: "bold yellow",
    Outcome.AMBIGUOUS: "bold yellow",
    Outcome.ABSTAINED: "bold red",
    Outcome.ERROR: "bold red",
}


def render(answer: Answer) -> Group:
    """A rich renderable: print it with `rich.console.Console().print(...)`."""
    parts: list = [
        Text(answer.lead or answer.text.splitlines()[0], style=_STATUS_STYLE[answer.outcome])
    ]
    if answer.outcome == Outcome.LISTING:
        parts += [_listing_line(answer, i) for i in range(len(answer.candidates))]
    for citation in answer.citations if answer.outcome != Outcome.LISTING else []:
        parts.append(Padding(Text(f"“{citation.quote}”", style="italic"), (0, 0, 0, 2)))
        parts.append(
            Padding(
                Text.from_markup(
                    f"— {escape(citation.title)}"
                    + (f", {escape(citation.section)}" if citation.section else "")
                    + f"  [link={citation.quote_url}]{escape(citation.url)}[/link]",
                    style="dim",
                ),
                (0, 0, 1, 4),
            )
        )
    if answer.outcome == Outcome.AMBIGUOUS:
        parts += [Text(f"  • {c.title} — {c.url}") for c in answer.candidates]
    parts += [Text(line, style="dim") for line in _footer(answer)]
    return Group(*parts)


def _listing_line(answer: Answer, i: int) -> Text:
    candidate = answer.candidates[i]
    line = Text(f"  • {candidate.title}", style="bold")
    if candidate.visibility != "published":
        line.append(f" ({candidate.visibility})", style="yellow")
    line.append(f"  {candidate.url}", style="cyan")
    quote = next((c.quote for c in answer.citations if c.source == candidate.source), "")
    if quote:
        line.append(f"\n      “{quote}”", style="italic dim")
    return line


def _footer(answer: Answer) -> list[str]:
    """Lines of the plain text that the structured parts above don't already show."""
    if answer.outcome in (Outcome.NOT_STATED, Outcome.ABSTAINED):
        return [line for line in answer.text.splitlines()[1:] if not line.startswith("> ")]
    lines = [f"  also: {c.title} — {c.url}" for c in answer.candidates[1:]]
    if answer.apply_url:
        lines.append(f"Apply: {answer.apply_url}")
    return lines
