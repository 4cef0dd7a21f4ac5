"""`/jobs question`: an ephemeral answer with "Share in channel"; `/jobs` alone lists open roles."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.render.blocks import AnswerContext, answer_message, plain_message, roles_message
from bot.slack.answering import APOLOGY, RATE_LIMITED, Question, record
from bot.slack.registry import Registry
from bot.slack.services import BotServices

logger = logging.getLogger("careers_bot.slack")


def register(app: Registry, services: BotServices) -> None:
    @app.command(services.settings.slash_command)
    def on_jobs_command(ack: Callable, command: dict, respond: Callable) -> None:
        ack()
        services.submit(handle_jobs, command, respond, services)


def handle_jobs(command: dict, respond: Callable, services: BotServices) -> None:
    text = " ".join(command.get("text", "").split())
    channel = command.get("channel_id", "")
    if not text:
        respond(response_type="ephemeral", **roles_message(services.roles(channel)).as_kwargs())
        return
    user = command.get("user_id", "")
    if not services.limiter.allow(user):
        limit = services.limiter.per_minute
        respond(
            response_type="ephemeral", **plain_message(RATE_LIMITED.format(limit=limit)).as_kwargs()
        )
        return
    question = Question(
        text=text, user=user, channel=channel, ts=f"cmd-{command.get('trigger_id', '')}"
    )
    try:
        answer = services.ask(text, [], channel)
        context = AnswerContext(key=question.key, question=text, share=True)
        respond(response_type="ephemeral", **answer_message(answer, context).as_kwargs())
        record(services, question, answer, "")
    except Exception:
        logger.exception("could not answer the slash command %s", question.key)
        respond(response_type="ephemeral", **plain_message(APOLOGY).as_kwargs())
