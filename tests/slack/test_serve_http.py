"""The real `careers-bot serve --http` (real index, real answer engine) against the fake Slack.

One serve process for the whole module; every test uses its own channel and users.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from raw_http import exchange, request

from bot.slack.testing import (
    FakeSlack,
    block_action,
    deliver_action,
    deliver_event,
    deliver_form,
    event_callback,
    find_action,
    slash_command,
    user_message_event,
)
from bot.slack.testing.process import SIGNING_SECRET as SECRET
from bot.slack.testing.process import ServeProcess, free_port, serve_env

pytestmark = pytest.mark.timeout(300)
RATE_LIMIT = 4


class Bot:
    """The serve process and the fake Slack it talks to, with helpers to ask questions."""

    def __init__(self, slack: FakeSlack, process: ServeProcess, port: int, workdir: Path):
        self.slack = slack
        self.process = process
        self.url = f"http://127.0.0.1:{port}/slack/events"
        self.workdir = workdir

    def mention(self, channel: str, user: str, text: str, thread_ts: str = "") -> dict:
        message = self.slack.add_user_message(
            channel, f"<@{self.slack.bot_user_id}> {text}", user, thread_ts=thread_ts
        )
        response = deliver_event(
            self.url, event_callback(user_message_event(message, channel, mention=True)), SECRET
        )
        assert response.status_code == 200
        return message

    def answers_in_thread(self, channel: str, thread_ts: str, count: int = 1) -> list[dict]:
        calls = self.slack.wait_for(
            "chat.postMessage",
            count=count,
            where=lambda p: p.get("channel") == channel and p.get("thread_ts") == thread_ts,
        )
        return [c.params for c in calls]

    def posted_answer(self, channel: str, thread_ts: str) -> dict:
        """The bot's latest message in the thread as Slack stores it (with its ts and blocks)."""
        self.answers_in_thread(channel, thread_ts)
        return [m for m in self.slack.thread(channel, thread_ts) if m.get("bot_id")][-1]

    def all_posts(self, channel: str) -> list[dict]:
        return [
            c.params
            for c in self.slack.calls("chat.postMessage")
            if c.params.get("channel") == channel
        ]


@pytest.fixture(scope="module")
def bot(sample_site: Path, shared_index_dir: Path, tmp_path_factory) -> Iterator[Bot]:
    workdir = tmp_path_factory.mktemp("serve-http")
    port = free_port()
    with FakeSlack() as slack:
        env = serve_env(
            slack,
            workdir,
            SLACK_SIGNING_SECRET=SECRET,
            CAREERS_BOT_INTERNAL_CHANNELS="CINTERNAL",
            CAREERS_BOT_RECRUITER_CHANNEL="CRECRUIT",
            CAREERS_BOT_RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT),
            CAREERS_BOT_HASH_SALT="e2e-salt",
        )
        args = [
            "--http",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--site",
            str(sample_site),
            "--index-dir",
            str(shared_index_dir),
        ]
        process = ServeProcess(args, env, workdir / "serve.log")
        try:
            process.wait_until(lambda: _listening(port))
            yield Bot(slack, process, port, workdir)
        finally:
            process.stop()


