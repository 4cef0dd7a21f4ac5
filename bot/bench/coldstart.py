"""Cold start: a new `careers-bot ask` process to its printed answer, and `serve` to ready."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

COLD_QUESTION = "which jobs are open?"


def careers_bot_command() -> list[str]:
    """The CLI as a user runs it, through this interpreter (no reliance on PATH)."""
    return [sys.executable, "-c", "from bot.cli import main; main()"]


def site_options(sites: list[Path], index_dir: Path) -> list[str]:
    options = [f"--site={site}" for site in sites]
    return [*options, f"--index-dir={index_dir}"]


def measure_ask_cold_start(sites: list[Path], index_dir: Path, runs: int = 2) -> dict:
    """Best of `runs` (the first also brings the index up to date, if it was not)."""
    command = [*careers_bot_command(), "ask", *site_options(sites, index_dir), COLD_QUESTION]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            tail = " ".join(done.stderr.strip().splitlines()[-3:])
            return {"seconds": None, "note": f"careers-bot ask failed: {tail}"}
    return {
        "seconds": seconds[-1],
        "runs": seconds,
        "note": "new process, model load + index check + load + answer printed",
    }


def measure_serve_ready(sites: list[Path], index_dir: Path, workdir: Path) -> dict:
    from bot.bench.serve_process import ServeUnavailable, running_serve

    try:
        with running_serve(sites, index_dir, workdir) as serve:
            return {"seconds": serve.ready_s, "note": "process start to /readyz 200, fake Slack"}
    except ServeUnavailable as error:
        return {"seconds": None, "note": str(error)}
