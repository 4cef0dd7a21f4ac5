"""The answer engine's behaviours, on the bundled sample site and on the real corpus."""

from __future__ import annotations

import re

import pytest

from bot.answer.engine import Answerer
from bot.answer.models import Outcome

SITE = "main"  # the repo folder: the bundled sample site


def clean_text_of(index, uid: str) -> str:
    return "\n".join(chunk.text for chunk in index.chunks_of(uid))


@pytest.fixture(scope="module")
def sample(content_index):
    return Answerer(content_index)


def uid_of(index, path_end: str) -> str:
    return next(uid for uid in index.postings if uid.endswith(path_end))


def test_salary_is_quoted_verbatim_with_a_deep_link(sample, content_index):
    answer = sample.ask("what's the salary for the senior backend engineer?")
    assert answer.outcome == Outcome.ANSWERED
    first = answer.citations[0]
    assert first.source == "content/careers/senior-backend-engineer-go.md"
    assert "SEK 60,000–70,000" in first.quote
    uid = uid_of(content_index, "senior-backend-engineer-go.md")
    assert first.quote in clean_text_of(content_index, uid)
    assert first.url.startswith("https://careers.example.com/jobs/")
    assert "#" in first.url and ":~:text=" in first.quote_url
    assert "Senior Backend Engineer (Go)" in answer.lead


def test_not_stated_never_borrows_another_postings_figure(sample):
    answer = sample.ask("what does the data engineer role pay?")
    assert answer.outcome == Outcome.NOT_STATED
    assert answer.citations, "the answer links to the posting it looked in"
    assert {c.source for c in answer.citations} == {"content/careers/data-engineer.md"}
    assert not re.search(r"SEK \d", answer.text + " ".join(c.quote for c in answer.citations))
    assert "doesn't state" in answer.text


def test_out_of_scope_abstains_and_points_to_a_human(sample):
    answer = sample.ask("who won the football match yesterday?")
    assert answer.abstained and not answer.citations
    assert answer.contact and answer.contact in answer.text


def test_follow_up_resolves_the_posting_from_the_thread(sample):
    answer = sample.ask("and the salary?", ["tell me about the frontend engineer role"])
    assert answer.citations[0].source == "content/careers/frontend-engineer.md"
    assert "SEK 50,000" in answer.citations[0].quote


def test_listing_lists_matching_postings_with_links(sample):
    answer = sample.ask("any Go jobs?")
    assert answer.outcome == Outcome.LISTING
    sources = [c.source for c in answer.citations]
    assert sources[0] == "content/careers/senior-backend-engineer-go.md"
    assert all(re.search(r"\bGo\b|Golang", c.quote) for c in answer.citations)
    assert "https://careers.example.com/jobs/" in answer.text


def test_swedish_question_gets_a_swedish_answer(sample):
    answer = sample.ask("vad är lönen för systemutvecklare inom integrationer?")
    assert answer.language == "sv"
    assert answer.citations[0].source == "content/careers/systemutvecklare-integrationer.sv.md"
    assert answer.citations[0].url.startswith("https://careers.example.com/sv/jobb/")
    assert "Annonsen" in answer.text


def test_drafts_only_for_the_recruiter_view(sample):
    question = "what's the salary for the engineering manager platform role?"
    public = sample.ask(question)
    assert all(
        c.source != "content/careers/engineering-manager-platform.md" for c in public.citations
    )
    recruiter = sample.ask(question, include_drafts=True)
    assert recruiter.citations[0].source == "content/careers/engineering-manager-platform.md"
    assert recruiter.citations[0].visibility == "draft"
    assert "(draft)" in recruiter.text


def test_expired_posting_is_hidden_by_default(sample):
    answer = sample.ask("what does the summer internship 2026 pay?")
    assert all("summer-internship" not in c.source for c in answer.citations)
    recruiter = sample.ask("what does the summer internship 2026 pay?", include_drafts=True)
    assert recruiter.citations[0].source == "content/careers/summer-internship-2026.md"
    assert "(expired)" in recruiter.text


def test_company_wide_question_is_answered_from_the_section_page(sample):
    answer = sample.ask("how does the recruitment process work?")
    assert answer.citations and answer.citations[0].source == "content/careers/_index.md"


def test_a_chosen_posting_overrides_resolution(sample, content_index):
    uid = uid_of(content_index, "customer-support-specialist.md")
    answer = sample.ask("what's the salary?", posting_uid=uid)
    assert answer.citations[0].source == "content/careers/customer-support-specialist.md"


# The real corpus: each behaviour on postings written by a real company.


@pytest.fixture(scope="module")
def real(corpus_index):
    return Answerer(corpus_index)


def ask_real(real, question, history=(), site="safespring-web"):
    return real.ask(question, list(history), include_drafts=True, sites=[site])


def test_real_near_duplicates_are_told_apart_by_date(real, corpus_index):
    answer = ask_real(real, "salary for the cloud engineer role posted feb 2026?")
    assert answer.citations[0].source == "content/career/2026-cloud-engineer.md"
    uid = uid_of(corpus_index, "safespring-web:content/career/2026-cloud-engineer.md")
    assert answer.citations[0].quote in clean_text_of(corpus_index, uid)


def test_real_not_stated_cites_only_the_asked_posting(real):
    answer = ask_real(real, "network engineer start date?")
    assert answer.outcome == Outcome.NOT_STATED
    assert {c.source for c in answer.citations} == {"content/career/2025-network-engineer.md"}


def test_real_follow_up_uses_the_latest_named_posting(real):
    history = ["my friend is a network engineer, anything for her?", "the cloud network one"]
    answer = ask_real(real, "who'd be her manager", history)
    assert answer.citations[0].source == "content/career/2025-network-engineer.md"


def test_real_norwegian_question_quotes_the_norwegian_version(real):
    answer = ask_real(real, "hva er lønna for skyingeniør-stillingen?", site="safespring-beta")
    assert answer.language == "nb"
    assert answer.citations[0].source == "content/nb/career/2026-cloud-engineer.md"


def test_real_published_only_hides_drafts(real, corpus_index):
    answer = real.ask("what is open right now?", sites=["safespring-web"])
    published = {
        meta.id
        for meta in corpus_index.postings.values()
        if meta.site == "safespring-web" and str(meta.visibility) == "published"
    }
    assert answer.outcome == Outcome.LISTING
    assert {c.source for c in answer.candidates} <= published


def test_real_out_of_scope_abstains(real):
    answer = ask_real(real, "can you recommend a good pizza place?")
    assert answer.abstained and not answer.citations


def test_real_listing_quotes_each_listed_translation_itself(real, corpus_index):
    answer = real.ask(
        "any jobs for developers?", [], include_drafts=True, sites=["safespring-beta"]
    )
    assert answer.outcome == Outcome.LISTING and answer.citations
    for citation in answer.citations:
        uid = f"{citation.site}:{citation.source}"
        assert citation.quote in clean_text_of(corpus_index, uid)
