"""Shared fixtures of the Slack tests: the fake Slack, a deterministic answerer for unit tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from raw_http import json_log, serve  # noqa: F401  (fixtures of the HTTP server tests)

from bot.answer.models import Answer, Candidate, Citation, Outcome
from bot.settings import load_settings
from bot.slack.testing import FakeSlack
from bot.slack.testing.process import SIGNING_SECRET as SECRET


class ScriptedAnswerer:
    """Answers from a fixed posting; records what it was asked. For unit tests of the Slack side
    only: the end-to-end tests run the real answer engine in `careers-bot serve`."""

    def __init__(self) -> None:
        self.asked: list[dict] = []

    def ask(self, question, history=(), *, include_drafts=False, sites=None, posting_uid=None):
        self.asked.append(
            {
                "question": question,
                "history": list(history),
                "drafts": include_drafts,
                "posting_uid": posting_uid,
            }
        )
        if "nothing" in question:
            return Answer(
                text="I couldn't find that.",
                abstained=True,
                outcome=Outcome.ABSTAINED,
                contact="jobs@example.com",
            )
        citation = Citation(
            source="content/careers/dev.md",
            title="Developer",
            section="Pay",
            url="https://careers.example.com/jobs/dev/#pay",
            quote_url="https://careers.example.com/jobs/dev/#:~:text=Salary",
            quote="Salary <!channel> & <@U123>",
            score=0.9,
            visibility="published",
        )
        candidates = [
            Candidate("s:a", "a.md", "Role A", "https://careers.example.com/a/"),
            Candidate("s:b", "b.md", "Role B", "https://careers.example.com/b/"),
        ]
        return Answer(
            text=f"About: {question}",
            abstained=False,
            citations=[citation],
            lead="Here is what the posting says.",
            apply_url="https://careers.example.com/apply",
            candidates=candidates if "which" in question else [],
            posting_uid="s:a",
        )


@pytest.fixture
def scripted_answerer() -> ScriptedAnswerer:
    return ScriptedAnswerer()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


@pytest.fixture
def http_settings(fake_slack: FakeSlack, tmp_path: Path):
    return load_settings(
        http=True,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=fake_slack.api_url,
        sqlite_path=tmp_path / "bot.sqlite3",
        hash_salt="pepper",
    )


# -- the real `careers-bot serve`, against the fake Slack --------------------------------------

INJECTION_POSTING = """---
title: "Office Coordinator <!channel>"
date: 2026-11-05
location: "Gothenburg <@U123>"
team: "Operations & Facilities"
apply_url: "https://careers.example.com/apply/office-coordinator"
---

The office coordinator keeps our Gothenburg office running.

## Salary

The monthly salary for the office coordinator is SEK 38,000 to 44,000,
confirmed by <@U123> & <!channel>.
"""


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, repo_dir: Path) -> Path:
    """The repository's sample Hugo site, plus one posting whose text tries to ping people."""
    if not (repo_dir / "hugo.toml").is_file():
        pytest.skip("the sample site (hugo.toml, content/) is not in the repository")
    site = tmp_path_factory.mktemp("sites") / "tallgrove"
    shutil.copytree(repo_dir / "content", site / "content")
    shutil.copy(repo_dir / "hugo.toml", site / "hugo.toml")
    (site / "content" / "careers" / "office-coordinator.md").write_text(INJECTION_POSTING)
    return site


@pytest.fixture(scope="session")
def shared_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index for every serve process of the session: built once, then loaded."""
    return tmp_path_factory.mktemp("index") / "index"
