"""The HTTP mode server on 127.0.0.1 (uvicorn + Starlette, the real Bolt app, a fake Slack):
malformed bodies, the signature before parsing, the body limit, routes, settings."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from raw_http import connect, exchange, read_answer, request

from bot.settings import HTTP_MAX_BODY_BYTES, load_settings
from bot.slack import http_server
from bot.slack.testing import deliver_event, signature_headers
from bot.slack.testing.process import SIGNING_SECRET

MALFORMED = {
    "broken JSON": (b"{broken", "application/json"),
    "a bad payload= field": (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
    "not UTF-8": (b'\xff\xfe{"type": "event_callback"}', "application/json"),
    "a JSON list": (b"[1, 2]", "application/json"),
    "a payload= list": (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
}


def logged(lines: list[str], mark: int) -> list[dict]:
    """The log lines since `mark`, each of which must be JSON."""
    return [json.loads(line) for line in lines[mark:]]


@pytest.fixture
def parses(monkeypatch) -> list[bytes]:
    """The bodies the server tried to parse (the real parser still runs)."""
    seen: list[bytes] = []
    real = http_server.parse

    def spy(request, body: bytes):
        seen.append(body)
        return real(request, body)

    monkeypatch.setattr(http_server, "parse", spy)
    return seen


@pytest.mark.parametrize("case", MALFORMED)
def test_a_signed_malformed_body_is_400_with_one_json_log_line(serve, json_log, parses, case):
    server, mark = serve(), len(json_log)
    body, content_type = MALFORMED[case]
    answer = exchange(server.port, request(body, content_type=content_type))
    assert answer.status == 400 and b"malformed body" in answer.body
    assert parses == [body]
    [entry] = logged(json_log, mark)
    assert entry["status"] == 400 and entry["reason"].startswith("malformed body")
    assert entry["level"] == "warning" and "exception" not in entry


@pytest.mark.parametrize("case", MALFORMED)
def test_an_unsigned_malformed_body_is_401_and_never_parsed(serve, json_log, parses, case):
    server, mark = serve(), len(json_log)
    body, content_type = MALFORMED[case]
    answer = exchange(server.port, request(body, content_type=content_type, signed=False))
    assert answer.status == 401
    assert parses == []
    [entry] = logged(json_log, mark)
    assert entry["status"] == 401 and "signature" in entry["reason"]


STALE = signature_headers(b"{}", SIGNING_SECRET, timestamp=int(time.time()) - 600)


@pytest.mark.parametrize(
    "headers", [{"X-Slack-Request-Timestamp": "soon"}, STALE], ids=["non-numeric", "stale"]
)
def test_a_bad_timestamp_is_401(serve, parses, headers: dict[str, str]) -> None:
    server = serve()
    assert exchange(server.port, request(b"{}", extra=headers)).status == 401
    assert parses == []


@pytest.mark.parametrize("length", ["abc", "-1"])
@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
def test_a_broken_content_length_is_400_from_the_http_parser(
    serve, json_log, parses, length, signed
):
    server, mark = serve(), len(json_log)
    answer = exchange(server.port, request(b"{}", length=length, signed=signed))
    assert answer.status == 400
    assert parses == []
    [entry] = logged(json_log, mark)
    assert entry["level"] == "warning" and "Invalid HTTP request" in entry["message"]


def test_a_body_over_the_limit_is_413_before_it_is_sent(serve, json_log) -> None:
    server = serve()
    with connect(server.port) as sock:
        head = request(b"", length=str(HTTP_MAX_BODY_BYTES + 1))
        sock.sendall(head + b"{" * 1024)  # the rest never sent: the answer must not wait for it
        answer = read_answer(sock)
    assert answer.status == 413 and b"connection: close" in answer.head.lower()
    assert json.loads(json_log[-1])["status"] == 413


def test_a_chunked_body_over_the_limit_is_413_while_it_still_arrives(serve) -> None:
    server = serve(max_body_bytes=100_000)
    head = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"%x\r\n%s\r\n" % (10_000, b" " * 10_000)
    with connect(server.port) as sock:
        sock.sendall(head + chunk * 11)  # 110 kB, and no last chunk
        answer = read_answer(sock)
    assert answer.status == 413


def test_a_body_of_exactly_the_limit_is_served(serve) -> None:
    server = serve()
    challenge = json.dumps({"type": "url_verification", "challenge": "c-limit", "token": "t"})
    body = challenge[:-1].encode() + b" " * (HTTP_MAX_BODY_BYTES - len(challenge)) + b"}"
    assert len(body) == HTTP_MAX_BODY_BYTES
    answer = exchange(server.port, request(body))
    assert answer.status == 200 and json.loads(answer.body) == {"challenge": "c-limit"}


def test_url_verification_and_a_signed_event_are_acked(serve, fake_slack) -> None:
    server = serve()
    body = {"type": "url_verification", "challenge": "c-1", "token": "t"}
    answer = deliver_event(server.url, body, SIGNING_SECRET)
    assert answer.status_code == 200 and answer.json() == {"challenge": "c-1"}


def test_unknown_paths_and_methods_are_404_beside_the_ops_routes(serve) -> None:
    base = serve().url.removesuffix("/slack/events")
    assert httpx.get(f"{base}/slack/events").status_code == 404
    assert httpx.post(f"{base}/nope", content=b"{}").status_code == 404
    assert httpx.get(f"{base}/").status_code == 404
    assert httpx.post(f"{base}/healthz").status_code == 404
    assert httpx.get(f"{base}/healthz").json() == {"status": "alive"}
    assert httpx.get(f"{base}/readyz").json() == {"status": "ready", "checks": {}}
    metrics = httpx.get(f"{base}/metrics")
    assert metrics.status_code == 200 and "careers_bot_questions_total" in metrics.text


def test_every_http_limit_is_a_setting(monkeypatch) -> None:
    values = {
        "CAREERS_BOT_HTTP_MAX_BODY_BYTES": "2048",
        "CAREERS_BOT_HTTP_MAX_HEADER_BYTES": "4096",
        "CAREERS_BOT_HTTP_HEADER_TIMEOUT_SECONDS": "2.5",
        "CAREERS_BOT_HTTP_BODY_TIMEOUT_SECONDS": "3.5",
        "CAREERS_BOT_HTTP_KEEP_ALIVE_SECONDS": "4.5",
        "CAREERS_BOT_HTTP_MAX_CONNECTIONS": "50",
        "CAREERS_BOT_HTTP_BACKLOG": "64",
        "CAREERS_BOT_HTTP_THREADS": "8",
        "CAREERS_BOT_HTTP_SHUTDOWN_SECONDS": "1.5",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(http=True, slack_bot_token="xoxb-t", slack_signing_secret="s")
    limits = settings.http_limits()
    assert sorted(str(v) for v in vars(limits).values()) == sorted(values.values())
    assert limits.max_connections == 50 and limits.header_timeout_seconds == 2.5
