"""The operations endpoint over real HTTP: liveness, readiness (both states), metrics."""

from __future__ import annotations

import threading

import httpx
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot.ops import metrics
from bot.ops.health import LIVENESS_PATH, METRICS_PATH, READINESS_PATH, HealthServer


def sample(name: str, labels: dict[str, str] | None = None) -> float:
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


def scrape(server: HealthServer) -> dict[str, float]:
    response = httpx.get(server.url + METRICS_PATH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        s.name + repr(sorted(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_liveness_and_unknown_path() -> None:
    with HealthServer(port=0, host="127.0.0.1") as server:
        alive = httpx.get(server.url + LIVENESS_PATH)
        assert alive.status_code == 200
        assert alive.json() == {"status": "alive"}
        assert httpx.get(server.url + "/nope").status_code == 404


def test_readiness_follows_its_checks() -> None:
    index_loaded = threading.Event()
    connected = threading.Event()
    checks = {"index": index_loaded.is_set, "slack": connected.is_set}
    with HealthServer(checks, port=0, host="127.0.0.1") as server:
        not_ready = httpx.get(server.url + READINESS_PATH)
        assert not_ready.status_code == 503
        assert not_ready.json()["checks"] == {"index": False, "slack": False}

        index_loaded.set()
        assert httpx.get(server.url + READINESS_PATH).status_code == 503
        connected.set()
        ready = httpx.get(server.url + READINESS_PATH)
        assert ready.status_code == 200
        assert ready.json() == {"status": "ready", "checks": {"index": True, "slack": True}}

        connected.clear()  # a dropped Socket Mode connection takes the pod out of rotation
        assert httpx.get(server.url + READINESS_PATH).status_code == 503


def test_a_failing_check_means_not_ready() -> None:
    def broken() -> bool:
        raise RuntimeError("index folder unreadable")

    with HealthServer({"index": broken}, port=0, host="127.0.0.1") as server:
        response = httpx.get(server.url + READINESS_PATH)
        assert response.status_code == 503
        assert response.json()["checks"] == {"index": False}


def test_no_checks_is_ready() -> None:
    with HealthServer(port=0, host="127.0.0.1") as server:
        assert httpx.get(server.url + READINESS_PATH).status_code == 200


def test_metrics_over_http_carry_what_the_bot_records() -> None:
    answered = sample("careers_bot_questions_total", {"outcome": "answered"})
    not_stated = sample("careers_bot_questions_total", {"outcome": "not_stated"})
    latency_count = sample("careers_bot_answer_seconds_count")
    votes_up = sample("careers_bot_feedback_votes_total", {"vote": "up"})
    limited = sample("careers_bot_slack_rate_limits_total", {"method": "chat.postMessage"})
    errors = sample("careers_bot_slack_api_errors_total", {"method": "chat.update"})

    metrics.record_question("answered", 0.4)
    metrics.record_question("answered", 1.5)
    metrics.record_question("not_stated", 0.2)
    metrics.record_feedback("up")
    metrics.record_slack_rate_limit("chat.postMessage")
    metrics.record_slack_error("chat.update")
    metrics.record_index(12, 140, {"built_at": "2026-11-01T10:00:00+00:00"})

    with HealthServer(port=0, host="127.0.0.1") as server:
        scraped = scrape(server)

    def value(name: str, **labels: str) -> float:
        return scraped[name + repr(sorted(labels.items()))]

    assert value("careers_bot_questions_total", outcome="answered") == answered + 2
    assert value("careers_bot_questions_total", outcome="not_stated") == not_stated + 1
    assert value("careers_bot_answer_seconds_count") == latency_count + 3
    assert value("careers_bot_answer_seconds_bucket", le="0.5") >= 2
    assert value("careers_bot_feedback_votes_total", vote="up") == votes_up + 1
    assert value("careers_bot_slack_rate_limits_total", method="chat.postMessage") == limited + 1
    assert value("careers_bot_slack_api_errors_total", method="chat.update") == errors + 1
    assert value("careers_bot_index_postings") == 12
    assert value("careers_bot_index_chunks") == 140
    assert value("careers_bot_index_built_timestamp_seconds") == 1793527200.0
    assert value("careers_bot_index_age_seconds") > 0


def test_built_timestamp_accepts_seconds_and_iso() -> None:
    assert metrics.built_timestamp({"built_at": 1700000000}) == 1700000000.0
    assert metrics.built_timestamp({"built_at": "2026-11-01T10:00:00Z"}) == 1793527200.0
    assert metrics.built_timestamp({"built_at": "yesterday"}) is None
    assert metrics.built_timestamp({}) is None


def test_every_outcome_is_exported_from_the_start() -> None:
    from bot.answer.models import Outcome

    for outcome in Outcome:
        labels = {"outcome": str(outcome)}
        assert REGISTRY.get_sample_value("careers_bot_questions_total", labels) is not None
