"""The real `careers-bot serve` in Socket Mode: a local Socket Mode server and the fake Web API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack.testing import FakeSlack, event_callback, slash_command, user_message_event
from bot.slack.testing.process import ServeProcess, serve_env

pytestmark = pytest.mark.timeout(300)


class SocketBot:
    def __init__(self, slack: FakeSlack, process: ServeProcess) -> None:
        self.slack = slack
        self.process = process

    def send_event(self, event: dict, **kwargs: object) -> tuple[str, dict]:
        body = event_callback(event)
        envelope_id = self.slack.socket.send("events_api", body, **kwargs)
        return envelope_id, body

    def mention(self, channel: str, user: str, text: str) -> tuple[dict, str, dict]:
        message = self.slack.add_user_message(channel, f"<@UBOTFAKE1> {text}", user)
        envelope_id, body = self.send_event(user_message_event(message, channel, mention=True))
        return message, envelope_id, body

    def answers_in_thread(self, channel: str, thread_ts: str, count: int = 1) -> list[dict]:
        calls = self.slack.wait_for(
            "chat.postMessage",
            count=count,
            where=lambda p: p.get("channel") == channel and p.get("thread_ts") == thread_ts,
        )
        return [c.params for c in calls]


@pytest.fixture(scope="module")
def bot(sample_site: Path, shared_index_dir: Path, tmp_path_factory) -> Iterator[SocketBot]:
    workdir = tmp_path_factory.mktemp("serve-socket")
    with FakeSlack() as slack:
        env = serve_env(slack, workdir, SLACK_APP_TOKEN="xapp-e2e")
        env.pop("SLACK_SIGNING_SECRET")  # Socket Mode needs no signing secret
        args = ["--site", str(sample_site), "--index-dir", str(shared_index_dir)]
        process = ServeProcess(args, env, workdir / "serve.log")
        try:
            process.wait_until(lambda: slack.socket.open_connections() > 0)
            yield SocketBot(slack, process)
        finally:
            process.stop()


def test_connects_through_apps_connections_open_with_the_app_token(bot: SocketBot) -> None:
    opened = bot.slack.calls("apps.connections.open")
    assert opened and opened[0].token == "xapp-e2e" and opened[0].status == 200
    assert bot.slack.calls("auth.test")[0].token == "xoxb-e2e"


def test_mention_is_acked_by_envelope_and_answered_once(bot: SocketBot) -> None:
    message, envelope_id, body = bot.mention("CSOCK", "USOCK", "What does the Data Engineer do?")
    assert bot.slack.socket.wait_for_ack(envelope_id)["envelope_id"] == envelope_id
    retried = bot.slack.socket.send("events_api", body, retry_attempt=1)  # same event_id
    assert bot.slack.socket.wait_for_ack(retried)["envelope_id"] == retried
    answer = bot.answers_in_thread("CSOCK", message["ts"])[0]
    assert "careers.example.com" in json.dumps(answer["blocks"])
    bot.mention("CSOCK", "USOCK", "What is the salary for the data engineer?")
    bot.slack.wait_for("chat.postMessage", count=2, where=lambda p: p.get("channel") == "CSOCK")
    threads = [
        c.params["thread_ts"]
        for c in bot.slack.calls("chat.postMessage")
        if c.params.get("channel") == "CSOCK"
    ]
    assert threads.count(message["ts"]) == 1


def test_slash_command_over_the_socket(bot: SocketBot) -> None:
    form = slash_command(
        "What roles are open?",
        user="USSLASH",
        channel="CSSLASH",
        response_url=bot.slack.response_url("socket-slash"),
    )
    envelope_id = bot.slack.socket.send("slash_commands", form)
    assert bot.slack.socket.wait_for_ack(envelope_id)["envelope_id"] == envelope_id
    reply = bot.slack.wait_for_response("socket-slash")[0]
    assert reply["response_type"] == "ephemeral" and "Data Engineer" in json.dumps(reply)


def test_reconnects_after_disconnect_and_keeps_answering(bot: SocketBot) -> None:
    before = len(bot.slack.calls("apps.connections.open"))
    accepted = len(bot.slack.socket.connections)
    bot.slack.socket.disconnect("refresh_requested")
    bot.slack.socket.wait_for_connections(accepted + 1)
    assert len(bot.slack.calls("apps.connections.open")) == before + 1
    message, envelope_id, _ = bot.mention("CRECON", "URECON", "What does the Data Engineer do?")
    bot.slack.socket.wait_for_ack(envelope_id)
    assert bot.answers_in_thread("CRECON", message["ts"])


def test_direct_message_is_answered_in_the_conversation(bot: SocketBot) -> None:
    message = bot.slack.add_user_message("DDIRECT", "What does the Data Engineer do?", "UDM")
    bot.send_event(user_message_event(message, "DDIRECT", channel_type="im"))
    posted = bot.slack.wait_for("chat.postMessage", where=lambda p: p.get("channel") == "DDIRECT")
    assert "thread_ts" not in posted[0].params and posted[0].params["blocks"]


def test_assistant_thread_has_prompts_a_status_and_an_answer(bot: SocketBot) -> None:
    started = {
        "type": "assistant_thread_started",
        "event_ts": "5.0",
        "assistant_thread": {
            "user_id": "UAST",
            "channel_id": "DAST",
            "thread_ts": "1700009999.000001",
            "context": {},
        },
    }
    bot.send_event(started)
    prompts = bot.slack.wait_for("assistant.threads.setSuggestedPrompts")[0].params
    titles = [p["title"] for p in prompts["prompts"]]
    assert "What roles are open?" in titles and "How does the recruitment process work?" in titles
    bot.slack.wait_for("chat.postMessage", where=lambda p: p.get("channel") == "DAST")
    question = bot.slack.add_user_message(
        "DAST", "How does the recruitment process work?", "UAST", thread_ts="1700009999.000001"
    )
    bot.send_event(user_message_event(question, "DAST", channel_type="im"))
    status = bot.slack.wait_for("assistant.threads.setStatus")[0].params
    assert status["channel_id"] == "DAST" and status["status"]
    greeting, answer = bot.answers_in_thread("DAST", "1700009999.000001", count=2)[:2]
    assert greeting["text"].startswith("Hi!")
    assert "careers.example.com" in json.dumps(answer["blocks"])
