"""A real HTTP server on 127.0.0.1 serving ATS job boards from fixtures, and helpers around it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from index.sources.http import HttpSettings, JsonFetcher

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ATS = FIXTURES / "ats"
SITES = FIXTURES / "sites"
BOARD = "kelpline"
GREENHOUSE_PATH = f"/v1/boards/{BOARD}/jobs"
LEVER_PATH = f"/v0/postings/{BOARD}"
RECRUITEE_PATH = "/api/offers/"
FAST = HttpSettings(timeout=0.5, attempts=3, backoff_initial=0.0, backoff_max=0.0)


def load_fixture(name: str) -> Any:
    return json.loads((ATS / name).read_text(encoding="utf-8"))


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status=status, headers=headers, mimetype="application/json")


def lever_pages(postings: list[dict]) -> Callable[[Request], Response]:
    """Lever's paging: `skip` and `limit` slice the list of postings."""

    def handler(request: Request) -> Response:
        skip = int(request.args.get("skip", 0))
        limit = int(request.args.get("limit", 100))
        return json_response(postings[skip : skip + limit])

    return handler


def with_etag(data: Any, etag: str = '"v1"') -> Callable[[Request], Response]:
    """200 with an ETag, or 304 when the client already has that version."""

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return json_response(data, headers={"ETag": etag})

    return handler


def serve_boards(server: HTTPServer) -> None:
    """Every board answers from its fixture (no ETag) for as long as the test runs."""
    server.expect_request(GREENHOUSE_PATH).respond_with_json(load_fixture("greenhouse_jobs.json"))
    server.expect_request(LEVER_PATH).respond_with_handler(
        lever_pages(load_fixture("lever_postings.json"))
    )
    server.expect_request(RECRUITEE_PATH).respond_with_json(load_fixture("recruitee_offers.json"))


def requests_to(server: HTTPServer, path: str) -> list[tuple[Request, Response]]:
    return [(request, response) for request, response in server.log if request.path == path]


@pytest.fixture
def recorded_waits() -> list[float]:
    return []


@pytest.fixture
def fetcher(tmp_path: Path, recorded_waits: list[float]) -> JsonFetcher:
    """Retries without real sleeping: the waits it would have slept are recorded."""
    return JsonFetcher(tmp_path / "http-cache", FAST, sleep=recorded_waits.append)
