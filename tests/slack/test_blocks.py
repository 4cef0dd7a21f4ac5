"""Block Kit rendering: escaping, Slack's limits, fallback text, buttons."""

from __future__ import annotations

import json

from bot.answer.models import Answer, Citation, Outcome
from bot.render.blocks import (
    MAX_BLOCKS,
    MAX_SECTION_CHARS,
    AnswerContext,
    answer_message,
    escape,
    home_view,
    link,
    recruiter_message,
    roles_message,
    safe_url,
    section,
)
from bot.slack.roles import Role

CTX = AnswerContext(key="C1:1.0", question="what <!here> pays?")


def citation(quote: str, title: str = "Dev", visibility: str = "published") -> Citation:
    return Citation(
        source="content/careers/dev.md",
        title=title,
        url="https://x.test/jobs/dev/#pay",
        section="Pay",
        quote=quote,
        quote_url="https://x.test/jobs/dev/#:~:text=pay",
        score=1.0,
        visibility=visibility,
    )


def all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks)


def test_escape_makes_mentions_and_links_inert() -> None:
    assert escape("<!channel> & <@U123>") == "&lt;!channel&gt; &amp; &lt;@U123&gt;"


def test_posting_text_cannot_ping_anyone() -> None:
    answer = Answer(
        text="x <!channel>",
        abstained=False,
        lead="Lead <@U999>",
        citations=[citation("Pay is <!everyone> & <@U123> <https://evil.test|click>")],
    )
    message = answer_message(answer, CTX)
    rendered = all_text(message.blocks) + message.text
    for unsafe in ("<!channel>", "<!everyone>", "<@U123>", "<@U999>", "<https://evil.test"):
        assert unsafe not in rendered
    assert "&lt;!everyone&gt; &amp; &lt;@U123&gt;" in rendered


def test_links_only_from_http_urls_with_separators_encoded() -> None:
    assert safe_url("javascript:alert(1)") == ""
    assert link("javascript:alert(1)", "x") == "x"
    assert link("https://x.test/a|b>c", "T|t") == "<https://x.test/a%7Cb%3Ec|T¦t>"


def test_long_section_is_cut_with_ellipsis_and_a_link() -> None:
    block = section("word " * 1000, more_url="https://x.test/jobs/dev/")
    text = block["text"]["text"]
    assert len(text) <= MAX_SECTION_CHARS
    assert "…" in text and text.endswith("<https://x.test/jobs/dev/|read more>")


def test_cut_never_splits_an_escape() -> None:
    text = section("&amp;" * 700)["text"]["text"]
    assert len(text) <= MAX_SECTION_CHARS
    assert text.removesuffix("…").endswith("&amp;")


def test_many_citations_stay_within_fifty_blocks_and_keep_the_buttons() -> None:
    answer = Answer(
        text="t",
        abstained=False,
        citations=[citation(f"q{n}") for n in range(80)],
        apply_url="https://x.test/apply",
    )
    blocks = answer_message(answer, CTX).blocks
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-1]["type"] == "actions"
    ids = [e["action_id"] for e in blocks[-1]["elements"]]
    assert ids == ["open_link", "feedback_up", "feedback_down", "ask_recruiter"]


def test_answer_has_lead_quote_link_apply_and_drafts_marked() -> None:
    answer = Answer(
        text="plain",
        abstained=False,
        lead="The lead.",
        citations=[citation("Salary is 5", visibility="draft")],
        apply_url="https://x.test/apply",
    )
    message = answer_message(answer, CTX)
    assert message.text == "plain"
    assert message.blocks[0]["text"]["text"] == "The lead."
    quote = message.blocks[1]["text"]["text"]
    assert "> Salary is 5" in quote and "<https://x.test/jobs/dev/#:~:text=pay|Dev — Pay>" in quote
    assert "_(draft)_" in quote
    apply = message.blocks[-1]["elements"][0]
    assert apply["url"] == "https://x.test/apply"


def test_abstention_names_the_contact_and_has_no_apply() -> None:
    answer = Answer(
        text="I don't know.", abstained=True, outcome=Outcome.ABSTAINED, contact="jobs@x.test"
    )
    blocks = answer_message(answer, CTX).blocks
    assert "jobs@x.test" in all_text(blocks)
    assert "open_link" not in all_text(blocks)


def test_button_values_fit_slacks_limit() -> None:
    ctx = AnswerContext(key="C1:1.0", question="long " * 2000)
    answer = Answer(text="t", abstained=False)
    for element in answer_message(answer, ctx).blocks[-1]["elements"]:
        assert len(element.get("value", "")) <= 2000
        json.loads(element.get("value", "{}"))


ROLES = [
    Role(
        uid="s:a",
        title="Dev <!here>",
        url="https://x.test/a/",
        location="Oslo",
        team="Core",
        published="2026-01-02",
        apply_url="https://x.test/apply/a",
    ),
    Role(uid="s:b", title="Ops", url="https://x.test/b/"),
]


def test_home_view_lists_roles_with_details_and_apply_buttons() -> None:
    view = home_view(ROLES, "/jobs")
    text = all_text(view["blocks"])
    assert view["type"] == "home"
    assert "Dev &lt;!here&gt;" in text and "Oslo" in text and "Core" in text
    assert "2026-01-02" in text and "/jobs" in text
    accessories = [b["accessory"] for b in view["blocks"] if "accessory" in b]
    assert accessories[0]["url"] == "https://x.test/apply/a"
    assert accessories[1]["url"] == "https://x.test/b/"


def test_roles_message_and_recruiter_message_are_escaped() -> None:
    assert "<!here>" not in all_text(roles_message(ROLES).blocks)
    message = recruiter_message("pay <!channel>?", "U42", "https://fake.test/archives/C1/p1")
    text = message.blocks[0]["text"]["text"]
    assert text.startswith("<@U42> asked") and "&lt;!channel&gt;" in text
    assert "<https://fake.test/archives/C1/p1|Open the thread>" in text


def test_buttons_and_notes_speak_the_answers_language() -> None:
    ctx = AnswerContext(key="C1:2.0", question="lön?", share=True)
    swedish = Answer(
        text="Annonsen anger ingen lön.",
        abstained=False,
        outcome=Outcome.NOT_STATED,
        language="sv",
        contact="jobb@x.test",
        apply_url="https://x.test/apply",
    )
    rendered = json.dumps(answer_message(swedish, ctx).blocks, ensure_ascii=False)
    for words in ("Ansök", "Dela i kanalen", "Fråga en rekryterare", "Du kan fråga jobb@x.test."):
        assert words in rendered
    assert "Apply" not in rendered and "Ask a recruiter" not in rendered

    finnish = Answer(text="x", abstained=False, language="fi", apply_url="https://x.test/apply")
    assert "Apply" in all_text(answer_message(finnish, ctx).blocks)
