"""Answering a question in Slack: read the thread, ask, post in the thread, record; or apologise.

These functions run on the answering pool, after Slack's request has been acknowledged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.answer.models import Answer, Outcome
from bot.ops.observe import observe_question
from bot.render.blocks import AnswerContext, SlackMessage, answer_message, plain_message
from bot.slack.services import BotServices
from bot.slack.threads import answer_metadata, earlier_questions, find_answer_ts, thread_messages
from bot.state.feedback import QuestionRecord

logger = logging.getLogger("careers_bot.slack")

APOLOGY = "Sorry, something went wrong while I looked for an answer. Please try again in a moment."
RATE_LIMITED = (
    "You're asking faster than I can keep up with ({limit} questions a minute). "
    "Please wait a moment and ask again."
)


@dataclass(frozen=True)
class Question:
    text: str
    user: str
    channel: str
    ts: str  # the question's own message ts
    thread_ts: str = ""  # the thread it was asked in; "" when it starts one
    posting_uid: str = ""
    threaded: bool = True  # False for a direct message: the reply follows in the conversation

    @property
    def key(self) -> str:
        return f"{self.channel}:{self.ts}"

    @property
    def reply_thread(self) -> str:
        return self.thread_ts or (self.ts if self.threaded else "")


def answer_question(
    client: Any,
    services: BotServices,
    question: Question,
    bot_user_id: str,
    history: list[str] | None = None,
) -> None:
    """Answer once in the question's thread; a short apology if anything fails."""
    if not services.limiter.allow(question.user):
        tell_rate_limited(client, services, question)
        return
    with observe_question(question.text, channel=question.channel) as observed:
        try:
            if history is None:
                history = history_of(client, question, bot_user_id)
            answer = services.ask(question.text, history, question.channel, question.posting_uid)
            observed.outcome = answer.outcome
            answer_ts = post_answer(client, question, answer)
            record(services, question, answer, answer_ts)
        except Exception:
            observed.outcome = Outcome.ERROR
            logger.exception("could not answer the question %s", question.key)
            apologise(client, question)
            record_failure(services, question)


def history_of(client: Any, question: Question, bot_user_id: str) -> list[str]:
    if not question.thread_ts or question.thread_ts == question.ts:
        return []
    messages = thread_messages(client, question.channel, question.thread_ts)
    return earlier_questions(messages, question.ts, bot_user_id)


def post_answer(client: Any, question: Question, answer: Answer) -> str:
    message = answer_message(answer, AnswerContext(key=question.key, question=question.text))
    return post(client, question.channel, question.reply_thread, message, question.ts)


def post(
    client: Any, channel: str, thread_ts: str, message: SlackMessage, question_ts: str = ""
) -> str:
    extra = {"metadata": answer_metadata(question_ts)} if question_ts else {}
    response = client.chat_postMessage(
        channel=channel,
        thread_ts=thread_ts or None,
        unfurl_links=False,
        unfurl_media=False,
        **message.as_kwargs(),
        **extra,
    )
    return str(response.get("ts", ""))


def record(services: BotServices, question: Question, answer: Answer, answer_ts: str) -> None:
    sources = [citation.url for citation in answer.citations]
    services.feedback.record_question(
        QuestionRecord(
            key=question.key,
            channel=question.channel,
            user=question.user,
            question=question.text,
            outcome=str(answer.outcome),
            sources=sources,
            answer_ts=answer_ts,
        )
    )


def record_failure(services: BotServices, question: Question) -> None:
    """Failures show up in `careers-bot report` next to the unanswered questions."""
    failed = Answer(text="", abstained=True, outcome=Outcome.ERROR)
    try:
        record(services, question, failed, "")
    except Exception:
        logger.exception("could not record the failure of %s", question.key)


def update_answer(client: Any, services: BotServices, question: Question, bot_user_id: str) -> None:
    """The question was edited: answer the new text in place of the old answer."""
    answer_ts = answer_of(client, services, question)
    if not answer_ts:
        return
    try:
        answer = services.ask(
            question.text, history_of(client, question, bot_user_id), question.channel
        )
        message = answer_message(answer, AnswerContext(key=question.key, question=question.text))
        client.chat_update(channel=question.channel, ts=answer_ts, **message.as_kwargs())
        record(services, question, answer, answer_ts)
    except Exception:
        logger.exception("could not update the answer to %s", question.key)


def delete_answer(client: Any, services: BotServices, question: Question) -> None:
    """The question was deleted: so is its answer."""
    answer_ts = answer_of(client, services, question)
    if answer_ts:
        client.chat_delete(channel=question.channel, ts=answer_ts)


def answer_of(client: Any, services: BotServices, question: Question) -> str:
    """The ts of our answer: from this replica's store, else from the thread's message metadata."""
    local = services.feedback.answer_ts(question.key)
    if local:
        return local
    try:
        return find_answer_ts(
            thread_messages(client, question.channel, question.reply_thread), question.ts
        )
    except Exception:
        logger.warning("could not read the thread of %s", question.key, exc_info=True)
        return ""


def apologise(client: Any, question: Question) -> None:
    try:
        post(client, question.channel, question.reply_thread, plain_message(APOLOGY))
    except Exception:
        logger.exception("could not post the apology for %s", question.key)


def tell_rate_limited(client: Any, services: BotServices, question: Question) -> None:
    message = plain_message(RATE_LIMITED.format(limit=services.limiter.per_minute))
    try:
        client.chat_postEphemeral(
            channel=question.channel,
            user=question.user,
            thread_ts=question.reply_thread or None,
            **message.as_kwargs(),
        )
    except Exception:
        logger.exception("could not tell %s about the rate limit", question.key)
