"""What the Slack app manifest must declare, derived from what the code registers."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack.registry import Registry

MANIFEST_PATH = Path(__file__).resolve().parents[2] / "deploy" / "slack-app-manifest.yaml"

EVENT_SCOPES: dict[str, tuple[str, ...]] = {
    "app_mention": ("app_mentions:read",),
    "app_home_opened": (),
    "message.channels": ("channels:history",),
    "message.groups": ("groups:history",),
    "message.im": ("im:history",),
    "message.mpim": ("mpim:history",),
    "assistant_thread_started": ("assistant:write",),
    "assistant_thread_context_changed": ("assistant:write",),
}
# Web API methods the bot calls and the bot scopes they need (any one of a tuple suffices for
# conversations.replies: the history scope of the conversation's type).
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "apps.connections.open": (),  # app-level token (connections:write), not a bot scope
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.delete": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.getPermalink": (),
    "views.publish": (),
    "conversations.replies": ("channels:history", "groups:history", "im:history"),
    "assistant.threads.setStatus": ("assistant:write",),
    "assistant.threads.setSuggestedPrompts": ("assistant:write",),
    "assistant.threads.setTitle": ("assistant:write",),
}
ALWAYS_NEEDED = ("chat:write",)  # every answer is a posted message


def required_bot_scopes(registry: Registry) -> set[str]:
    scopes = set(ALWAYS_NEEDED)
    for event in registry.bot_events:
        scopes.update(EVENT_SCOPES[event])
    if registry.commands:
        scopes.add("commands")
    return scopes


def load_manifest(path: Path = MANIFEST_PATH) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def manifest_problems(manifest: dict, registry: Registry) -> list[str]:
    """Every difference between the manifest and the registered listeners, as sentences."""
    features = manifest.get("features", {})
    settings = manifest.get("settings", {})
    declared = {
        "bot events": set(settings.get("event_subscriptions", {}).get("bot_events", [])),
        "bot scopes": set(manifest.get("oauth_config", {}).get("scopes", {}).get("bot", [])),
        "slash commands": {c["command"] for c in features.get("slash_commands", [])},
    }
    needed = {
        "bot events": registry.bot_events,
        "bot scopes": required_bot_scopes(registry),
        "slash commands": registry.commands,
    }
    problems = []
    for what, want in needed.items():
        if missing := want - declared[what]:
            problems.append(f"manifest lacks {what}: {sorted(missing)}")
        if extra := declared[what] - want:
            problems.append(f"manifest declares unused {what}: {sorted(extra)}")
    if registry.action_ids and not settings.get("interactivity", {}).get("is_enabled"):
        problems.append("buttons are registered but interactivity is disabled")
    home_tab = features.get("app_home", {}).get("home_tab_enabled")
    if "app_home_opened" in registry.bot_events and not home_tab:
        problems.append("the App Home tab is published but home_tab_enabled is false")
    if registry.uses_assistant and "assistant_view" not in features:
        problems.append("the assistant surface is used but features.assistant_view is missing")
    return problems


def scopes_cover(method: str, scopes: set[str]) -> bool:
    needed = METHOD_SCOPES[method]
    return not needed or any(scope in scopes for scope in needed)
