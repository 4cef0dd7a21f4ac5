"""`careers-bot bench`: runs each measurement, collects figures with targets, writes the report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.bench import figures
from bot.bench.child import run_child
from bot.bench.results import BenchReport, Plan, not_measured
from bot.bench.scale import measure_size

MEASUREMENTS = ("latency", "scale", "throughput", "incremental", "coldstart", "slack")


QUICK = Plan((100, 1_000), 30, 20, 50, 20, 15, 30.0, 1)
FULL = Plan((100, 1_000, 10_000), None, 100, 300, 100, None, 300.0, 2)


@dataclass
class BenchOptions:
    sites: list[Path]
    qa_file: Path
    history_file: Path
    workdir: Path
    quick: bool = False
    cache: Path | None = None
    report_path: Path | None = None
    only: tuple[str, ...] = MEASUREMENTS
    notes: list[str] = field(default_factory=list)
    overrides: dict = field(default_factory=dict)  # Plan fields to change (tests, --sizes)

    @property
    def mode(self) -> str:
        return "quick" if self.quick else "full"

    @property
    def plan(self) -> Plan:
        return replace(QUICK if self.quick else FULL, **self.overrides)


Say = Callable[[str], None]


def run_bench(options: BenchOptions, say: Say = print) -> BenchReport:
    started = time.perf_counter()
    report = BenchReport(options.mode)
    options.workdir.mkdir(parents=True, exist_ok=True)
    steps = {
        "latency": measure_real_latency,
        "scale": measure_scale,
        "throughput": measure_throughput,
        "incremental": measure_incremental,
        "coldstart": measure_cold_start,
        "slack": measure_slack,
    }
    for name in options.only:
        say(f"bench: {name} ...")
        step_started = time.perf_counter()
        try:
            steps[name](options, report, say)
        except Exception as error:  # one broken measurement must not hide the others
            report.add(not_measured(name, name, "", "", f"failed: {type(error).__name__}: {error}"))
        report.details.setdefault("step_seconds", {})[name] = time.perf_counter() - step_started
    report.duration_s = time.perf_counter() - started
    report.notes.extend(options.notes)
    if options.report_path:
        options.report_path.parent.mkdir(parents=True, exist_ok=True)
        options.report_path.write_text(json.dumps(report.to_dict(), indent=2), encoding="utf-8")
    return report


def measure_real_latency(options: BenchOptions, report: BenchReport, say: Say) -> None:
    result = run_child(
        "real-latency",
        {
            "sites": [str(site) for site in options.sites],
            "index_dir": str(options.workdir / "real-index"),
            "qa": str(options.qa_file),
            "limit": options.plan.real_questions,
        },
    )
    report.details["latency"] = result
    report.add(*figures.latency_figures(result))


def measure_scale(options: BenchOptions, report: BenchReport, say: Say) -> None:
    for size in options.plan.sizes:
        say(f"bench: scale {size:,} postings ...")
        row = measure_size(size, options.workdir, cache=options.cache, plan=options.plan)
        report.scale.append(row)
        report.add(*figures.scale_figures(row))


def measure_throughput(options: BenchOptions, report: BenchReport, say: Say) -> None:
    size = options.plan.throughput_size
    result = run_child(
        "throughput",
        {
            "size": size,
            "site": str(options.workdir / "throughput-site"),
            "index_dir": str(options.workdir / "throughput-index"),
        },
    )
    report.details["throughput"] = result
    report.add(figures.throughput_figure(result))


def measure_incremental(options: BenchOptions, report: BenchReport, say: Say) -> None:
    result = run_child(
        "incremental",
        {
            "history": str(options.history_file),
            "site": str(options.workdir / "replay-site"),
            "index_dir": str(options.workdir / "replay-index"),
            "limit": options.plan.replay_limit,
        },
    )
    report.details["incremental"] = {k: v for k, v in result.items() if k != "per_commit"}
    report.details["incremental"]["per_commit"] = result["per_commit"][:200]
    report.add(*figures.incremental_figures(result))


def measure_cold_start(options: BenchOptions, report: BenchReport, say: Say) -> None:
    from bot.bench.coldstart import measure_ask_cold_start, measure_serve_ready

    index_dir = options.workdir / "real-index"
    ask = measure_ask_cold_start(options.sites, index_dir, runs=options.plan.ask_runs)
    report.details["cold_start_ask"] = ask
    report.add(figures.cold_start_figure("cold_start_ask", "cold start: ask to answer", ask))
    if "slack" not in options.only:  # the Slack step times the start of its own serve
        ready = measure_serve_ready(options.sites, index_dir, options.workdir)
        report.details["cold_start_serve"] = ready
        report.add(figures.cold_start_figure("cold_start_serve", SERVE_READY, ready))


SERVE_READY = "cold start: serve to ready"


def measure_slack(options: BenchOptions, report: BenchReport, say: Say) -> None:
    from bot.bench.slack_path import measure_mentions

    index_dir = options.workdir / "real-index"
    result = measure_mentions(options.sites, index_dir, options.workdir, qa=options.qa_file)
    report.details["slack"] = result
    if "ready_s" in result:
        ready = {"seconds": result["ready_s"], "note": "process start to /readyz 200, fake Slack"}
        report.add(figures.cold_start_figure("cold_start_serve", SERVE_READY, ready))
    report.add(*figures.slack_figures(result))
