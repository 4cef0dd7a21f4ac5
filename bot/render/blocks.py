"""Slack Block Kit messages, built by pure functions from an `Answer` or a list of roles.

Every piece of text from a posting or a user is escaped (`&`, `<`, `>`), so nothing can turn into a
mention or a link; links are built only from URLs the index produced. Slack's limits are respected:
at most 50 blocks in a message, section text at most 3000 characters, a plain `text` fallback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from bot.answer.models import Answer, Candidate, Citation, Outcome
from bot.answer.phrases import phrase
from bot.slack.roles import Role

MAX_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_CHARS = 3000
MAX_BUTTON_VALUE = 2000
ELLIPSIS = "…"
UNANSWERED = {Outcome.ABSTAINED, Outcome.NOT_STATED, Outcome.ERROR}

ACTION_FEEDBACK_UP = "feedback_up"
ACTION_FEEDBACK_DOWN = "feedback_down"
ACTION_SHARE = "share_answer"
ACTION_RECRUITER = "ask_recruiter"
ACTION_PICK = "pick_posting"  # suffixed with the candidate's number: action ids are unique
ACTION_OPEN_LINK = "open_link"  # link buttons (apply, view): Slack still sends an action


@dataclass(frozen=True)
class SlackMessage:
    text: str
    blocks: list[dict] = field(default_factory=list)

    def as_kwargs(self) -> dict:
        return {"text": self.text, "blocks": self.blocks}


@dataclass(frozen=True)
class AnswerContext:
    """What the buttons under an answer need to act later, on any replica."""

    key: str  # the question's record key ("channel:ts"), for feedback
    question: str
    feedback: bool = True
    share: bool = False  # ephemeral answers (slash command) offer "Share in channel"
    recruiter: bool = True


def escape(text: str) -> str:
    """Slack's three control characters; after this no text can ping or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_url(url: str) -> str:
    """An http(s)/mailto URL with the characters that would break `<url|label>` encoded."""
    url = url.strip()
    if not re.match(r"^(https?://|mailto:)", url, re.IGNORECASE):
        return ""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def link(url: str, label: str) -> str:
    target = safe_url(url)
    shown = escape(label.replace("|", "¦")) or escape(target)
    return f"<{target}|{shown}>" if target else shown


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def section(text: str, more_url: str = "") -> dict:
    """A mrkdwn section; over-long text is cut with "…" and a link to read the rest."""
    if len(text) > MAX_SECTION_CHARS:
        more = f" {link(more_url, 'read more')}" if safe_url(more_url) else ""
        head = _cut_before_entity(text, MAX_SECTION_CHARS - len(more) - len(ELLIPSIS))
        text = head.rstrip() + ELLIPSIS + more
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _cut_before_entity(text: str, limit: int) -> str:
    """Cut without splitting an escape (`&amp;`) or a `<url|label>` link in two."""
    head = text[:limit]
    for opener, closer in (("&", ";"), ("<", ">")):
        start = head.rfind(opener)
        if start != -1 and closer not in head[start:]:
            head = head[:start]
    return head


def button(text: str, action_id: str, value: str = "", url: str = "", style: str = "") -> dict:
    element: dict = {
        "type": "button",
        "text": {"type": "plain_text", "text": cut(text, 75), "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value[:MAX_BUTTON_VALUE]
    if url:
        element["url"] = safe_url(url)
    if style:
        element["style"] = style
    return element


def button_value(**data: str) -> str:
    """JSON a button carries back to us; the question is shortened to fit Slack's limit."""
    question = data.pop("q", None)
    while True:
        shown = data if question is None else {**data, "q": question}
        value = json.dumps(shown, ensure_ascii=False)
        if len(value) <= MAX_BUTTON_VALUE or not question:
            return value
        question = question[: len(question) // 2]


def visibility_mark(visibility: str) -> str:
    return "" if visibility in ("", "published") else f" _({escape(visibility)})_"


def citation_block(citation: Citation) -> dict:
    target = citation.quote_url or citation.url
    title = citation.title + (f" — {citation.section}" if citation.section else "")
    quote_lines = "\n".join(f"> {escape(line)}" for line in citation.quote.splitlines() if line)
    heading = f"*{link(target, title)}*{visibility_mark(citation.visibility)}"
    return section(f"{heading}\n{quote_lines}", more_url=target)


def candidate_blocks(candidates: list[Candidate], ctx: AnswerContext) -> list[dict]:
    lines = [f"• {link(c.url, c.title)}{visibility_mark(c.visibility)}" for c in candidates]
    blocks = [section("\n".join(lines))]
    buttons = [
        button(c.title, f"{ACTION_PICK}_{n}", button_value(k=ctx.key, q=ctx.question, p=c.uid))
        for n, c in enumerate(candidates[:25])
    ]
    return [*blocks, {"type": "actions", "elements": buttons}] if buttons else blocks


def answer_actions(answer: Answer, ctx: AnswerContext) -> list[dict]:
    elements, language = [], answer.language
    if safe_url(answer.apply_url):
        apply = phrase("apply_button", language)
        elements.append(button(apply, ACTION_OPEN_LINK, url=answer.apply_url, style="primary"))
    if ctx.share:
        value = button_value(q=ctx.question, p=answer.posting_uid)
        elements.append(button(phrase("share_button", language), ACTION_SHARE, value))
    if ctx.feedback:
        elements.append(button("👍", ACTION_FEEDBACK_UP, button_value(k=ctx.key, v="up")))
        elements.append(button("👎", ACTION_FEEDBACK_DOWN, button_value(k=ctx.key, v="down")))
    if ctx.recruiter:
        value = button_value(k=ctx.key, q=ctx.question, c=answer.contact)
        elements.append(button(phrase("recruiter_button", language), ACTION_RECRUITER, value))
    return [{"type": "actions", "elements": elements}] if elements else []


def answer_message(answer: Answer, ctx: AnswerContext) -> SlackMessage:
    lead = answer.lead or answer.text.split("\n", 1)[0]
    body: list[dict] = [section(escape(lead))]
    body += [citation_block(c) for c in answer.citations]
    if answer.candidates:
        body += candidate_blocks(answer.candidates, ctx)
    if not answer.citations and not answer.candidates and answer.text.strip() != lead.strip():
        body.append(section(escape(answer.text)))
    if answer.contact and answer.outcome in UNANSWERED:
        body.append(context(phrase("ask_contact", answer.language, contact=escape(answer.contact))))
    tail = answer_actions(answer, ctx)
    return SlackMessage(text=fallback_text(answer.text or lead), blocks=limit_blocks(body, tail))


def limit_blocks(body: list[dict], tail: list[dict], limit: int = MAX_BLOCKS) -> list[dict]:
    room = limit - len(tail)
    if len(body) > room:
        body = [*body[: room - 1], context(f"{ELLIPSIS} and {len(body) - room + 1} more")]
    return body + tail


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(text, 2000)}]}


