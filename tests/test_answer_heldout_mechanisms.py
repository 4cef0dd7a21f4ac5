"""Mechanisms behind the held-out failures: quotes ranked by the question's own words, precise
cues, naming by compounds and initials, and no answer from a posting the question didn't name."""

from __future__ import annotations

import pytest
from index_support import ListSource, make_posting

from bot.answer.engine import Answerer
from bot.answer.intents import detect_intents, sentence_states
from bot.answer.lexicon import INTENTS
from bot.answer.matching import spells_initials, tokens, words_match
from bot.answer.models import Outcome
from bot.answer.resolve import PostingMatch, is_confident
from bot.answer.terms import question_terms
from index.models import Visibility

INTENT = {intent.name: intent for intent in INTENTS}


def test_a_currency_code_is_a_whole_word_or_stands_by_a_figure():
    salary = INTENT["salary"]
    assert not sentence_states(salary, "Our colleagues work all over Europe.")
    assert not sentence_states(salary, "We build a European cloud.")
    assert sentence_states(salary, "The range is 65,000 - 85,000 EUR / Yearly.")
    assert sentence_states(salary, "We pay between SEK 50,000 and 62,000.")


def test_a_date_in_a_deadline_sentence_is_no_start_date():
    start = INTENT["start_date"]
    assert not sentence_states(start, "Apply with your CV no later than 20 August 2027.")
    assert sentence_states(start, "You would start in August 2027.")


def test_a_quantity_of_a_noun_is_not_a_salary_question():
    assert "salary" not in [i.name for i in detect_intents("how much travel is involved?")]
    assert detect_intents("how much does it pay?")[0].name == "salary"
    assert detect_intents("how many vacation days are there?")[0].name == "benefits"


def test_a_long_phrase_outweighs_a_short_word_of_another_intent():
    assert detect_intents("what happens after I send my CV?")[0].name == "process"


def test_a_cue_of_function_words_yields_to_a_content_word():
    assert detect_intents("can i do the backend job remotely?")[0].name == "remote"
    assert detect_intents("how many people are on the team?")[0].name == "team"


def test_words_that_only_phrase_the_question_are_no_evidence():
    question = "I'm in the UK, can I apply for the architect role?"
    intent = detect_intents(question)[0]
    assert intent.name == "eligibility"
    terms = question_terms(question, intent, frozenset({"architect"}))
    assert "apply" not in terms.facts
    assert "uk" in terms.topic and "uk" in terms.exact


def test_compounds_accents_inflections_and_initials_name_postings():
    assert {"integrations", "teamet"} <= set(tokens("integrationsteamet"))
    assert words_match("integrations", "integrationer") >= 0.6
    assert words_match("sälj", "saljingenjor") >= 0.6
    assert words_match("öppen", "öppna") >= 0.6
    assert words_match("data", "date") == 0.0, "a shared three-letter stem is no match"
    assert spells_initials("sa", "Solution Architect")
    assert not spells_initials("sa", "Senior Account Manager")


def test_a_posting_named_by_a_phrase_needs_less_naming_share():
    def match(phrased: bool) -> PostingMatch:
        return PostingMatch("acme:x", 1.0, 0.39, 0.8, False, phrased=phrased)

    assert is_confident([match(phrased=True)])
    assert not is_confident([match(phrased=False)])


