"""App Home refresh on a new index, open-role listing, and audiences of picked postings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.slack.app import create_app
from bot.slack.home import publish_home
from bot.slack.roles import open_roles
from bot.slack.testing import FakeSlack


def meta(title: str, visibility: str = "published", **fields: str) -> SimpleNamespace:
    return SimpleNamespace(
        title=title,
        url=f"https://x.test/{title.lower()}/",
        visibility=visibility,
        fields=fields,
        is_section_page=False,
        translation_key="",
        language="en",
    )


class Index:
    def __init__(self, generation: str, postings: dict) -> None:
        self.generation = generation
        self.manifest = {"generation": generation}
        self.postings = postings


FIRST = Index("g1", {"s:a": meta("Alpha", date="2026-01-01"), "s:d": meta("Draft", "draft")})
SECOND = Index("g2", {**FIRST.postings, "s:b": meta("Beta", date="2026-02-01", location="Oslo")})


@pytest.fixture
def bot(http_settings, scripted_answerer):
    current = {"index": FIRST}
    made = create_app(http_settings, scripted_answerer, index_provider=lambda: current["index"])
    made.current = current
    yield made
    made.close()


def test_open_roles_are_published_newest_first_and_drafts_only_inside() -> None:
    assert [r.title for r in open_roles(SECOND)] == ["Beta", "Alpha"]
    inside = open_roles(SECOND, include_drafts=True)
    assert {r.title for r in inside} == {"Alpha", "Beta", "Draft"}


def test_home_tab_is_republished_when_the_index_changes(bot, fake_slack: FakeSlack) -> None:
    bot.services.remember_home_user("U1")
    publish_home(bot.app.client, bot.services, "U1")
    assert "Beta" not in str(fake_slack.state.views["U1"])
    assert bot.home_refresher.check() == 0  # same index: nothing to do
    bot.current["index"] = SECOND
    assert bot.home_refresher.check() == 1
    view = str(fake_slack.state.views["U1"])
    assert "Beta" in view and "Oslo" in view and "Draft" not in view


def test_a_picked_draft_is_refused_outside_internal_channels(bot, scripted_answerer) -> None:
    bot.services.ask("q", [], "CPUBLIC", posting_uid="s:d")
    bot.services.ask("q", [], "CPUBLIC", posting_uid="s:a")
    assert [a["posting_uid"] for a in scripted_answerer.asked] == [None, "s:a"]
