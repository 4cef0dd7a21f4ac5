"""Run one measurement phase in a fresh process, so that its peak RSS and cold costs are its own.

`python -m bot.bench.child PHASE CONFIG.json RESULT.json`: the phase function takes the config
dict and returns a JSON-able dict; the child adds its own peak RSS (`ru_maxrss`).
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index.errors import CareersBotError

PHASES = {
    "real-latency": "bot.bench.latency_phase:run",
    "scale-build": "bot.bench.scale:build_phase",
    "scale-serve": "bot.bench.scale:serve_phase",
    "throughput": "bot.bench.throughput:run",
    "incremental": "bot.bench.incremental:run",
}


class ChildFailed(CareersBotError):
    """A measurement process exited with an error."""


def peak_rss_mb() -> float:
    """This process's peak resident set size so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(phase: str, config: dict, timeout: float = 3600) -> dict:
    """Run `phase` in a new Python process and return its result (with `peak_rss_mb`, `wall_s`)."""
    with tempfile.TemporaryDirectory(prefix="careers-bench-") as folder:
        config_path, result_path = Path(folder, "config.json"), Path(folder, "result.json")
        config_path.write_text(json.dumps(config), encoding="utf-8")
        command = [sys.executable, "-m", "bot.bench.child", phase, str(config_path)]
        started = time.perf_counter()
        done = subprocess.run(
            [*command, str(result_path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "TOKENIZERS_PARALLELISM": "false", "HF_HUB_OFFLINE": "1"},
        )
        wall = time.perf_counter() - started
        if done.returncode != 0 or not result_path.exists():
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise ChildFailed(f"bench phase {phase} failed (exit {done.returncode}):\n{tail}")
        result = json.loads(result_path.read_text(encoding="utf-8"))
    result["wall_s"] = wall
    return result


def main(argv: list[str]) -> int:
    phase, config_path, result_path = argv
    module_name, function_name = PHASES[phase].split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    result = function(config)
    result.setdefault("peak_rss_mb", peak_rss_mb())
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