def _listening(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 404
    except httpx.HTTPError:
        return False


def blocks_text(params: dict) -> str:
    return json.dumps(params.get("blocks", []), ensure_ascii=False) + params.get("text", "")


# -- Events API: verification, exactly once -------------------------------------------------


def test_url_verification_is_answered(bot: Bot) -> None:
    body = {"type": "url_verification", "challenge": "c-123", "token": "legacy"}
    response = deliver_event(bot.url, body, SECRET)
    assert response.status_code == 200 and response.json() == {"challenge": "c-123"}


def test_malformed_bodies_get_a_4xx_and_one_json_log_line_each(bot: Bot) -> None:
    port = httpx.URL(bot.url).port
    cases = [
        (request(b"{broken"), 400),
        (request(b"{broken", signed=False), 401),
        (request(b"payload=%7Bnot-json", content_type="application/x-www-form-urlencoded"), 400),
        (request(b"\xff\xfe{}"), 400),
        (request(b"{}", length="abc"), 400),
        (request(b"{}", length="-1"), 400),
    ]
    for data, status in cases:
        before = len(bot.process.log().splitlines())
        assert exchange(port, data).status == status
        time.sleep(0.2)  # the log line is written before the answer; let the file catch up
        lines = bot.process.log().splitlines()[before:]
        entries = [json.loads(line) for line in lines]  # all of it JSON: no traceback
        warnings = [e for e in entries if e["level"] == "warning"]
        assert len(warnings) == 1 and "exception" not in warnings[0], lines


def test_health_and_metrics_are_served_beside_the_events(bot: Bot) -> None:
    base = bot.url.removesuffix("/slack/events")
    assert httpx.get(base + "/healthz").json() == {"status": "alive"}
    ready = httpx.get(base + "/readyz").json()
    assert ready == {"status": "ready", "checks": {"index": True, "slack": True}}
    assert "careers_bot_questions_total" in httpx.get(base + "/metrics").text


def test_bad_signature_and_stale_timestamp_are_rejected(bot: Bot) -> None:
    message = bot.slack.add_user_message("CSIG", "<@UBOTFAKE1> hello", "USIG")
    body = event_callback(user_message_event(message, "CSIG", mention=True))
    assert deliver_event(bot.url, body, "not-the-secret").status_code == 401
    stale = int(time.time()) - 10 * 60
    assert deliver_event(bot.url, body, SECRET, timestamp=stale).status_code == 401
    time.sleep(1)
    assert bot.all_posts("CSIG") == []


def test_mention_is_answered_once_in_its_thread_with_a_quote_and_a_link(bot: Bot) -> None:
    started = time.monotonic()
    message = bot.mention("CMENTION", "UMENTION", "What is the salary for the data engineer?")
    assert time.monotonic() - started < 3.0  # Slack's ack deadline
    body = event_callback(user_message_event(message, "CMENTION", mention=True))
    retry = {**body, "event_id": body["event_id"]}
    assert deliver_event(bot.url, retry, SECRET, retry_num=1).status_code == 200
    assert deliver_event(bot.url, retry, SECRET, retry_num=2).status_code == 200
    as_message = event_callback(user_message_event(message, "CMENTION"))
    assert deliver_event(bot.url, as_message, SECRET).status_code == 200
    answer = bot.answers_in_thread("CMENTION", message["ts"])[0]
    time.sleep(2)  # room for a wrong second answer to show up
    assert len(bot.all_posts("CMENTION")) == 1
    assert answer["unfurl_links"] is False and answer["unfurl_media"] is False
    assert answer["text"]
    quotes = [
        b["text"]["text"] for b in answer["blocks"] if "\n> " in b.get("text", {}).get("text", "")
    ]
    assert quotes and "<https://careers.example.com/" in quotes[0]


def test_follow_up_in_the_thread_is_answered_without_a_mention(bot: Bot) -> None:
    first = bot.mention("CFOLLOW", "UFOLLOW", "Tell me about the Data Engineer role")
    bot.answers_in_thread("CFOLLOW", first["ts"])
    follow = bot.slack.add_user_message(
        "CFOLLOW", "Where is it located?", "UFOLLOW", thread_ts=first["ts"]
    )
    event = event_callback(user_message_event(follow, "CFOLLOW"))
    assert deliver_event(bot.url, event, SECRET).status_code == 200
    answers = bot.answers_in_thread("CFOLLOW", first["ts"], count=2)
    assert len(answers) == 2
    replies = bot.slack.calls("conversations.replies")
    assert any(c.params.get("channel") == "CFOLLOW" for c in replies)


def test_thread_without_the_bot_and_bot_messages_are_ignored(bot: Bot) -> None:
    root = bot.slack.add_user_message("CQUIET", "lunch?", "UQUIET")
    reply = bot.slack.add_user_message("CQUIET", "sure", "UQUIET2", thread_ts=root["ts"])
    other_bot = {
        **bot.slack.add_user_message("CQUIET", "<@UBOTFAKE1> salary?", "UOTHERBOT"),
        "bot_id": "BOTHER",
        "subtype": "bot_message",
    }
    own = {
        **bot.slack.add_user_message("CQUIET", "hi", bot.slack.bot_user_id),
        "bot_id": bot.slack.bot_id,
    }
    for event in (
        user_message_event(root, "CQUIET"),
        user_message_event(reply, "CQUIET"),
        user_message_event(other_bot, "CQUIET", mention=True),
        user_message_event(own, "CQUIET"),
    ):
        assert deliver_event(bot.url, event_callback(event), SECRET).status_code == 200
    time.sleep(2)
    assert bot.all_posts("CQUIET") == []


# -- slash command and buttons -----------------------------------------------------------------


def test_slash_command_answers_ephemerally_with_a_share_button(bot: Bot) -> None:
    form = slash_command(
        "How does the recruitment process work?",
        user="USLASH",
        channel="CSLASH",
        response_url=bot.slack.response_url("slash"),
    )
    response = deliver_form(bot.url, form, SECRET)
    assert response.status_code == 200
    reply = bot.slack.wait_for_response("slash")[0]
    assert reply["response_type"] == "ephemeral"
    share = find_action(reply["blocks"], "share_answer")
    click = block_action(
        share,
        user="USLASH",
        channel="CSLASH",
        message=None,
        response_url=bot.slack.response_url("slash-share"),
    )
    assert deliver_action(bot.url, click, SECRET).status_code == 200
    shared = bot.slack.wait_for("chat.postMessage", where=lambda p: p.get("channel") == "CSLASH")
    assert "<@USLASH> asked" in blocks_text(shared[0].params)
    assert bot.slack.wait_for_response("slash-share")[0].get("delete_original") is True


def test_slash_command_alone_lists_the_open_roles(bot: Bot) -> None:
    form = slash_command(
        "", user="UROLES", channel="CROLES", response_url=bot.slack.response_url("roles")
    )
    assert deliver_form(bot.url, form, SECRET).status_code == 200
    reply = bot.slack.wait_for_response("roles")[0]
    text = blocks_text(reply)
    assert "Data Engineer" in text and "https://careers.example.com/jobs/data-engineer/" in text
    assert "(draft)" not in text and "Engineering Manager" not in text  # a draft in the sample


def test_feedback_is_stored_and_reported(bot: Bot, tmp_path: Path) -> None:
    message = bot.mention("CVOTE", "UVOTE", "What does the Data Engineer do?")
    posted = bot.posted_answer("CVOTE", message["ts"])
    down = find_action(posted["blocks"], "feedback_down")
    click = block_action(
        down,
        user="UVOTER",
        channel="CVOTE",
        message=posted,
        response_url=bot.slack.response_url("vote"),
    )
    assert deliver_action(bot.url, click, SECRET).status_code == 200
    assert "Thanks" in bot.slack.wait_for_response("vote")[0]["text"]
    report = _report(bot)
    rows = [json.loads(line) for line in report.splitlines()]
    row = next(r for r in rows if r["question"] == "What does the Data Engineer do?")
    assert row["vote"] == "down" and row["channel"] == "CVOTE" and row["sources"]
    assert "UVOTE" not in report and len(row["user_hash"]) == 16


def _report(bot: Bot) -> str:
    import subprocess
    import sys

    command = [
        str(Path(sys.executable).parent / "careers-bot"),
        "report",
        "--json",
        "--sqlite",
        str(bot.workdir / "bot.sqlite3"),
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_pick_a_posting_answers_in_the_thread(bot: Bot) -> None:
    message = bot.mention("CPICK", "UPICK", "What roles are open?")
    posted = bot.posted_answer("CPICK", message["ts"])
    pick = find_action(posted["blocks"], "pick_posting")
    click = block_action(
        pick,
        user="UPICK",
        channel="CPICK",
        message=posted,
        response_url=bot.slack.response_url("pick"),
    )
    assert deliver_action(bot.url, click, SECRET).status_code == 200
    answers = bot.answers_in_thread("CPICK", message["ts"], count=2)
    picked = json.loads(pick["value"])["p"]
    assert bot.slack.thread("CPICK", message["ts"])[-1]["bot_id"]
    assert picked and answers[1]["blocks"] != answers[0]["blocks"]


def test_ask_a_recruiter_posts_into_the_recruiter_channel(bot: Bot) -> None:
    message = bot.mention("CASK", "UASK", "Can I bring my dog <!channel>?")
    posted = bot.posted_answer("CASK", message["ts"])
    button = find_action(posted["blocks"], "ask_recruiter")
    click = block_action(
        button,
        user="UASK",
        channel="CASK",
        message=posted,
        response_url=bot.slack.response_url("ask"),
    )
    assert deliver_action(bot.url, click, SECRET).status_code == 200
    handed = bot.slack.wait_for("chat.postMessage", where=lambda p: p.get("channel") == "CRECRUIT")
    text = handed[0].params["blocks"][0]["text"]["text"]
    assert "<@UASK>" in text and "&lt;!channel&gt;" in text and "<!channel>" not in text
    assert f"archives/CASK/p{message['ts'].replace('.', '')}" in text
    assert "CRECRUIT" in bot.slack.wait_for_response("ask")[0]["text"]


def test_app_home_lists_open_roles(bot: Bot) -> None:
    event = {
        "type": "app_home_opened",
        "user": "UHOME",
        "channel": "DHOME",
        "tab": "home",
        "event_ts": "1.0",
    }
    assert deliver_event(bot.url, event_callback(event), SECRET).status_code == 200
    view = bot.slack.wait_for("views.publish", where=lambda p: p.get("user_id") == "UHOME")
    text = json.dumps(view[0].params["view"], ensure_ascii=False)
    assert "Data Engineer" in text and "Stockholm" in text and "Insights" in text
    assert "2026-11-02" in text and "https://careers.example.com/apply/data-engineer" in text
    assert "Engineering Manager" not in text  # a draft


# -- edits, deletes, escaping, rate limit, load, audiences, failures ---------------------------


def test_edit_updates_the_answer_and_delete_removes_it(bot: Bot) -> None:
    message = bot.mention("CEDIT", "UEDIT", "What is the salary for the data engineer?")
    bot.answers_in_thread("CEDIT", message["ts"])
    answer_ts = bot.slack.thread("CEDIT", message["ts"])[-1]["ts"]
    edited = {
        **message,
        "text": "<@UBOTFAKE1> How does the recruitment process work?",
        "edited": {"user": "UEDIT", "ts": "99.0"},
    }
    change = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "CEDIT",
        "channel_type": "channel",
        "message": edited,
        "previous_message": message,
        "ts": "100.0",
        "event_ts": "100.0",
    }
    assert deliver_event(bot.url, event_callback(change), SECRET).status_code == 200
    update = bot.slack.wait_for("chat.update", where=lambda p: p.get("channel") == "CEDIT")
    assert update[0].params["ts"] == answer_ts and update[0].params["text"]
    deletion = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": "CEDIT",
        "channel_type": "channel",
        "deleted_ts": message["ts"],
        "previous_message": message,
        "ts": "101.0",
        "event_ts": "101.0",
    }
    assert deliver_event(bot.url, event_callback(deletion), SECRET).status_code == 200
    delete = bot.slack.wait_for("chat.delete", where=lambda p: p.get("channel") == "CEDIT")
    assert delete[0].params["ts"] == answer_ts


