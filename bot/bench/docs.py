"""The printed table, `docs/benchmarks.md` and the latency-against-corpus-size plot."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot.bench.results import BenchReport, ScaleRow

PLOT_NAME = "benchmarks-latency.png"
KEPT_MARKER = "<!-- written by hand below this line: kept when the bench rewrites this file -->"
VERDICT_STYLE = {"PASS": "green", "FAIL": "red", "-": "dim"}


def print_table(report: BenchReport, console: Console | None = None) -> None:
    table = Table(title=f"careers-bot bench ({report.mode}, {report.duration_s:.0f} s)")
    for column in ("figure", "value", "target", "result", "note"):
        table.add_column(column, overflow="fold")
    for figure in report.figures:
        verdict = figure.verdict()
        table.add_row(
            figure.label,
            figure.shown_value(),
            figure.target,
            f"[{VERDICT_STYLE[verdict]}]{verdict}[/]",
            figure.note,
        )
    (console or Console(width=None if Console().is_terminal else 160)).print(table)


def figures_markdown(report: BenchReport) -> str:
    lines = ["| figure | value | target | result | note |", "| --- | --- | --- | --- | --- |"]
    for figure in report.figures:
        cells = (figure.label, figure.shown_value(), figure.target, figure.verdict(), figure.note)
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return "\n".join(lines)


def scale_markdown(rows: list[ScaleRow]) -> str:
    lines = [
        "| postings | chunks | build s (embedding) | embedded / cached / stand-in | index MB "
        "| peak RSS build / serve MB | answer p50 / p95 ms | embedding p95 ms | vectors "
        "| recall@10 | edit live s |",
        "| ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | --- | ---: | ---: |",
    ]
    for row in rows:
        recall = "-" if row.recall_at_10 is None else f"{row.recall_at_10:.3f}"
        live = "-" if row.update_live_s is None else f"{row.update_live_s:.2f}"
        lines.append(
            f"| {row.postings:,} | {row.chunks:,} | {row.build_s:.1f} ({row.embed_s:.0f}) "
            f"| {row.embedded:,} / {row.cache_hits:,} / {row.stand_ins:,} "
            f"| {row.index_mb:.1f} | {row.build_peak_rss_mb:.0f} / {row.serve_peak_rss_mb:.0f} "
            f"| {row.answer.p50:.1f} / {row.answer.p95:.1f} | {row.embedding.p95:.1f} "
            f"| {row.vector_kind} | {recall} | {live} |"
        )
    return "\n".join(lines)


def write_plot(rows: list[ScaleRow], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row.postings for row in rows]
    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=120)
    axes.plot(sizes, [r.answer.p95 for r in rows], "o-", label="answer p95")
    axes.plot(sizes, [r.answer.p50 for r in rows], "o--", label="answer p50")
    axes.plot(sizes, [r.embedding.p95 for r in rows], "s-", label="bare query embedding p95")
    axes.plot(
        sizes, [3 * r.embedding.p95 for r in rows], ":", color="grey", label="3x embedding p95"
    )
    axes.set_xscale("log")
    axes.set_xlabel("postings in the index (synthetic corpus)")
    axes.set_ylabel("milliseconds")
    axes.set_title("Answer latency against corpus size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)


def write_docs(report: BenchReport, docs_dir: Path, method_notes: str) -> Path:
    """`benchmarks.md` with the figures, the scale table, the plot and how it was measured."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    if report.scale:
        write_plot(report.scale, docs_dir / PLOT_NAME)
    machine = report.machine
    parts = [
        "# Benchmarks",
        "",
        f"Written by `careers-bot bench` ({report.mode} run, {report.started_at}, "
        f"{report.duration_s / 60:.1f} min) on {machine['cpus']} CPUs, "
        f"{machine['memory_gb']} GB RAM, Python {machine['python']}; load average "
        f"{machine['load_avg_1m']} at the start (the machine is shared: timings are noisy).",
        "",
        "## Figures",
        "",
        figures_markdown(report),
        "",
        "## Scale",
        "",
        scale_markdown(report.scale),
        "",
        f"![answer latency against corpus size]({PLOT_NAME})",
        "",
        "## How it was measured",
        "",
        method_notes.strip(),
    ]
    if report.notes:
        parts += ["", "## Notes", "", *[f"- {note}" for note in report.notes]]
    path = docs_dir / "benchmarks.md"
    parts += ["", KEPT_MARKER, kept_section(path)]
    path.write_text("\n".join(parts).rstrip() + "\n", encoding="utf-8")
    return path


def kept_section(path: Path) -> str:
    """What people wrote below the marker of an earlier `benchmarks.md` (findings, fixes)."""
    if not path.exists():
        return ""
    _, marker, kept = path.read_text(encoding="utf-8").partition(KEPT_MARKER)
    return kept.strip("\n") if marker else ""
