""" "Share in channel" under an ephemeral answer: the answer is posted for everyone to see.

It is answered again for the channel's audience, so a draft seen privately never goes public.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.render.blocks import ACTION_SHARE, AnswerContext, answer_message, asked_by, with_preface
from bot.slack.answering import Question, apologise, post, record
from bot.slack.listeners.actions.payload import button_data, message_place
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices) -> None:
    @app.action(ACTION_SHARE)
    def on_share(ack: Callable, body: dict, action: dict, client: Any, respond: Callable) -> None:
        ack()
        data = button_data(action)
        channel, _, _ = message_place(body)
        question = Question(
            text=data.get("q", ""),
            user=body["user"]["id"],
            channel=channel,
            ts=f"share-{action.get('action_ts', '')}",
            posting_uid=data.get("p", ""),
            threaded=False,
        )
        if question.text and channel:
            services.submit(share_answer, client, respond, services, question)


def share_answer(client: Any, respond: Callable, services: BotServices, question: Question) -> None:
    try:
        answer = services.ask(question.text, [], question.channel, question.posting_uid)
        message = answer_message(answer, AnswerContext(key=question.key, question=question.text))
        shared = with_preface(message, asked_by(question.user, question.text))
        answer_ts = post(client, question.channel, "", shared)
        record(services, question, answer, answer_ts)
        respond(delete_original=True)
    except Exception:
        apologise(client, question)
        raise