def fallback_text(text: str) -> str:
    return cut(escape(text), MAX_SECTION_CHARS)


def role_line(role: Role) -> str:
    details = [escape(part) for part in (role.location, role.team) if part]
    if role.published:
        details.append(f"published {escape(role.published)}")
    line = f"*{link(role.url, role.title)}*{visibility_mark(role.visibility)}"
    return line + (f"\n{' · '.join(details)}" if details else "")


def role_block(role: Role) -> dict:
    block = section(role_line(role), more_url=role.url)
    if safe_url(role.apply_url):
        block["accessory"] = button("Apply", ACTION_OPEN_LINK, url=role.apply_url, style="primary")
    elif safe_url(role.url):
        block["accessory"] = button("View", ACTION_OPEN_LINK, url=role.url)
    return block


def roles_message(roles: list[Role]) -> SlackMessage:
    if not roles:
        return SlackMessage(text="There are no open roles right now.")
    blocks = [section(f"*Open roles ({len(roles)})*"), *[role_block(r) for r in roles]]
    text = "Open roles: " + "; ".join(escape(r.title) for r in roles)
    return SlackMessage(text=cut(text, MAX_SECTION_CHARS), blocks=limit_blocks(blocks, []))


def home_view(roles: list[Role], slash_command: str) -> dict:
    how_to_ask = (
        f"Ask me about a role: mention me in a channel, send me a direct message, "
        f"or use `{escape(slash_command)} your question`. I answer by quoting the postings, "
        "with links to the part I quote."
    )
    header = {"type": "header", "text": {"type": "plain_text", "text": "Open roles"}}
    blocks = [header, section(how_to_ask), {"type": "divider"}]
    blocks += [role_block(r) for r in roles] or [section("There are no open roles right now.")]
    return {"type": "home", "blocks": limit_blocks(blocks, [], MAX_VIEW_BLOCKS)}


def recruiter_message(question: str, user_id: str, permalink: str) -> SlackMessage:
    user = re.sub(r"[^A-Z0-9]", "", user_id.upper())
    asker = f"<@{user}>" if user else "Someone"
    quoted = "\n".join(f"> {escape(line)}" for line in question.splitlines() if line)
    thread = f"\n{link(permalink, 'Open the thread')}" if safe_url(permalink) else ""
    text = f"{asker} asked a question I could use help with:\n{quoted}{thread}"
    return SlackMessage(
        text=fallback_text(f"A question for a recruiter: {question}"), blocks=[section(text)]
    )


def plain_message(text: str) -> SlackMessage:
    return SlackMessage(text=fallback_text(text), blocks=[section(escape(text))])


def with_preface(message: SlackMessage, preface_mrkdwn: str) -> SlackMessage:
    """A context line above a message (who shared it, which question), within the block limit."""
    blocks = [context(preface_mrkdwn), *message.blocks]
    actions = [b for b in blocks[-1:] if b.get("type") == "actions"]
    body = blocks[: len(blocks) - len(actions)]
    return SlackMessage(text=message.text, blocks=limit_blocks(body, actions))


def asked_by(user_id: str, question: str) -> str:
    user = re.sub(r"[^A-Z0-9]", "", user_id.upper())
    return f"<@{user}> asked: {escape(cut(question, 1500))}" if user else escape(question)
