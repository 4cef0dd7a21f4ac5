"""Postings into chunks: one per section, long sections split at sentence boundaries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from index.chunking import MAX_CHUNK_WORDS, chunk_posting
from index.hugo.site import read_hugo_site
from index.models import Posting, Section, SectionKind, Visibility
from index.text.sentences import split_sentences


def _section(heading: str, anchor: str, text: str, kind=SectionKind.BODY) -> Section:
    return Section(
        heading, (heading,) if heading else (), anchor, text, split_sentences(text), kind
    )


def _posting(sections: list[Section]) -> Posting:
    return Posting(
        id="content/jobs/dev.md",
        site="acme",
        title="Developer",
        url="https://ex.org/jobs/dev/",
        language="en",
        visibility=Visibility.PUBLISHED,
        sections=sections,
    )


def test_one_chunk_per_short_section_never_padded() -> None:
    posting = _posting(
        [
            _section("", "", "Intro text."),
            _section("Perks", "perks", "Free lunch."),
            _section("", "", "Published: 2026-01-01", SectionKind.FACTS),
        ]
    )
    chunks = chunk_posting(posting)
    assert [(c.id, c.text, c.url) for c in chunks] == [
        ("acme:content/jobs/dev.md#0", "Intro text.", "https://ex.org/jobs/dev/"),
        ("acme:content/jobs/dev.md#1", "Free lunch.", "https://ex.org/jobs/dev/#perks"),
        ("acme:content/jobs/dev.md#2", "Published: 2026-01-01", "https://ex.org/jobs/dev/"),
    ]
    assert chunks[2].kind == SectionKind.FACTS
    assert all(c.posting_uid == posting.uid and c.title == "Developer" for c in chunks)


def test_long_section_splits_at_sentence_boundaries_with_the_same_anchor() -> None:
    sentences = [f"Sentence number {n} has a few more words in it." for n in range(60)]
    section = _section("Duties", "duties", " ".join(sentences))
    chunks = chunk_posting(_posting([section]))
    assert len(chunks) > 2
    assert {c.anchor for c in chunks} == {"duties"}
    assert [s for c in chunks for s in c.sentences] == list(section.sentences)
    for chunk in chunks:
        assert len(chunk.text.split()) <= MAX_CHUNK_WORDS
        assert chunk.text in section.text
        assert all(s in chunk.text for s in chunk.sentences)


def test_corpus_chunks_keep_sentences_and_urls(beta_site: Path) -> None:
    for posting in read_hugo_site(beta_site).postings:
        chunks = chunk_posting(posting)
        assert len({c.id for c in chunks}) == len(chunks)
        for chunk in chunks:
            assert chunk.url.startswith(posting.url)
            assert chunk.url == posting.url + (f"#{chunk.anchor}" if chunk.anchor else "")
            assert all(s in chunk.text for s in chunk.sentences)
            long_sentence = max(len(s.split()) for s in chunk.sentences)
            assert len(chunk.text.split()) <= max(MAX_CHUNK_WORDS, long_sentence)


def test_eval_evidence_is_quotable_from_one_or_two_sentences(
    web_site: Path, beta_site: Path
) -> None:
    """Every evidence string of ../shared/eval/qa.jsonl (bar posting titles) sits in at most two
    consecutive sentences of a chunk of one of its postings, so an answer can quote it."""
    qa_file = web_site.parent.parent / "eval" / "qa.jsonl"
    if not qa_file.is_file():
        pytest.skip("../shared/eval/qa.jsonl is not present")
    postings = {
        s.name: {p.id: p for p in read_hugo_site(s).postings} for s in (web_site, beta_site)
    }
    titles = {p.title for site in postings.values() for p in site.values()}
    checked = 0
    for line in qa_file.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        site = postings.get(item.get("corpus"), {})
        chunks = [c for pid in item["postings"] if pid in site for c in chunk_posting(site[pid])]
        windows = {
            _norm(" ".join(c.sentences[i : i + 2])) for c in chunks for i in range(len(c.sentences))
        }
        for evidence in item["evidence"]:
            if evidence in titles:
                continue
            assert any(_norm(evidence) in w for w in windows), (item["id"], evidence)
            checked += 1
    assert checked > 30


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
