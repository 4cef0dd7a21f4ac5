"""Greenhouse, Lever and Recruitee boards read from a real local server serving the fixtures."""

from __future__ import annotations

import re
import time

import pytest
from pytest_httpserver import HTTPServer

from index.errors import SourceFetchError
from index.models import Posting, SectionKind, Visibility
from index.sources.greenhouse import GreenhouseSource
from index.sources.http import HttpSettings, JsonFetcher
from index.sources.lever import LeverSource
from index.sources.recruitee import RecruiteeSource

from .conftest import (
    BOARD,
    GREENHOUSE_PATH,
    LEVER_PATH,
    RECRUITEE_PATH,
    json_response,
    lever_pages,
    load_fixture,
    requests_to,
    serve_boards,
)

MARKUP = re.compile(r"<[a-zA-Z/][^>]*>|&[a-z]+;|&#\d+;|\{\{|\}\}|\*\*")


def _by_title(postings: list[Posting]) -> dict[str, Posting]:
    return {posting.title: posting for posting in postings}


def _section(posting: Posting, heading: str):
    return next(section for section in posting.sections if section.heading == heading)


def _facts(posting: Posting) -> str:
    return next(s.text for s in posting.sections if s.kind == SectionKind.FACTS)


def _assert_clean(postings: list[Posting]) -> None:
    for posting in postings:
        for section in posting.sections:
            assert not MARKUP.search(section.text), (posting.id, section.text)
            assert all(sentence in section.text for sentence in section.sentences)


@pytest.fixture
def boards(httpserver: HTTPServer) -> str:
    serve_boards(httpserver)
    return httpserver.url_for("").rstrip("/")


def test_greenhouse_jobs_become_postings(boards: str, fetcher: JsonFetcher):
    result = GreenhouseSource(BOARD, base_url=boards, fetcher=fetcher).read()

    assert result.warnings == []
    postings = _by_title(result.postings)
    assert len(postings) == 3
    engineer = postings["Marine Data Engineer"]
    assert engineer.id == "greenhouse/kelpline/4012001"
    assert engineer.uid == "kelpline:greenhouse/kelpline/4012001"
    assert engineer.url == "https://job-boards.greenhouse.io/kelpline/jobs/4012001"
    assert engineer.visibility == Visibility.PUBLISHED
    assert engineer.language == "en"
    assert engineer.fields["location"] == "Bergen, Norway"
    assert engineer.fields["team"] == "Data Platform"
    assert engineer.fields["remote"] == "Hybrid"
    assert engineer.fields["employment_type"] == "Full-time"
    assert engineer.fields["date"] == "2026-09-01"
    assert (engineer.fields["salary_min"], engineer.fields["salary_max"]) == ("650000", "780000")
    assert "Salary: 650000–780000 NOK" in _facts(engineer)
    _assert_clean(result.postings)


def test_greenhouse_escaped_html_becomes_sections_with_headings(boards: str, fetcher):
    postings = _by_title(GreenhouseSource(BOARD, base_url=boards, fetcher=fetcher).read().postings)
    engineer = postings["Marine Data Engineer"]

    headings = [s.heading for s in engineer.sections if s.kind == SectionKind.BODY]
    # a bold-only paragraph ("About Kelpline", "What we offer") is a heading too
    assert headings == [
        "About Kelpline",
        "What you will do",
        "What we are looking for",
        "What we offer",
    ]
    duties = _section(engineer, "What you will do")
    assert len(duties.sentences) == 3  # each list item is its own sentence
    assert all(section.anchor == "" for section in engineer.sections)  # ATS pages have no ids


def test_greenhouse_salary_in_the_description_is_kept_verbatim(boards: str, fetcher):
    postings = _by_title(GreenhouseSource(BOARD, base_url=boards, fetcher=fetcher).read().postings)
    firmware = postings["Embedded Firmware Developer"]

    compensation = _section(firmware, "Compensation")
    assert "The salary range for this role is EUR 70,000–85,000 per year" in compensation.text
    assert "Salary: 70000–85000 EUR" in _facts(firmware)
    assert firmware.fields["remote"] == "Yes"  # location "Remote - Europe"
    assert "Pay range" not in [s.heading for s in postings["Field Operations Technician"].sections]


