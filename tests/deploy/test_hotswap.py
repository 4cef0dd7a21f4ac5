"""Live index updates: a new generation swaps in under load; a broken one is refused."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from bot.answer.engine import Answerer
from bot.ops.hotswap import IndexHolder
from index.build import build_index
from index.errors import IndexLoadError
from index.sources.config import load_sources
from index.store import GENERATIONS, POINTER, current_generation

QUESTION = "What is the salary for the Route Analyst role?"
POSTING = """---
title: "Route Analyst"
date: 2026-10-01
location: "Malmö"
---

## About the role

You analyse delivery routes for our customers and suggest improvements.

## Salary

The monthly salary is SEK {salary}.
"""


def write_site(site: Path, salary: str) -> None:
    (site / "content" / "jobs").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text('baseURL = "https://jobs.example.org/"\n', encoding="utf-8")
    posting = site / "content" / "jobs" / "route-analyst.md"
    posting.write_text(POSTING.format(salary=salary), encoding="utf-8")


def publish(site: Path, index_dir: Path, embedder, salary: str) -> str:
    write_site(site, salary)
    build_index(load_sources(sites=[site]), index_dir, embedder)
    generation = current_generation(index_dir)
    assert generation is not None
    return generation


def point_current_at(index_dir: Path, generation: str) -> None:
    temporary = index_dir / f".{POINTER}.test"
    temporary.write_text(generation + "\n", encoding="utf-8")
    os.replace(temporary, index_dir / POINTER)


def swaps(result: str) -> float:
    return REGISTRY.get_sample_value("careers_bot_index_swaps_total", {"result": result}) or 0.0


@pytest.fixture
def site_and_index(tmp_path: Path, embedder) -> tuple[Path, Path, str]:
    site, index_dir = tmp_path / "site", tmp_path / "index"
    return site, index_dir, publish(site, index_dir, embedder, "41,000")


def test_swap_under_load_without_a_failed_answer(site_and_index, embedder) -> None:
    site, index_dir, first = site_and_index
    holder = IndexHolder(index_dir, embedder)
    holder.load()
    used: list[str] = []  # the generation each answer was computed on

    def current_index():
        index = holder()
        used.append(index.generation)
        return index

    answerer = Answerer(current_index)
    results: list[tuple[str, str, str | None]] = []  # (generation used, answer, error)
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            try:
                text, error = answerer.ask(QUESTION).text, None
            except Exception as exception:
                text, error = "", repr(exception)
            results.append((used[-1] if used else "", text, error))

    asker = threading.Thread(target=keep_asking)
    asker.start()
    holder.start(poll_seconds=0.05)
    try:
        second = publish(site, index_dir, embedder, "57,500")
        assert wait_for(lambda: holder.generation == second)
        asked_before = len(results)
        assert wait_for(lambda: len(results) >= asked_before + 3)
    finally:
        stop.set()
        asker.join(timeout=60)
        holder.stop()

    assert [error for _, _, error in results if error] == []
    salary = {first: "41,000", second: "57,500"}
    assert all(salary[generation] in text for generation, text, _ in results)
    generations = [generation for generation, _, _ in results]
    switch = generations.index(second)
    assert switch > 0 and set(generations[:switch]) == {first}
    assert set(generations[switch:]) == {second}  # never back to the old index


def wait_for(condition, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_broken_index_is_refused_and_the_old_one_keeps_serving(site_and_index, embedder) -> None:
    site, index_dir, good = site_and_index
    holder = IndexHolder(index_dir, embedder)
    holder.load()
    refused_before = swaps("refused")

    broken = "29990101T000000000000Z-broken"
    shutil.copytree(index_dir / GENERATIONS / good, index_dir / GENERATIONS / broken)
    segment = next((index_dir / GENERATIONS / broken / "segments").iterdir())
    (segment / "vectors.npy").write_bytes(b"not a numpy file")
    point_current_at(index_dir, broken)

    result = holder.check()
    assert not result.swapped and "corrupt index" in result.reason
    assert holder.generation == good
    assert "41,000" in Answerer(holder).ask(QUESTION).text
    assert swaps("refused") == refused_before + 1
    assert holder.check().reason == "unchanged"  # refused once, not reloaded on every poll

    fixed = publish(site, index_dir, embedder, "44,000")
    assert holder.check().swapped and holder.generation == fixed
    assert "44,000" in Answerer(holder).ask(QUESTION).text


def test_index_from_another_model_is_refused(site_and_index, embedder) -> None:
    _, index_dir, good = site_and_index
    holder = IndexHolder(index_dir, embedder)
    holder.load()
    other = "29990101T000000000000Z-other-model"
    shutil.copytree(index_dir / GENERATIONS / good, index_dir / GENERATIONS / other)
    manifest_path = index_dir / GENERATIONS / other / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest_path.write_text(json.dumps(manifest | {"model": "another-model"}), encoding="utf-8")
    point_current_at(index_dir, other)

    result = holder.check()
    assert not result.swapped and "another-model" in result.reason
    assert holder.generation == good


def test_validator_refusal_keeps_the_old_index(site_and_index, embedder) -> None:
    site, index_dir, good = site_and_index

    def refuse_low_salaries(index) -> None:
        if any("SEK 1," in chunk.text for chunk in index.chunks):
            raise IndexLoadError("suspicious salary")

    holder = IndexHolder(index_dir, embedder, validator=refuse_low_salaries)
    holder.load()
    publish(site, index_dir, embedder, "1,000")
    result = holder.check()
    assert not result.swapped and result.reason == "suspicious salary"
    assert holder.generation == good


def test_nothing_to_load_is_not_ready(tmp_path: Path, embedder) -> None:
    holder = IndexHolder(tmp_path / "empty", embedder)
    assert not holder.is_ready()
    with pytest.raises(IndexLoadError, match="no index in"):
        holder.load()
    with pytest.raises(IndexLoadError, match="no index loaded"):
        holder()


def test_holder_of_an_already_loaded_index(site_and_index, embedder) -> None:
    from index.search import load_index

    site, index_dir, good = site_and_index
    holder = IndexHolder.of(load_index(index_dir, embedder))
    assert holder.index_dir == index_dir and holder.generation == good
    assert holder.check().reason == "unchanged"
    newer = publish(site, index_dir, embedder, "43,000")
    assert holder.check().swapped and holder() is holder.current
    assert holder.generation == newer