def test_posting_and_user_text_cannot_ping(bot: Bot) -> None:
    message = bot.mention("CINJECT", "UINJECT", "What is the salary of the Office Coordinator?")
    answer = bot.answers_in_thread("CINJECT", message["ts"])[0]
    text = blocks_text(answer)
    for unsafe in ("<!channel>", "<@U123>"):
        assert unsafe not in text
    assert "&lt;!channel&gt;" in text and "&lt;@U123&gt;" in text  # shown, escaped


def test_rate_limit_gets_a_polite_reply(bot: Bot) -> None:
    asked = [
        bot.mention("CRATE", "URATE", f"What does the Data Engineer do? ({n})")["ts"]
        for n in range(RATE_LIMIT + 1)
    ]
    polite = bot.slack.wait_for("chat.postEphemeral", where=lambda p: p.get("user") == "URATE")
    assert "questions a minute" in polite[0].params["text"]
    bot.slack.wait_for(
        "chat.postMessage", count=RATE_LIMIT, where=lambda p: p.get("channel") == "CRATE"
    )
    time.sleep(1)
    answered = {p["thread_ts"] for p in bot.all_posts("CRATE")}
    assert len(answered) == RATE_LIMIT
    assert answered | {polite[0].params["thread_ts"]} == set(asked)


