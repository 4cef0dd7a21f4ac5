"""The HTTP servers against slow, silent and too many connections, over raw sockets on 127.0.0.1:
header and body deadlines, the connection cap, keep-alive, threads, a clean stop."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from raw_http import FAST_LIMITS, closed_by_server, connect, exchange, read_answer, request

from bot.ops.health import HealthServer
from bot.settings import HttpLimits
from bot.slack.testing import deliver_event
from bot.slack.testing.process import SIGNING_SECRET

HALF_OPEN = 200
# Slack's own deadline for an ack: the good request must beat it by far, with 200 stalled peers.
ACK_DEADLINE_SECONDS = 3.0
VERIFICATION = {"type": "url_verification", "challenge": "c-ok", "token": "t"}


def good_request(url: str) -> tuple[int, float]:
    started = time.monotonic()
    response = deliver_event(url, VERIFICATION, SIGNING_SECRET)
    assert response.json() == {"challenge": "c-ok"}
    return response.status_code, time.monotonic() - started


def test_a_body_that_never_arrives_gets_408_after_the_body_timeout(serve, json_log) -> None:
    server = serve()
    with connect(server.port) as sock:
        started = time.monotonic()
        sock.sendall(request(b"", length="100") + b'{"type": ')  # 9 of 100 bytes, then silence
        answer = read_answer(sock, started)
        assert closed_by_server(sock)
    assert answer.status == 408
    assert FAST_LIMITS["body_timeout_seconds"] <= answer.seconds < ACK_DEADLINE_SECONDS
    assert json.loads(json_log[-1])["status"] == 408


@pytest.mark.parametrize("sent", [b"", b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"])
def test_incomplete_headers_are_dropped_after_the_header_timeout(serve, sent: bytes) -> None:
    server = serve()
    with connect(server.port) as sock:
        started = time.monotonic()
        sock.sendall(sent)
        answer = read_answer(sock, started)
        assert closed_by_server(sock)
    assert answer.status == 408
    assert FAST_LIMITS["header_timeout_seconds"] <= answer.seconds < ACK_DEADLINE_SECONDS


def test_headers_trickled_byte_by_byte_meet_the_same_deadline(serve) -> None:
    server = serve()
    with connect(server.port) as sock:
        started = time.monotonic()
        for byte in b"POST /slack/events HTTP/1.1\r\nHost: x\r\n":
            try:
                sock.send(bytes([byte]))
            except OSError:
                break
            time.sleep(0.1)
        assert closed_by_server(sock)
    assert time.monotonic() - started < FAST_LIMITS["header_timeout_seconds"] + 1.0


def test_two_hundred_half_open_connections_hold_no_thread_nor_the_server(serve) -> None:
    server = serve(max_connections=HALF_OPEN * 2)
    good_request(server.url)  # warm: Bolt's and the dispatch pool's threads exist
    threads_before = threading.active_count()
    held = [connect(server.port) for _ in range(HALF_OPEN)]
    for n, sock in enumerate(held):
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n" if n % 2 else b"")
    try:
        status, seconds = good_request(server.url)
        assert status == 200 and seconds < ACK_DEADLINE_SECONDS
        assert threading.active_count() - threads_before <= 2  # one event loop serves them all
        assert all(closed_by_server(sock) for sock in held)  # each after the header timeout
        assert good_request(server.url)[0] == 200
    finally:
        for sock in held:
            sock.close()


def test_connections_past_the_cap_get_503_until_they_are_dropped(serve) -> None:
    server = serve(max_connections=10)
    held = [connect(server.port) for _ in range(10)]
    try:
        time.sleep(0.2)  # let the server accept them all
        assert exchange(server.port, request(json.dumps(VERIFICATION).encode())).status == 503
        assert all(closed_by_server(sock) for sock in held)
        assert good_request(server.url)[0] == 200
    finally:
        for sock in held:
            sock.close()


def test_an_idle_kept_alive_connection_is_closed(serve) -> None:
    server = serve()
    with connect(server.port) as sock:
        sock.sendall(request(json.dumps(VERIFICATION).encode()))
        assert read_answer(sock).status == 200
        started = time.monotonic()
        assert closed_by_server(sock)
    assert time.monotonic() - started < FAST_LIMITS["keep_alive_seconds"] + 1.0


def test_headers_growing_past_the_size_limit_get_400(serve) -> None:
    server = serve(max_header_bytes=4096)
    with connect(server.port) as sock:  # h11 bounds what it buffers of an unfinished head
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nX-Padding: " + b"p" * 8192)
        assert read_answer(sock).status == 400


def test_the_ops_server_drops_half_open_connections_too() -> None:
    limits = HttpLimits(**FAST_LIMITS)
    with HealthServer(host="127.0.0.1", port=0, limits=limits) as server, connect(server.port) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\n")
        assert read_answer(s).status == 408


def test_stop_is_prompt_with_connections_open_and_frees_the_port(serve) -> None:
    server = serve(header_timeout_seconds=60.0, shutdown_seconds=1.0)
    held = [connect(server.port) for _ in range(20)]
    held[0].sendall(request(b"", length="10"))  # one request waiting for its body
    time.sleep(0.2)
    started = time.monotonic()
    server.shutdown()
    assert time.monotonic() - started < 1.0 + 1.0
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
    for sock in held:
        sock.close()
