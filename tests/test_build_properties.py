"""Property-based tests through the real components: job boards on a real local HTTP server
(whatever a job holds, it is a posting or a warning naming it), and odd folders through the real
build with the real model (never raises; every skipped file is named in the build report)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from folder_strategies import entries, hugo_site, make_readable, shown, write_folder
from hypothesis import given
from hypothesis import strategies as st
from reader_strategies import SECTION, examples, odd_text
from sources.conftest import BOARD, FAST, GREENHOUSE_PATH, load_fixture

from index.build import build_index
from index.hugo.site import MAX_FILE_BYTES
from index.search import load_index
from index.sources.greenhouse import GreenhouseSource
from index.sources.http import JsonFetcher
from index.sources.hugo import HugoSource

JOB = load_fixture("greenhouse_jobs.json")["jobs"][0]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | odd_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)
jobs = st.one_of(
    st.dictionaries(st.sampled_from(sorted(JOB)) | odd_text, json_values, max_size=6).map(
        lambda changes: {**JOB, **changes}
    ),
    st.dictionaries(st.sampled_from(sorted(JOB)), json_values, max_size=4),
    json_values,
)


def where(job: object, number: int) -> str:
    """The name a board job's posting or warning carries."""
    job_id = job.get("id") if isinstance(job, dict) else None
    shown_id = str(job_id) if job_id not in (None, "") else f"#{number + 1}"
    return f"greenhouse/{BOARD}/{shown_id}"


@pytest.fixture(scope="module")
def board(make_httpserver):
    """The session's local HTTP server, for the examples of one test (`make_httpserver` is the
    session-wide server behind pytest-httpserver's per-test fixture)."""
    yield make_httpserver
    make_httpserver.clear()


def board_jobs(board, payload: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        board.clear()
        board.expect_request(GREENHOUSE_PATH).respond_with_json({"jobs": payload})
        fetcher = JsonFetcher(Path(tmp), FAST)
        result = GreenhouseSource(BOARD, base_url=board.url_for(""), fetcher=fetcher).read()
    named = {posting.id for posting in result.postings} | {w.path for w in result.warnings}
    for number, job in enumerate(payload):
        assert where(job, number) in named, (job, result.warnings)
    if payload:
        assert result.postings or result.warnings


def build_folder(embedder, chosen: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = hugo_site(Path(tmp) / "site")
        try:
            expected = write_folder(site / SECTION, chosen, max_bytes=MAX_FILE_BYTES)
            reports = [build_index([HugoSource(site)], Path(tmp) / "index", embedder)]
            reports.append(build_index([HugoSource(site)], Path(tmp) / "index", embedder))
            index = load_index(Path(tmp) / "index", embedder)
        finally:
            make_readable(Path(tmp))
    ids = {meta.id.removeprefix(f"{SECTION}/") for meta in index.postings.values()}
    assert reports[1].embedded == 0  # nothing changed: everything reused
    for report in reports:
        skipped = {warning.path.removeprefix(f"{SECTION}/") for warning in report.skipped}
        for name, page in expected.items():
            if page is not None and page.title_expected:
                assert shown(name) in ids
            else:
                assert shown(name) in skipped, (name, report.skipped)
    assert "good.md" in ids


def test_every_job_of_a_board_is_a_posting_or_named(board) -> None:
    examples(40)(given(st.lists(jobs, max_size=5))(lambda payload: board_jobs(board, payload)))()


def test_odd_folders_through_the_real_build(embedder) -> None:
    examples(20)(given(entries)(lambda chosen: build_folder(embedder, chosen)))()


@pytest.mark.slow
def test_board_jobs_slow(board) -> None:
    run = given(st.lists(jobs, max_size=8))(lambda payload: board_jobs(board, payload))
    examples(40, slow=True)(run)()


@pytest.mark.slow
def test_odd_folders_through_the_real_build_slow(embedder) -> None:
    examples(20, slow=True)(given(entries)(lambda chosen: build_folder(embedder, chosen)))()