def test_fifty_mentions_at_once_are_each_answered_exactly_once(bot: Bot) -> None:
    questions = [
        bot.slack.add_user_message(
            "CLOAD", f"<@UBOTFAKE1> What does the Data Engineer do? #{n}", f"ULOAD{n}"
        )
        for n in range(50)
    ]
    bodies = [event_callback(user_message_event(q, "CLOAD", mention=True)) for q in questions]
    with httpx.Client() as client, ThreadPoolExecutor(50) as pool:
        statuses = list(
            pool.map(lambda b: deliver_event(bot.url, b, SECRET, client=client).status_code, bodies)
        )
    assert statuses == [200] * 50
    bot.slack.wait_for(
        "chat.postMessage", count=50, timeout=120, where=lambda p: p.get("channel") == "CLOAD"
    )
    time.sleep(1)
    threads = sorted(p["thread_ts"] for p in bot.all_posts("CLOAD"))
    assert threads == sorted(q["ts"] for q in questions)


def test_internal_channels_see_drafts_marked_and_others_do_not(bot: Bot) -> None:
    question = "What does the Engineering Manager for the platform do?"
    internal = bot.mention("CINTERNAL", "UINT", question)
    public = bot.mention("CPUBLIC", "UPUB", question)
    inside = blocks_text(bot.answers_in_thread("CINTERNAL", internal["ts"])[0])
    outside = blocks_text(bot.answers_in_thread("CPUBLIC", public["ts"])[0])
    assert "Engineering Manager" in inside and "draft" in inside
    assert "draft" not in outside


