"""When several postings fit a question, a button per posting: the answer follows in the thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.render.blocks import ACTION_PICK, AnswerContext, answer_message
from bot.slack.answering import Question, apologise, post, record
from bot.slack.listeners.actions.payload import button_data, message_place
from bot.slack.registry import Registry
from bot.slack.services import BotServices


def register(app: Registry, services: BotServices) -> None:
    @app.action(ACTION_PICK, prefix=True)
    def on_pick_posting(
        ack: Callable, body: dict, action: dict, client: Any, respond: Callable
    ) -> None:
        ack()
        data = button_data(action)
        channel, thread_ts, ephemeral = message_place(body)
        question = Question(
            text=data.get("q", ""),
            user=body["user"]["id"],
            channel=channel,
            ts=f"pick-{action.get('action_ts', '')}",
            thread_ts=thread_ts,
            posting_uid=data.get("p", ""),
        )
        if question.text and question.posting_uid:
            services.submit(answer_picked, client, respond, services, question, ephemeral)


def answer_picked(
    client: Any, respond: Callable, services: BotServices, question: Question, ephemeral: bool
) -> None:
    try:
        answer = services.ask(question.text, [], question.channel, question.posting_uid)
        share = ephemeral  # an ephemeral answer stays private until shared
        context = AnswerContext(key=question.key, question=question.text, share=share)
        message = answer_message(answer, context)
        if ephemeral:
            respond(response_type="ephemeral", replace_original=True, **message.as_kwargs())
            answer_ts = ""
        else:
            answer_ts = post(client, question.channel, question.thread_ts, message)
        record(services, question, answer, answer_ts)
    except Exception:
        if not ephemeral:
            apologise(client, question)
        raise
