"""ATS boards, markdown sites and a Hugo site in one real index (real model, real FAISS)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from index.build import build_index
from index.search import load_index
from index.sources.config import load_sources

from .conftest import GREENHOUSE_PATH, LEVER_PATH, SITES, serve_boards

FIRMWARE_URL = "https://job-boards.greenhouse.io/kelpline/jobs/4012002"
STEWARD_URL = "https://jobs.kelpline.example/jobs/data-steward/"
ROBOTICS_URL = "https://www.kelpline.example/career/ocean-robotics-engineer/"


def sources_file(folder: Path, board_url: str) -> Path:
    text = f"""
[[source]]
type = "hugo"
path = "{SITES / "hugo-kelpline"}"
sections = ["career"]

[[source]]
type = "markdown"
name = "kelpline-jekyll"
path = "{SITES / "jekyll-kelpline"}"
glob = "_jobs/*.md"
url = "https://jobs.kelpline.example{{permalink}}"
open_when = {{ state = ["open"] }}

[[source]]
type = "greenhouse"
board = "kelpline"
name = "kelpline-greenhouse"
base_url = "{board_url}"
attempts = 2
backoff = 0
timeout = 2

[[source]]
type = "lever"
site = "kelpline"
name = "kelpline-lever"
base_url = "{board_url}"
attempts = 2
backoff = 0
"""
    path = folder / "careers.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config(httpserver: HTTPServer, tmp_path: Path) -> Path:
    serve_boards(httpserver)
    return sources_file(tmp_path, httpserver.url_for("").rstrip("/"))


def build(config: Path, folder: Path, embedder):
    sources = load_sources(config, cache_dir=folder / "http-cache")
    report = build_index(sources, folder / "index", embedder)
    return report, load_index(folder / "index", embedder)


@pytest.fixture(scope="module")
def shared(make_httpserver: HTTPServer, tmp_path_factory, embedder):
    """One index of every kind of source, read-only, for the tests that only ask questions."""
    folder = tmp_path_factory.mktemp("shared")
    serve_boards(make_httpserver)
    try:
        config = sources_file(folder, make_httpserver.url_for("").rstrip("/"))
        return build(config, folder, embedder)
    finally:
        make_httpserver.clear()


@pytest.fixture
def built(config: Path, tmp_path: Path, embedder):
    return build(config, tmp_path, embedder)


def _top_url(index, question: str) -> str:
    return index.search(question, k=5)[0].chunk.url


def test_one_index_from_a_hugo_site_a_markdown_site_and_ats_boards(shared):
    report, index = shared

    assert report.failed_sources == {}
    sites = {meta.site for meta in index.postings.values()}
    assert sites == {"hugo-kelpline", "kelpline-jekyll", "kelpline-greenhouse", "kelpline-lever"}
    assert _top_url(index, "Embedded Firmware Developer salary range") == FIRMWARE_URL
    assert _top_url(index, "Data Steward salary") == STEWARD_URL
    assert _top_url(index, "Ocean Robotics Engineer dive certificate course").startswith(
        ROBOTICS_URL
    )


def test_answers_cite_each_postings_own_page(shared):
    from bot.answer.engine import Answerer

    _report, index = shared
    answerer = Answerer(index)
    cases = {
        "What is the salary for the Embedded Firmware Developer?": FIRMWARE_URL,
        "What does the Data Steward role pay?": STEWARD_URL,
        "Does the Ocean Robotics Engineer get a dive certificate course?": ROBOTICS_URL,
    }
    for question, url in cases.items():
        answer = answerer.ask(question)
        assert not answer.abstained, question
        assert answer.citations, question
        assert answer.citations[0].url.startswith(url), (question, answer.citations[0])

    salary = answerer.ask("What is the salary for the Embedded Firmware Developer?")
    quotes = " ".join(citation.quote for citation in salary.citations)
    assert "EUR 70,000–85,000 per year" in quotes  # verbatim from the description
    assert "Salary: 70000–85000 EUR" in quotes  # and the fact from pay_input_ranges
    # a salary kept only in the front matter is answered from the facts section
    steward = answerer.ask("What does the Data Steward role pay?")
    assert "Salary: 540000–600000 NOK" in [citation.quote for citation in steward.citations]


def test_a_failing_board_keeps_its_last_good_postings(
    built, config: Path, httpserver: HTTPServer, tmp_path: Path, embedder
):
    _report, before = built
    kept = {uid for uid, meta in before.postings.items() if meta.site == "kelpline-greenhouse"}
    httpserver.clear()  # the boards now fail: greenhouse with 500s, lever with malformed JSON
    httpserver.expect_request(GREENHOUSE_PATH).respond_with_data("down", status=500)
    httpserver.expect_request(LEVER_PATH).respond_with_data("[{", content_type="application/json")

    sources = load_sources(config, cache_dir=tmp_path / "http-cache")
    report = build_index(sources, tmp_path / "index", embedder)
    after = load_index(tmp_path / "index", embedder)

    assert set(report.failed_sources) == {"kelpline-greenhouse", "kelpline-lever"}
    assert "HTTP 500 after 2 attempts" in report.failed_sources["kelpline-greenhouse"]
    assert "malformed JSON" in report.failed_sources["kelpline-lever"]
    assert {u for u, m in after.postings.items() if m.site == "kelpline-greenhouse"} == kept
    assert report.embedded == 0  # nothing re-embedded: the other sources are untouched
    assert after.manifest["sources"]["kelpline-greenhouse"]["status"] == "failed"
    assert after.manifest["sources"]["kelpline-jekyll"]["status"] == "ok"
    assert _top_url(after, "Embedded Firmware Developer salary range") == FIRMWARE_URL


def test_an_unchanged_board_costs_one_304_on_rebuild(
    httpserver: HTTPServer, tmp_path: Path, embedder
):
    from .conftest import load_fixture, with_etag

    httpserver.expect_request(GREENHOUSE_PATH).respond_with_handler(
        with_etag(load_fixture("greenhouse_jobs.json"))
    )
    path = tmp_path / "gh.toml"
    path.write_text(
        f'[[source]]\ntype = "greenhouse"\nboard = "kelpline"\n'
        f'base_url = "{httpserver.url_for("").rstrip("/")}"\n'
    )
    for _ in range(2):
        sources = load_sources(path, cache_dir=tmp_path / "http-cache")
        report = build_index(sources, tmp_path / "index", embedder)

    statuses = [response.status_code for _, response in httpserver.log]
    assert statuses == [200, 304]
    assert report.embedded == 0 and report.postings == 3
