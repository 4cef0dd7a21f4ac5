"""The shared HTTP layer against a real server: conditional requests, retries, failures."""

from __future__ import annotations

import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from index.errors import SourceFetchError
from index.sources.http import JsonFetcher, parse_retry_after

from .conftest import FAST, json_response, requests_to, with_etag

DATA = {"jobs": [{"id": 1, "title": "Diver"}]}


def test_an_unchanged_document_costs_one_304(httpserver: HTTPServer, fetcher: JsonFetcher):
    httpserver.expect_request("/board").respond_with_handler(with_etag(DATA))
    url = httpserver.url_for("/board")

    assert fetcher.get_json(url) == DATA
    assert fetcher.get_json(url) == DATA

    (first_request, first), (second_request, second) = requests_to(httpserver, "/board")
    assert first.status_code == 200 and "If-None-Match" not in first_request.headers
    assert second_request.headers["If-None-Match"] == '"v1"'
    assert second.status_code == 304
    assert fetcher.stats.not_modified == 1


def test_the_cache_survives_a_new_fetcher(httpserver: HTTPServer, tmp_path):
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return json_response(DATA, headers={"Last-Modified": stamp})

    httpserver.expect_request("/board").respond_with_handler(handler)
    url = httpserver.url_for("/board")
    JsonFetcher(tmp_path, FAST).get_json(url)
    second = JsonFetcher(tmp_path, FAST)

    assert second.get_json(url) == DATA
    assert second.stats.not_modified == 1


def test_a_500_is_retried_until_it_recovers(
    httpserver: HTTPServer, fetcher: JsonFetcher, recorded_waits: list[float]
):
    httpserver.expect_ordered_request("/board").respond_with_data("down", status=500)
    httpserver.expect_ordered_request("/board").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/board").respond_with_json(DATA)

    assert fetcher.get_json(httpserver.url_for("/board")) == DATA
    assert fetcher.stats.requests == 3
    assert len(recorded_waits) == 2


def test_a_persistent_500_is_a_fetch_error(httpserver: HTTPServer, fetcher: JsonFetcher):
    httpserver.expect_request("/board").respond_with_data("down", status=500)

    with pytest.raises(SourceFetchError, match="HTTP 500 after 3 attempts"):
        fetcher.get_json(httpserver.url_for("/board"))
    assert len(requests_to(httpserver, "/board")) == FAST.attempts


def test_429_waits_as_long_as_retry_after_says(
    httpserver: HTTPServer, fetcher: JsonFetcher, recorded_waits: list[float]
):
    httpserver.expect_ordered_request("/board").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/board").respond_with_json(DATA)

    assert fetcher.get_json(httpserver.url_for("/board")) == DATA
    assert recorded_waits == [7.0]


def test_a_client_error_is_not_retried(httpserver: HTTPServer, fetcher: JsonFetcher):
    httpserver.expect_request("/board").respond_with_json({"error": "no such board"}, status=404)

    with pytest.raises(SourceFetchError, match="HTTP 404"):
        fetcher.get_json(httpserver.url_for("/board"))
    assert fetcher.stats.requests == 1


def test_a_slow_server_times_out(httpserver: HTTPServer, tmp_path):
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return json_response(DATA)

    httpserver.expect_request("/board").respond_with_handler(slow)
    impatient = JsonFetcher(tmp_path, FAST.__class__(timeout=0.2, attempts=2, backoff_initial=0))

    with pytest.raises(SourceFetchError, match="timed out after 2 attempts"):
        impatient.get_json(httpserver.url_for("/board"))


def test_malformed_json_is_a_fetch_error_and_is_not_cached(
    httpserver: HTTPServer, fetcher: JsonFetcher
):
    httpserver.expect_request("/board").respond_with_data(
        '{"jobs": [', headers={"ETag": '"bad"'}, content_type="application/json"
    )

    with pytest.raises(SourceFetchError, match="malformed JSON"):
        fetcher.get_json(httpserver.url_for("/board"))
    assert not list(fetcher.cache_dir.glob("*.json"))


def test_connection_refused_is_a_fetch_error(fetcher: JsonFetcher):
    with pytest.raises(SourceFetchError, match="ConnectError"):
        fetcher.get_json("http://127.0.0.1:9/board")  # discard port: nothing listens
    assert fetcher.stats.requests == FAST.attempts


def test_retry_after_accepts_seconds_and_http_dates():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None


def test_an_unwritable_cache_does_not_fail_the_fetch(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request("/board").respond_with_handler(with_etag(DATA))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")

    fetcher = JsonFetcher(blocker / "cache", FAST)
    assert fetcher.get_json(httpserver.url_for("/board")) == DATA
    assert fetcher.get_json(httpserver.url_for("/board")) == DATA  # no cache: a full 200 again
    assert fetcher.stats.not_modified == 0
