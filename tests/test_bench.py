"""The bench machinery on a tiny corpus: real model, real index, real child processes.

No timing is asserted: figures only have to be real, finite numbers in a well-formed report.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bot.bench.docs import KEPT_MARKER, figures_markdown, scale_markdown, write_docs, write_plot
from bot.bench.embedders import CachingEmbedder, CountingEmbedder
from bot.bench.results import BenchReport
from bot.bench.runner import BenchOptions, run_bench
from bot.bench.synthetic import edit_posting, posting_path, synthetic_questions, write_site
from index.models import Visibility


@pytest.fixture(scope="session")
def embedder():
    from index.embeddings import load_embedder

    return load_embedder()


def test_synthetic_site_is_deterministic_and_a_prefix_of_larger_ones(tmp_path: Path) -> None:
    small = write_site(tmp_path / "small", 6)
    large = write_site(tmp_path / "large", 12)
    assert large.titles[:6] == small.titles
    for index in range(6):
        path = posting_path(small.path, index)
        twin = large.path / path.relative_to(small.path)
        assert path.read_text(encoding="utf-8") == twin.read_text(encoding="utf-8")
    assert "baseURL" in (small.path / "hugo.toml").read_text(encoding="utf-8")
    assert 300 < small.words / small.postings < 1100


def test_synthetic_site_reads_as_a_hugo_site_in_four_languages(tmp_path: Path) -> None:
    from index.hugo.site import read_hugo_site

    site = write_site(tmp_path / "site", 40)
    postings = [p for p in read_hugo_site(site.path).postings if not p.is_section_page]
    assert len(postings) == 40
    assert {p.language for p in postings} == set(site.languages) == {"en", "sv", "nb", "da"}
    assert all(len(p.sections) >= 8 for p in postings)
    assert any(p.visibility == Visibility.DRAFT for p in postings)
    assert sum("salary_min" in p.fields for p in postings) > 10
    changed = edit_posting(site.path, 3, "A sentence added by the test.")
    assert changed.read_text(encoding="utf-8").rstrip().endswith("added by the test.")


def test_synthetic_questions_vary() -> None:
    questions = synthetic_questions(16)
    assert len(questions) == 16 and len(set(questions)) > 12
    assert questions == synthetic_questions(16)


def test_caching_embedder_returns_the_models_vectors(embedder, tmp_path: Path) -> None:
    cached = CachingEmbedder(CountingEmbedder(embedder), tmp_path / "cache.sqlite")
    texts = ["Senior platform engineer > Requirements\nYou know Go.", "Apply by mail."]
    first = cached.encode(texts)
    again = cached.encode([texts[1], texts[0]])
    assert (cached.hits, cached.misses) == (2, 2)
    assert cached.inner.take() == texts  # the model saw each text once
    assert first.shape == (2, embedder.dim)
    assert first[0] == pytest.approx(again[1], abs=1e-6)
    assert first[0] == pytest.approx(embedder.encode([texts[0]])[0], abs=1e-5)


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory, corpus_dir: Path) -> tuple[BenchReport, Path]:
    workdir = tmp_path_factory.mktemp("bench")
    report_path = workdir / "report.json"
    options = BenchOptions(
        sites=[corpus_dir / "safespring-web"],
        qa_file=corpus_dir.parent / "eval" / "qa.jsonl",
        history_file=corpus_dir / "safespring-history.jsonl",
        workdir=workdir,
        quick=True,
        cache=workdir / "cache.sqlite",
        report_path=report_path,
        only=("scale", "throughput", "incremental"),
        overrides={
            "sizes": (6,),
            "throughput_size": 3,
            "replay_limit": 4,
            "scale_questions": 4,
            "recall_queries": 8,
        },
    )
    return run_bench(options, say=lambda line: None), report_path


def test_tiny_bench_report_has_real_figures(tiny_report) -> None:
    _, report_path = tiny_report
    data = json.loads(report_path.read_text(encoding="utf-8"))
    assert data["mode"] == "quick"
    assert set(data["details"]["step_seconds"]) == {"scale", "throughput", "incremental"}
    not_measured = [f"{f['key']}: {f['note']}" for f in data["figures"] if f["value"] is None]
    assert not_measured == []
    keys = {figure["key"] for figure in data["figures"]}
    expected = {"build_throughput_ratio", "replay_chunks_embedded", "replay_chunks_changed"}
    assert expected <= keys
    assert any(key.startswith("recall_at_10_") for key in keys)
    for figure in data["figures"]:
        assert isinstance(figure["value"], int | float) and math.isfinite(figure["value"])
        assert figure["verdict"] in {"PASS", "FAIL", "-"}
        assert (figure["verdict"] == "-") == (figure["passed"] is None)


def test_tiny_bench_scale_row(tiny_report) -> None:
    report, _ = tiny_report
    [row] = report.scale
    assert row.postings >= 6 and row.chunks > 6 * 8
    # the build asks the embedder for distinct texts only: repeated chunk texts are embedded once
    assert 0 < row.embedded + row.cache_hits <= row.chunks and row.stand_ins == 0
    assert row.index_mb > 0 and row.build_peak_rss_mb > 100 and row.serve_peak_rss_mb > 100
    assert row.answer.count == 4 and row.answer.p95 > 0 and row.embedding.p95 > 0
    assert 0.0 <= row.recall_at_10 <= 1.0
    assert row.update_live_s > 0


def test_tiny_bench_writes_markdown_and_plot(tiny_report, tmp_path: Path) -> None:
    report, _ = tiny_report
    table = figures_markdown(report)
    assert table.count("\n") == len(report.figures) + 1
    assert "| 6 |" in scale_markdown(report.scale).replace(",", "")
    write_plot(report.scale, tmp_path / "plot.png")
    assert (tmp_path / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rewriting_the_docs_keeps_what_was_written_by_hand(tiny_report, tmp_path: Path) -> None:
    report, _ = tiny_report
    path = write_docs(report, tmp_path, "Measured on a tiny corpus.")
    assert (tmp_path / "benchmarks-latency.png").exists()
    path.write_text(path.read_text() + "\nWhat was slow: a note kept by hand.\n")
    write_docs(report, tmp_path, "Measured again.")
    text = path.read_text()
    assert "Measured again." in text and "Measured on a tiny corpus." not in text
    assert text.count(KEPT_MARKER) == 1 and text.endswith("a note kept by hand.\n")
