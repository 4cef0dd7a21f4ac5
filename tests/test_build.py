"""Incremental builds: what gets embedded, reused, deleted and kept, with the real model."""

from __future__ import annotations

import json

import pytest
from index_support import ListSource, make_posting

from index.build import build_index
from index.chunking import chunk_posting
from index.errors import NothingIndexedError
from index.models import SkipWarning, Visibility
from index.search import load_index


def postings():
    return [
        make_posting(
            "backend-engineer",
            "Backend Engineer",
            {
                "About the role": "You will build the billing service in Python. "
                "The team runs Kubernetes in its own data centres.",
                "Salary": "The salary range is 50 000 to 60 000 SEK per month.",
            },
            fields={"location": "Stockholm"},
        ),
        make_posting(
            "designer",
            "Product Designer",
            {"About the role": "You will design the customer portal. You know Figma well."},
            visibility=Visibility.DRAFT,
        ),
        make_posting(
            "network-engineer",
            "Nätverkstekniker",
            {"Om rollen": "Du arbetar med routrar och nätverk. Vi erbjuder distansarbete."},
            language="sv",
        ),
    ]


def chunk_count(posting) -> int:
    return len(chunk_posting(posting))


def test_first_build_embeds_everything_and_second_reuses_everything(tmp_path, embedder):
    source = ListSource("acme", postings())
    first = build_index([source], tmp_path / "index", embedder)
    total = sum(chunk_count(p) for p in source.postings)
    assert (first.embedded, first.reused, first.chunks) == (total, 0, total)
    assert first.postings_by_visibility == {"published": 2, "draft": 1}
    assert sorted(first.added) == sorted(p.uid for p in source.postings)

    second = build_index([source], tmp_path / "index", embedder)
    assert (second.embedded, second.reused, second.chunks) == (0, total, total)
    assert second.added == second.changed == second.deleted == []


def test_only_the_changed_posting_is_re_embedded_and_deleted_ones_disappear(tmp_path, embedder):
    source = ListSource("acme", postings())
    build_index([source], tmp_path / "index", embedder)
    changed = make_posting(
        "backend-engineer",
        "Backend Engineer",
        {"About the role": "You will build the payments service in Go."},
    )
    source.postings = [changed, source.postings[2]]

    report = build_index([source], tmp_path / "index", embedder)

    assert report.changed == [changed.uid]
    assert report.deleted == ["acme:content/career/designer.md"]
    assert report.embedded == chunk_count(changed)
    assert report.reused == chunk_count(source.postings[1])
    index = load_index(tmp_path / "index", embedder)
    assert set(index.postings) == {p.uid for p in source.postings}
    assert all(c.posting_uid in index.postings for c in index.chunks)
    assert "Go" in " ".join(c.text for c in index.chunks_of(changed.uid))
    hits = index.search("Figma portal design", k=10)
    assert all(hit.chunk.posting_uid != "acme:content/career/designer.md" for hit in hits)


def test_reused_vectors_equal_fresh_ones(tmp_path, embedder):
    source = ListSource("acme", postings())
    build_index([source], tmp_path / "index", embedder)
    source.postings.append(make_posting("extra", "Extra", {"Role": "Something new here."}))
    build_index([source], tmp_path / "index", embedder)
    index = load_index(tmp_path / "index", embedder)
    fresh = embedder.encode([c.embedding_text() for c in index.chunks])
    assert abs(fresh - index.vectors).max() < 1e-4


def test_a_failing_source_keeps_its_last_good_postings(tmp_path, embedder):
    board = ListSource("board", [make_posting("sre", "SRE", {"Role": "Keep it up."}, site="board")])
    site = ListSource("acme", postings())
    build_index([site, board], tmp_path / "index", embedder)
    board.fail = True

    report = build_index([site, board], tmp_path / "index", embedder)

    assert "board" in report.failed_sources and "did not answer" in report.failed_sources["board"]
    assert "board" in report.summary()
    index = load_index(tmp_path / "index", embedder)
    assert "board:content/career/sre.md" in index.postings
    assert index.chunks_of("board:content/career/sre.md")[0].text == "Keep it up."
    assert index.manifest["sources"]["board"]["status"] == "failed"
    assert index.manifest["sources"]["acme"]["status"] == "ok"


def test_nothing_to_index_is_a_clear_error_and_keeps_the_old_index(tmp_path, embedder):
    source = ListSource("acme", postings())
    build_index([source], tmp_path / "index", embedder)
    source.postings = []
    source.warnings = [SkipWarning("content/career/broken.md", "invalid YAML front matter")]
    with pytest.raises(NothingIndexedError, match=r"broken\.md: invalid YAML"):
        build_index([source], tmp_path / "index", embedder)
    assert len(load_index(tmp_path / "index", embedder).postings) == 3


def test_manifest_records_model_hashes_counts_and_skips(tmp_path, embedder):
    warning = SkipWarning("content/career/empty.md", "empty file")
    source = ListSource("acme", postings(), warnings=[warning])
    report = build_index([source], tmp_path / "index", embedder)
    index = load_index(tmp_path / "index", embedder)
    manifest = index.manifest
    assert (manifest["model"], manifest["dim"]) == (embedder.name, embedder.dim)
    assert manifest["postings"][source.postings[0].uid]["hash"] == source.postings[0].content_hash()
    assert manifest["counts"]["by_visibility"] == {"published": 2, "draft": 1}
    assert manifest["counts"]["chunks"] == len(index.chunks) == report.chunks
    assert report.skipped == [warning]
    assert "skipped 1 files (1 empty file)" in report.summary()
    on_disk = json.loads((index.folder / "manifest.json").read_text())
    assert on_disk["generation"] == index.generation


def test_posting_metadata_round_trips(tmp_path, embedder):
    source = ListSource("acme", postings())
    build_index([source], tmp_path / "index", embedder)
    index = load_index(tmp_path / "index", embedder)
    original = source.postings[0]
    meta = index.postings[original.uid]
    assert (meta.title, meta.url, meta.language, meta.fields) == (
        original.title,
        original.url,
        original.language,
        original.fields,
    )
    chunks = index.chunks_of(original.uid)
    assert chunks == chunk_posting(original)
    assert [c.id for c in chunks] == list(meta.chunk_ids)


def test_an_edit_to_one_section_re_embeds_that_section_only(tmp_path, embedder):
    source = ListSource("acme", postings())
    build_index([source], tmp_path / "index", embedder)
    backend = source.postings[0]
    edited = make_posting(
        "backend-engineer",
        backend.title,
        {
            "About the role": backend.sections[0].text,
            "Salary": "The salary range is 55 000 to 65 000 SEK per month.",
        },
        fields=backend.fields,
    )
    twin = make_posting("twin", "Product Designer", {"About the role": "Same words twice."})
    twin_copy = make_posting(
        "twin-copy", "Product Designer", {"About the role": "Same words twice."}
    )
    source.postings = [edited, twin, twin_copy, *source.postings[1:]]

    report = build_index([source], tmp_path / "index", embedder)

    assert report.changed == [edited.uid]
    assert report.embedded == 1 + 2  # the salary section, and the twins' one text (encoded once)
    assert report.reused == report.chunks - 3
    index = load_index(tmp_path / "index", embedder)
    salary = next(c for c in index.chunks_of(edited.uid) if "55 000" in c.text)
    row = index.postings[edited.uid].chunk_indices[1]
    assert index.chunks[row] == salary
    assert float(index.vectors[row] @ embedder.encode([salary.embedding_text()])[0]) > 0.999
