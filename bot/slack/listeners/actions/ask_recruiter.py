""" "Ask a recruiter": the question and a link to its thread go to the recruiter channel.

Without a configured recruiter channel, the user is told whom to contact instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.render.blocks import ACTION_RECRUITER, escape, recruiter_message, section
from bot.slack.listeners.actions.payload import button_data, message_place
from bot.slack.registry import Registry
from bot.slack.services import BotServices

PASSED_ON = "I've passed your question to the recruiters in <#{channel}>. They'll be in touch."
NO_CHANNEL = "Please ask {contact} directly."


def register(app: Registry, services: BotServices) -> None:
    @app.action(ACTION_RECRUITER)
    def on_ask_recruiter(
        ack: Callable, body: dict, action: dict, client: Any, respond: Callable
    ) -> None:
        ack()
        services.submit(hand_over, client, respond, services, body, button_data(action))


def hand_over(
    client: Any, respond: Callable, services: BotServices, body: dict, data: dict[str, str]
) -> None:
    recruiters = services.settings.recruiter_channel
    if not recruiters:
        contact = data.get("c") or services.settings.contact or "a recruiter"
        tell(respond, NO_CHANNEL.format(contact=escape(contact)))
        return
    channel, thread_ts, ephemeral = message_place(body)
    permalink = ""
    if channel and thread_ts and not ephemeral:
        permalink = client.chat_getPermalink(channel=channel, message_ts=thread_ts)["permalink"]
    message = recruiter_message(data.get("q", ""), body["user"]["id"], permalink)
    client.chat_postMessage(
        channel=recruiters, unfurl_links=False, unfurl_media=False, **message.as_kwargs()
    )
    tell(respond, PASSED_ON.format(channel=escape(recruiters)))


def tell(respond: Callable, text: str) -> None:
    """`text` is mrkdwn whose variable parts are already escaped."""
    respond(response_type="ephemeral", replace_original=False, text=text, blocks=[section(text)])
