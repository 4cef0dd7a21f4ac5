"""`careers-bot ask` and `careers-bot chat`: questions answered from the index in a terminal."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.answer.engine import Answerer
from bot.cli.common import (
    BaseUrlOption,
    ConfigOption,
    IncludeDraftsOption,
    IndexDirOption,
    ModelOption,
    SiteOption,
    open_index,
    read_json_lines,
)
from bot.render.terminal import render
from index.errors import ConfigError
from index.store import DEFAULT_INDEX_DIR

ContactOption = Annotated[
    str | None,
    typer.Option("--contact", help="Who to point people to when the postings don't answer."),
]


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
    app.command("chat")(chat)


def ask(
    question: Annotated[str | None, typer.Argument(help="The question.")] = None,
    site: SiteOption = None,
    config: ConfigOption = None,
    include_drafts: IncludeDraftsOption = False,
    index_dir: IndexDirOption = DEFAULT_INDEX_DIR,
    base_url: BaseUrlOption = None,
    model: ModelOption = None,
    history: Annotated[
        list[str] | None,
        typer.Option(
            "--history", help="An earlier message of the thread (repeatable, oldest first)."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the answer object as JSON.")
    ] = False,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch",
            help='JSON Lines of {"id", "question", "history"}: one JSON line out per line in.',
        ),
    ] = None,
    contact: ContactOption = None,
) -> None:
    """Answer a question by quoting the postings, with links."""
    if batch is None and not question:
        raise ConfigError("give a question, or --batch FILE with --json")
    if batch is not None and not as_json:
        raise ConfigError("--batch writes JSON Lines: add --json")
    index = open_index(site, config, index_dir, base_url, model=model)
    answerer = Answerer(index, contact=contact)
    if batch is not None:
        answer_batch(answerer, batch, include_drafts, sys.stdout)
        return
    answer = answerer.ask(question or "", history or [], include_drafts=include_drafts)
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        Console().print(render(answer))


def answer_batch(answerer: Answerer, path: Path, include_drafts: bool, out) -> None:
    """One answer line per question line; an item's `site`/`corpus` key limits it to that site."""
    known_sites = {meta.site for meta in answerer.index.postings.values()}
    for number, item in enumerate(read_json_lines(path), start=1):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise ConfigError(f'{path}:{number}: expected an object with a "question" string')
        site = item.get("site") or item.get("corpus")
        sites = [site] if site in known_sites else None
        answer = answerer.ask(
            item["question"], item.get("history") or [], include_drafts=include_drafts, sites=sites
        )
        out.write(json.dumps({**item, "answer": answer.to_dict()}, ensure_ascii=False) + "\n")
        out.flush()


def chat(
    site: SiteOption = None,
    config: ConfigOption = None,
    include_drafts: IncludeDraftsOption = False,
    index_dir: IndexDirOption = DEFAULT_INDEX_DIR,
    base_url: BaseUrlOption = None,
    model: ModelOption = None,
    contact: ContactOption = None,
) -> None:
    """A conversation in the terminal: follow-ups use the thread. /new starts a new thread."""
    console = Console()
    answerer = Answerer(open_index(site, config, index_dir, base_url, model=model), contact=contact)
    console.print("[dim]Ask about the job postings. /new starts a new thread, /quit ends.[/dim]")
    thread: list[str] = []
    while True:
        try:
            question = console.input("[bold cyan]you>[/bold cyan] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if question in ("/quit", "/exit"):
            return
        if question == "/new":
            thread = []
            console.print("[dim]New thread.[/dim]")
            continue
        if question:
            console.print(render(answerer.ask(question, thread, include_drafts=include_drafts)))
            thread.append(question)
