"""Sentence splitting for en/sv/nb/da: exact substrings, abbreviations kept whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.hugo.site import read_hugo_site
from index.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We use e.g. Ceph. You run it!", ["We use e.g. Ceph.", "You run it!"]),
        ("Approx. 5 people. Join us?", ["Approx. 5 people.", "Join us?"]),
        ("Vi har t.ex. KubeCon. Välkommen!", ["Vi har t.ex. KubeCon.", "Välkommen!"]),
        ("Lön ca. 50 000 kr. Bra.", ["Lön ca. 50 000 kr.", "Bra."]),
        ("Vi bruker f.eks. Go. Søk nå.", ["Vi bruker f.eks. Go.", "Søk nå."]),
        ("Ring bl.a. Åse. Ønsker du mer?", ["Ring bl.a. Åse.", "Ønsker du mer?"]),
        ("Version 2.5 is out. Great.", ["Version 2.5 is out.", "Great."]),
        ("One item\nAnother item", ["One item", "Another item"]),
        ("Ask J. Smith today.", ["Ask J. Smith today."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert list(split_sentences(text)) == expected


def test_corpus_sentences_are_exact_ordered_substrings(beta_site: Path) -> None:
    for posting in read_hugo_site(beta_site).postings:
        for section in posting.sections:
            position = 0
            for sentence in section.sentences:
                found = section.text.find(sentence, position)
                assert found >= 0 and sentence == sentence.strip()
                position = found + len(sentence)
