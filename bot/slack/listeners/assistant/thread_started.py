"""A new assistant thread: a greeting and suggested prompts built from the open roles."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Assistant

from bot.slack.roles import Role
from bot.slack.services import BotServices

GREETING = "Hi! Ask me anything about our open roles. I answer by quoting the job postings."


def suggested_prompts(roles: list[Role]) -> list[dict[str, str]]:
    salary = f"What's the salary for the {roles[0].title} role?" if roles else "What's the salary?"
    return [
        {"title": "What roles are open?", "message": "What roles are open?"},
        {"title": "What's the salary for …?", "message": salary},
        {
            "title": "How does the recruitment process work?",
            "message": "How does the recruitment process work?",
        },
    ]


def register(assistant: Assistant, services: BotServices) -> None:
    @assistant.thread_started
    def on_thread_started(say: Callable, set_suggested_prompts: Callable) -> None:
        say(text=GREETING, unfurl_links=False, unfurl_media=False)
        set_suggested_prompts(prompts=suggested_prompts(services.roles()))