def _postings():
    return [
        make_posting(
            "platform-engineer",
            "Platform Engineer",
            {
                "What you bring": "You can build production software in Go. "
                "You have run Kubernetes clusters in production",
                "Our process": "Finalists will need to go through a background check",
                "About us": "We are a team spread across Europe. We meet in Riga twice a year",
            },
            fields={"location": "Remote"},
        ),
        make_posting(
            "engineering-manager-platform",
            "Engineering Manager, Platform",
            {"Pay": "The salary is 90,000 EUR per year"},
            visibility=Visibility.DRAFT,
        ),
        make_posting(
            "reliability-engineer-platform",
            "Site Reliability Engineer, Platform",
            {"The team": "You join a team of four led by Ana"},
            fields={"contact": "ana@acme.example"},
        ),
        make_posting(
            "network-engineer",
            "Network Engineer",
            {"Day to day": "You look after routers and switches from two vendors"},
            fields={"contact": "bo@acme.example"},
        ),
        make_posting(
            "solution-architect",
            "Solution Architect",
            {"Timeline": "Starting date: as soon as possible"},
        ),
        make_posting(
            "full-stack-developer",
            "Full-stack Developer",
            {"The work": "You build our customer portal with TypeScript"},
        ),
        make_posting(
            "systemutvecklare-integrationer",
            "Systemutvecklare, integrationer",
            {"Teamet": "Teamet består av fyra utvecklare och leds av Karin"},
            language="sv",
        ),
    ]


@pytest.fixture(scope="module")
def answerer(tmp_path_factory, embedder):
    from index.build import build_index
    from index.search import load_index

    folder = tmp_path_factory.mktemp("heldout-mechanisms")
    build_index([ListSource("acme", _postings())], folder, embedder)
    return Answerer(load_index(folder, embedder), contact="jobs@acme.example")


def test_a_capitalised_tech_name_is_matched_as_written(answerer):
    answer = answerer.ask("platform engineer - do I need to know Go?")
    assert answer.citations[0].source == "content/career/platform-engineer.md"
    assert "software in Go" in answer.citations[0].quote


def test_a_sentence_with_the_questions_own_word_states_a_strict_fact(answerer):
    answer = answerer.ask("where does the team meet up?", ["tell me about the platform engineer"])
    assert answer.outcome == Outcome.ANSWERED
    assert any("We meet in Riga" in c.quote for c in answer.citations[:3])


def test_europe_is_no_salary(answerer):
    answer = answerer.ask("what's the salary for the platform engineer?")
    assert answer.outcome == Outcome.NOT_STATED
    assert {c.source for c in answer.citations} == {"content/career/platform-engineer.md"}


def test_a_hidden_posting_named_is_not_replaced_by_a_visible_one(answerer):
    question = "what's the salary for the engineering manager platform role?"
    public = answerer.ask(question)
    assert public.abstained and not public.citations
    internal = answerer.ask(question, include_drafts=True)
    assert internal.citations[0].source == "content/career/engineering-manager-platform.md"
    assert "90,000 EUR" in internal.citations[0].quote


def test_a_near_miss_of_a_name_without_a_question_about_it_abstains(answerer):
    answer = answerer.ask("how do i reset my slack password?")
    assert answer.abstained and not answer.citations


def test_two_letter_initials_of_a_whole_title_name_it(answerer):
    answer = answerer.ask("SA start date?")
    assert answer.citations[0].source == "content/career/solution-architect.md"
    assert "as soon as possible" in answer.citations[0].quote


def test_a_scandinavian_compound_names_the_posting(answerer):
    answer = answerer.ask("vem leder integrationsteamet?")
    assert answer.citations[0].source == "content/sv/career/systemutvecklare-integrationer.md"
    assert "Karin" in answer.citations[0].quote


def test_a_name_said_as_a_phrase_is_meant_despite_other_naming_words(answerer):
    answer = answerer.ask("network engineer - which platforms/vendors would I manage?")
    assert answer.citations[0].source == "content/career/network-engineer.md"
    assert "two vendors" in answer.citations[0].quote


def test_the_human_to_ask_is_the_postings_own_not_one_recruiter_for_all(answerer):
    unconfigured = Answerer(answerer.index)
    elsewhere = unconfigured.ask("who won the football match yesterday?")
    assert elsewhere.abstained
    assert elsewhere.contact not in {"ana@acme.example", "bo@acme.example"}
    unstated = unconfigured.ask("what's the salary for the network engineer?")
    assert unstated.outcome == Outcome.NOT_STATED
    assert unstated.contact == "bo@acme.example"