def test_a_failure_to_answer_posts_an_apology(bot: Bot) -> None:
    from bot.slack.testing import Fault

    root = bot.mention("CFAIL", "UFAIL", "What does the Data Engineer do?")
    bot.answers_in_thread("CFAIL", root["ts"])
    bot.slack.fail_next("conversations.replies", *[Fault(status=500)] * 4)
    bot.mention("CFAIL", "UFAIL", "And where is it?", thread_ts=root["ts"])
    answers = bot.answers_in_thread("CFAIL", root["ts"], count=2)
    assert "Sorry" in answers[1]["text"]
    assert "could not answer" in bot.process.log()
    rows = [json.loads(line) for line in _report(bot).splitlines()]
    assert any(r["channel"] == "CFAIL" and r["outcome"] == "error" for r in rows)


def test_rate_limited_web_api_call_is_retried(bot: Bot) -> None:
    from bot.slack.testing import Fault

    bot.slack.fail_next("chat.postMessage", Fault(status=429, retry_after=1))
    message = bot.mention("CRETRY", "URETRY", "What does the Data Engineer do?")
    bot.answers_in_thread("CRETRY", message["ts"])
    statuses = [
        c.status for c in bot.slack.calls("chat.postMessage") if c.params.get("channel") == "CRETRY"
    ]
    assert statuses == [429, 200]
