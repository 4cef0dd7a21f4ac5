"""The Slack app manifest declares exactly what the code registers: events, scopes, commands."""

from __future__ import annotations

import pytest

from bot.slack.app import create_app
from bot.slack.manifest import METHOD_SCOPES, load_manifest, manifest_problems, scopes_cover


@pytest.fixture
def registry(http_settings, scripted_answerer):
    bot = create_app(http_settings, scripted_answerer)
    yield bot.registry
    bot.close()


def test_manifest_matches_registered_listeners(registry) -> None:
    assert registry.bot_events >= {"app_mention", "message.channels", "app_home_opened"}
    assert registry.commands == {"/jobs"}
    assert manifest_problems(load_manifest(), registry) == []


def test_a_missing_or_extra_event_is_reported(registry) -> None:
    manifest = load_manifest()
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    events.remove("app_mention")
    events.append("reaction_added")
    manifest["oauth_config"]["scopes"]["bot"].append("users:read")
    problems = "\n".join(manifest_problems(manifest, registry))
    assert "lacks bot events: ['app_mention']" in problems
    assert "unused bot events: ['reaction_added']" in problems
    assert "unused bot scopes: ['users:read']" in problems


def test_every_known_method_is_covered_by_the_manifest_scopes() -> None:
    scopes = set(load_manifest()["oauth_config"]["scopes"]["bot"])
    assert [m for m in METHOD_SCOPES if not scopes_cover(m, scopes)] == []
