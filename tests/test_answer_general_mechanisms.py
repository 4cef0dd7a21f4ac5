"""Mechanisms meant to hold on any company's postings: one tuning object, evidence by meaning,
follow-ups that keep the question, the company's own name, dates quoted as written."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from index_support import ListSource, make_posting

from bot.answer.engine import Answerer
from bot.answer.intents import continues_thread
from bot.answer.models import Outcome
from bot.answer.names import PostingNames, company_words
from bot.answer.ranking import PostingMatch
from bot.answer.resolve import is_confident, rank_postings
from bot.answer.tuning import Tuning
from index.errors import ConfigError
from index.text.facts import facts_lines
from index.text.markdown import parse_markdown


def _postings():
    return [
        make_posting(
            "backend-developer",
            "Backend Developer at Fjordsoft",
            {
                "The team": "You will work with six other developers on payments. "
                "Day to day you are coached by Ingrid, who runs the group",
                "Deadline": "Send us your application before 3 March 2027",
                "Pay": "The salary is 700,000 NOK per year",
            },
            site="fjordsoft",
        ),
        make_posting(
            "frontend-developer",
            "Frontend Developer at Fjordsoft",
            {
                "The work": "You build our web shop in React",
                "Deadline": "Send us your application before 17 April 2027",
            },
            site="fjordsoft",
        ),
        make_posting(
            "designer",
            "Product Designer",
            {"The work": "You design the Fjordsoft mobile bank with our users"},
            site="fjordsoft",
        ),
    ]


@pytest.fixture(scope="module")
def index(tmp_path_factory, embedder):
    from index.build import build_index
    from index.search import load_index

    folder = tmp_path_factory.mktemp("general-mechanisms")
    postings = _postings()
    for posting in postings:
        posting.url = posting.url.replace("fjordsoft.example", "www.fjordsoft.no")
    build_index([ListSource("fjordsoft", postings)], folder, embedder)
    return load_index(folder, embedder)


def test_every_tuning_value_has_a_grid_holding_its_default():
    for knob in fields(Tuning):
        grid = knob.metadata["grid"]
        assert grid[0] == knob.default and len(set(grid)) == len(grid) >= 2, knob.name


def test_a_tuning_file_with_an_unknown_or_non_numeric_value_is_refused(tmp_path: Path):
    good = tmp_path / "good.toml"
    good.write_text("confident = 0.5\nmost_quotes = 1\n")
    assert Tuning.load(good).changes() == {"confident": 0.5, "most_quotes": 1}
    for text, word in (("confidence = 0.5\n", "confidence"), ('typo = "x"\n', "typo")):
        bad = tmp_path / "bad.toml"
        bad.write_text(text)
        with pytest.raises(ConfigError, match=word):
            Tuning.load(bad)


def test_a_follow_up_naming_another_posting_asks_what_the_thread_asked(index):
    answerer = Answerer(index)
    first = "when is the deadline for the backend developer job?"
    answer = answerer.ask("and the frontend one?", [first])
    assert answer.citations[0].source == "content/career/frontend-developer.md"
    assert "17 April 2027" in answer.citations[0].quote


def test_only_a_short_or_opening_follow_up_continues_the_thread():
    assert continues_thread("og frontend?", 3)
    assert continues_thread("what about the designer role?", 3)
    assert not continues_thread("tell me about the data engineering team in Bergen", 3)


def test_evidence_by_meaning_finds_the_sentence_that_answers_in_other_words(index):
    question = "who's in charge of the backend team?"
    by_words = Answerer(index, tuning=Tuning(meaning_weight=0.0)).ask(question)
    assert "coached by Ingrid" not in by_words.citations[0].quote
    by_meaning = Answerer(index).ask(question)
    assert by_meaning.outcome == Outcome.ANSWERED
    assert "coached by Ingrid" in by_meaning.citations[0].quote


def test_the_company_name_from_the_sites_domain_names_no_posting(index):
    assert company_words(index.postings.values()) == {"fjordsoft"}
    answer = Answerer(index).ask("what's the salary at fjordsoft for the designer?")
    assert answer.citations[0].source == "content/career/designer.md"
    assert answer.outcome == Outcome.NOT_STATED


def test_a_field_date_is_quoted_as_the_posting_writes_it():
    fields_ = {"closes": "2020-01-20", "location": "Oslo"}
    assert facts_lines(fields_, "nb", {"closes": "20.01.2020"})[0] == "Søknadsfrist: 20.01.2020"
    assert facts_lines(fields_, "nb")[0] == "Søknadsfrist: 2020-01-20"


def test_an_ordinal_date_opening_a_line_inside_html_keeps_its_day():
    parsed = parse_markdown("## Søknadsfrist\n\n<p>\n28. februar 2023\n</p>\n")
    assert "28. februar 2023" in parsed.sections[-1].text


def _editions():
    def edition(slug: str, title: str, pay: str, dates: str):
        body = {"Pay": f"The salary is {pay} per year", "Dates": dates}
        return make_posting(slug, title, body, site="fjordsoft")

    return [
        edition(
            "graduate-developer-2024",
            "Graduate Developer 2024",
            "560,000 NOK",
            "Start in August 2024",
        ),
        edition(
            "graduate-developer-2025",
            "Graduate Developer 2025",
            "590,000 NOK",
            "Start in August 2025",
        ),
        edition(
            "summer-designer-2024",
            "Summer Job Designer 2024",
            "40,000 NOK",
            "You work from 10 June to 5 July",
        ),
        edition(
            "summer-developer-2024",
            "Summer Job Developer 2024",
            "40,000 NOK",
            "You work from 17 June to 12 July",
        ),
        make_posting(
            "senior-designer",
            "Senior Designer",
            {"The work": "You lead design work for our students' banking app"},
            site="fjordsoft",
        ),
    ]


@pytest.fixture(scope="module")
def editions_index(tmp_path_factory, embedder):
    from index.build import build_index
    from index.search import load_index

    folder = tmp_path_factory.mktemp("editions")
    build_index([ListSource("fjordsoft", _editions())], folder, embedder)
    return load_index(folder, embedder)


def test_the_year_a_title_holds_picks_the_edition(editions_index):
    answer = Answerer(editions_index).ask("salary for the 2025 graduate developer intake?")
    assert answer.citations[0].source == "content/career/graduate-developer-2025.md"
    assert "590,000 NOK" in answer.citations[0].quote
    names = PostingNames(editions_index.postings)
    every = list(editions_index.postings)
    question = "salary for the 2025 graduate developer intake?"
    by_name = rank_postings(names, question, every, {})
    assert by_name[0].uid.endswith("graduate-developer-2025.md")
    assert by_name[0].score > by_name[1].score
    no_editions = Tuning(edition_match=0.0, other_edition=0.0)
    without = rank_postings(names, question, every, {}, tuning=no_editions)
    assert without[0].score == without[1].score  # the title's year alone told them apart


def test_a_posting_named_in_part_but_far_ahead_of_the_rest_is_meant():
    def match(uid: str, score: float, naming: float) -> PostingMatch:
        return PostingMatch(uid, score, naming, content=0.5, dated=False)

    ahead = [match("summer-designer-2024", 1.07, 0.44), match("summer-developer-2024", 0.83, 0.44)]
    assert is_confident(ahead)
    assert not is_confident(ahead, Tuning(clear_lead=9.0))
    close = [match("summer-designer-2024", 0.9, 0.44), match("senior-designer", 0.85, 0.44)]
    assert not is_confident(close)
    unnamed = [match("summer-designer-2024", 1.07, 0.0), match("senior-designer", 0.5, 0.0)]
    assert not is_confident(unnamed)
