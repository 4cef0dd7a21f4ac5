"""Two `careers-bot serve` processes on one fake Slack, sharing a dedup store: every question is
answered exactly once, although each replica receives every delivery of it.

Socket Mode with Redis (what `deploy/k8s` runs) and HTTP mode with PostgreSQL. Each question is
delivered as an `app_mention` and as a `message` event, and each delivery reaches both replicas
(as when Slack retries on another connection), so without the shared store it would be
answered up to four times.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.ops.health import METRICS_PATH, READINESS_PATH
from bot.slack.testing import FakeSlack, deliver_event, event_callback, user_message_event
from bot.slack.testing.process import SIGNING_SECRET, ServeProcess, free_port, serve_env
from index.build import build_index
from index.sources.config import load_sources
from index.store import read_manifest

CHANNEL = "C0CAREERS"
QUESTIONS = [
    "What is the salary for the Senior Backend Engineer (Go) role?",
    "Is the Site Reliability Engineer role remote?",
    "How does the recruitment process work?",
    "Who should I contact about the data engineer job?",
    "When is the last day to apply for the frontend engineer position?",
    "What does the customer support specialist do?",
]


@pytest.fixture(scope="module")
def replica_index(tmp_path_factory: pytest.TempPathFactory, repo_dir: Path, embedder) -> Path:
    site = tmp_path_factory.mktemp("replica-site") / "tallgrove"
    shutil.copytree(repo_dir / "content", site / "content")
    shutil.copy(repo_dir / "hugo.toml", site / "hugo.toml")
    index_dir = tmp_path_factory.mktemp("replica-index") / "index"
    build_index(load_sources(sites=[site]), index_dir, embedder)
    return index_dir


class Replica:
    def __init__(self, process: ServeProcess, health_port: int, events_url: str = "") -> None:
        self.process, self.health_port, self.events_url = process, health_port, events_url

    def metrics(self) -> dict[str, float]:
        """The replica's /metrics: unlabelled samples, and labelled ones summed by name."""
        text = httpx.get(f"http://127.0.0.1:{self.health_port}{METRICS_PATH}", timeout=5).text
        totals: Counter[str] = Counter()
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                totals[sample.name] += sample.value
        return dict(totals)

    def ready(self) -> bool:
        try:
            url = f"http://127.0.0.1:{self.health_port}{READINESS_PATH}"
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False


def start_replicas(
    fake: FakeSlack, workdir: Path, index_dir: Path, dedup_url: str, *, http: bool
) -> list[Replica]:
    replicas = []
    for number in (1, 2):
        folder = workdir / f"replica-{number}"
        folder.mkdir()
        health_port = free_port()
        extra = {
            "CAREERS_BOT_DEDUP_URL": dedup_url,
            "CAREERS_BOT_HEALTH_PORT": str(health_port),
            "CAREERS_BOT_WORKERS": "2",
            "CAREERS_BOT_THREADS": "1",
        }
        if not http:
            extra["SLACK_APP_TOKEN"] = "xapp-e2e"
        args = ["--index-dir", str(index_dir)]
        events_url = ""
        if http:
            port = free_port()
            args += ["--http", "--port", str(port), "--host", "127.0.0.1"]
            events_url = f"http://127.0.0.1:{port}/slack/events"
        env = serve_env(fake, folder, **extra)
        env["CAREERS_BOT_SQLITE_PATH"] = str(folder / "bot.sqlite3")
        process = ServeProcess(args, env, folder / "serve.log")
        replicas.append(Replica(process, health_port, events_url))
    return replicas


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


def deliveries(fake: FakeSlack) -> list[tuple[str, list[dict]]]:
    """(question ts, [the app_mention body, the message body]) for every question."""
    result = []
    for question in QUESTIONS:
        message = fake.add_user_message(CHANNEL, f"<@{fake.bot_user_id}> {question}", "U0ASKER")
        bodies = [
            event_callback(user_message_event(message, CHANNEL, mention=True)),
            event_callback(user_message_event(message, CHANNEL, mention=False)),
        ]
        result.append((message["ts"], bodies))
    return result


def send_on_every_connection(fake: FakeSlack, body: dict) -> list[str]:
    envelope_ids = []
    for connection in list(fake.socket.connections):
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": "events_api",
            "payload": body,
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        connection.send(json.dumps(envelope))
        envelope_ids.append(envelope_id)
    return envelope_ids


def post_to_every_replica(replicas: list[Replica], body: dict) -> None:
    threads = [
        threading.Thread(
            target=deliver_event, args=(r.events_url, body, SIGNING_SECRET), daemon=True
        )
        for r in replicas
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


@pytest.mark.parametrize("mode", ["socket-mode+redis", "http+postgres"])
def test_each_question_is_answered_exactly_once_across_replicas(
    mode: str,
    request: pytest.FixtureRequest,
    fake_slack: FakeSlack,
    replica_index: Path,
    tmp_path: Path,
) -> None:
    http = mode.startswith("http")
    dedup_url = request.getfixturevalue("postgres_url" if http else "redis_url")
    replicas = start_replicas(fake_slack, tmp_path, replica_index, dedup_url, http=http)
    try:
        for replica in replicas:
            replica.process.wait_until(replica.ready)
        if not http:
            assert fake_slack.socket.open_connections() == 2

        questions = deliveries(fake_slack)
        envelope_ids = []
        for _, bodies in questions:
            for body in bodies:
                if http:
                    post_to_every_replica(replicas, body)
                else:
                    envelope_ids += send_on_every_connection(fake_slack, body)
        for envelope_id in envelope_ids:  # both replicas received (and acked) every delivery
            fake_slack.socket.wait_for_ack(envelope_id, timeout=30)

        asked = {ts for ts, _ in questions}
        replies = fake_slack.wait_for(
            "chat.postMessage",
            count=len(asked),
            timeout=240,
            where=lambda params: params.get("thread_ts") in asked,
        )
        for replica in replicas:  # let any duplicate still in a worker pool show up
            replica.process.check_alive()
        time.sleep(3)
        replies = [
            c for c in fake_slack.calls("chat.postMessage") if c.params.get("thread_ts") in asked
        ]
        scraped = [replica.metrics() for replica in replicas]
    finally:
        for replica in replicas:
            replica.process.stop()

    for replica in replicas:  # JSON logs, and what people asked is not in them
        log = replica.process.log()
        records = [json.loads(line) for line in log.splitlines() if line.startswith('{"time"')]
        assert records and all("level" in record for record in records)
        assert not any(question in log for question in QUESTIONS)

    postings = len(read_manifest(replica_index)["postings"])
    assert all(metrics["careers_bot_index_postings"] == postings for metrics in scraped)
    answered = sum(metrics["careers_bot_questions_total"] for metrics in scraped)
    assert answered == len(QUESTIONS)  # exactly once, in the metrics too

    per_thread = Counter(call.params["thread_ts"] for call in replies)
    assert per_thread == Counter(asked), f"replies per question: {per_thread}"
    texts = [call.params.get("text", "") for call in replies]
    assert not any(text.startswith("Sorry, something went wrong") for text in texts)
    assert all(call.params.get("blocks") for call in replies)
