"""The person an answer points to follows the postings across a rebuild and hot swap."""

from __future__ import annotations

from index_support import ListSource, make_posting

from bot.answer.engine import Answerer
from index.build import build_index
from index.search import load_index


def _postings(backend_contact: str) -> list:
    return [
        make_posting(
            "backend-engineer",
            "Backend Engineer",
            {"About the role": f"You build APIs in Go. Questions? Write to {backend_contact}."},
        ),
        make_posting(
            "product-designer",
            "Product Designer",
            {"About the role": "You design the portal. Questions? Write to design@acme.test."},
        ),
    ]


def test_a_postings_contact_follows_an_edit_and_the_others_stay(tmp_path, embedder):
    source = ListSource("acme", _postings("ada@acme.test"))
    index_dir = tmp_path / "index"
    build_index([source], index_dir, embedder)
    before = load_index(index_dir, embedder)
    question = "what is the salary for the backend engineer?"
    assert Answerer(before).ask(question).contact == "ada@acme.test"

    source.postings = _postings("grace@acme.test")
    build_index([source], index_dir, embedder)
    after = load_index(index_dir, embedder, reuse=before)
    answerer = Answerer(after)
    assert answerer.ask(question).contact == "grace@acme.test"
    designer = answerer.ask("what is the salary for the product designer?")
    assert designer.contact == "design@acme.test"
