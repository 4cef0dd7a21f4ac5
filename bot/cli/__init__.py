"""The `careers-bot` command line. Each command lives in its own module with a `register(app)`."""

from __future__ import annotations

import sys

import typer

from index.errors import CareersBotError

from . import ask_cmd, bench_cmd, eval_cmd, index_cmd, serve_cmd, sources_cmd, tune_cmd

app = typer.Typer(
    name="careers-bot",
    help="Answer questions about job postings by quoting them, in Slack and in the terminal.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

for module in (index_cmd, ask_cmd, eval_cmd, tune_cmd, serve_cmd, sources_cmd, bench_cmd):
    module.register(app)


def main() -> None:
    try:
        app()
    except CareersBotError as error:
        typer.secho(f"Error: {error}", fg=typer.colors.RED, err=True)
        sys.exit(1)