def test_lever_pages_through_the_board(httpserver: HTTPServer, fetcher: JsonFetcher):
    httpserver.expect_request(LEVER_PATH).respond_with_handler(
        lever_pages(load_fixture("lever_postings.json"))
    )
    source = LeverSource(BOARD, base_url=httpserver.url_for(""), fetcher=fetcher)
    source.page_size = 2

    result = source.read()

    assert len(result.postings) == 5
    skips = [request.args["skip"] for request, _ in requests_to(httpserver, LEVER_PATH)]
    assert skips == ["0", "2", "4"]
    assert all(r.args["mode"] == "json" for r, _ in requests_to(httpserver, LEVER_PATH))


def test_lever_fields_lists_and_salary(boards: str, fetcher: JsonFetcher):
    postings = _by_title(LeverSource(BOARD, base_url=boards, fetcher=fetcher).read().postings)
    designer = postings["Product Designer"]

    assert designer.url == "https://jobs.lever.co/kelpline/5b0a0c1e-1111-4a2b-9c3d-000000000001"
    assert designer.fields["apply_url"].endswith("/apply")
    assert designer.fields["remote"] == "Yes"
    assert designer.fields["team"] == "Design"
    assert designer.fields["employment_type"] == "Full-time"
    assert designer.fields["date"] == "2026-01-01"
    assert (
        _section(designer, "What you bring").sentences[0]
        == "A portfolio of data-heavy product work."
    )
    salary = _section(designer, "Salary")
    assert salary.kind == SectionKind.FIELD
    assert salary.sentences[0] == "60000–72000 EUR per year"
    assert postings["Sonar Signal Processing Scientist"].fields["remote"] == "No, on-site"
    assert "salary_min" not in postings["Technical Writer"].fields
    _assert_clean(list(postings.values()))


def test_recruitee_offers_with_requirements_and_salary(boards: str, fetcher: JsonFetcher):
    source = RecruiteeSource(BOARD, base_url=boards, fetcher=fetcher)
    postings = _by_title(source.read().postings)

    sales = postings["Sales Engineer, Aquaculture"]
    assert sales.id == "recruitee/kelpline/2200102"
    assert sales.url == "https://kelpline.recruitee.com/o/sales-engineer-aquaculture"
    assert sales.fields["apply_url"].endswith("/c/new")
    assert sales.fields["remote"] == "Yes"
    assert _section(sales, "Salary").sentences[0] == "4000–5200 EUR per month"
    assert _section(sales, "Travel").text.startswith("Expect to travel")
    biologist = postings["Kelp Farm Biologist"]
    assert (
        _section(biologist, "Requirements").sentences[0] == "A master's degree in marine biology."
    )
    assert biologist.fields["location"] == "Ålesund, Norway"
    assert postings["Data Analyst Intern"].fields["employment_type"] == "Internship"
    _assert_clean(list(postings.values()))


def test_a_board_that_answers_with_the_wrong_shape_is_unavailable(
    httpserver: HTTPServer, fetcher: JsonFetcher
):
    httpserver.expect_request(GREENHOUSE_PATH).respond_with_json({"error": "maintenance"})
    source = GreenhouseSource(BOARD, base_url=httpserver.url_for(""), fetcher=fetcher)

    with pytest.raises(SourceFetchError, match="malformed response"):
        source.read()


def test_a_job_that_cannot_be_mapped_is_skipped_with_a_warning(
    httpserver: HTTPServer, fetcher: JsonFetcher
):
    offers = load_fixture("recruitee_offers.json")
    del offers["offers"][0]["careers_url"]
    httpserver.expect_request(RECRUITEE_PATH).respond_with_json(offers)

    result = RecruiteeSource(BOARD, base_url=httpserver.url_for(""), fetcher=fetcher).read()

    assert len(result.postings) == 2
    assert [w.path for w in result.warnings] == ["recruitee/kelpline/2200101"]
    assert "careers_url" in result.warnings[0].reason


def test_a_slow_board_is_unavailable(httpserver: HTTPServer, tmp_path):
    def slow(request):
        time.sleep(0.5)
        return json_response(load_fixture("recruitee_offers.json"))

    httpserver.expect_request(RECRUITEE_PATH).respond_with_handler(slow)
    impatient = JsonFetcher(tmp_path, HttpSettings(timeout=0.15, attempts=2, backoff_initial=0))
    source = RecruiteeSource(BOARD, base_url=httpserver.url_for(""), fetcher=impatient)

    with pytest.raises(SourceFetchError, match="timed out after 2 attempts"):
        source.read()
