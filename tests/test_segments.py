"""Segments: an edit writes one small segment, keeps the rest as hard links, hides old rows, and
merges when segments pile up or rows die; the result searches exactly like a fresh build."""

from __future__ import annotations

import numpy as np
import pytest
from index_support import ListSource, make_posting

from index import compaction, store
from index.build import build_index
from index.search import load_index

TOPICS = [
    ("Backend Engineer", "You build payment APIs in Go and run them on Kubernetes."),
    ("Data Analyst", "You model sales data with SQL and present dashboards weekly."),
    ("Designer", "You sketch onboarding flows and test them with customers."),
    ("Network Engineer", "You operate routers, BGP sessions and the data centre fabric."),
    ("Recruiter", "You source candidates and run structured interviews."),
    ("Support Agent", "You answer customer tickets in English and German."),
]


def postings(edits: dict[int, str] | None = None):
    edits = edits or {}
    return [
        make_posting(
            title.lower().replace(" ", "-"),
            title,
            {"Role": edits.get(n, text), "Pay": f"The salary is {40 + n},000 EUR a year."},
        )
        for n, (title, text) in enumerate(TOPICS)
    ]


def segment_folders(index_dir):
    return sorted((store.generation_folder(index_dir) / store.SEGMENTS).iterdir())


def ranked(index, query: str) -> list[tuple[str, float]]:
    dense = [(h.chunk.id, round(h.dense, 5)) for h in index.dense(query, k=8)]
    lexical = [(h.chunk.id, round(h.lexical, 5)) for h in index.lexical(query, k=8)]
    return dense + lexical


QUERIES = ["payment APIs in Go", "routers and BGP", "salary", "customer tickets", "interviews"]


@pytest.fixture
def built(tmp_path, embedder):
    source = ListSource("acme", postings())
    build_index([source], tmp_path / "index", embedder)
    return source, tmp_path / "index"


def test_an_edit_writes_one_small_segment_and_links_the_rest(built, embedder):
    source, index_dir = built
    (base,) = segment_folders(index_dir)
    source.postings = postings({1: "You model churn with Python notebooks."})
    report = build_index([source], index_dir, embedder)

    assert report.changed == ["acme:content/career/data-analyst.md"] and report.embedded == 1
    folders = segment_folders(index_dir)
    assert len(folders) == 2
    linked = next(folder for folder in folders if folder.name == base.name)
    assert (linked / "vectors.npy").stat().st_ino == (base / "vectors.npy").stat().st_ino
    index = load_index(index_dir, embedder)
    delta = next(s for s in index.segments.values() if s.id != base.name)
    assert delta.rows == 2  # the changed posting's two chunks, one re-embedded, one reused

    hits = index.search("churn with Python notebooks", k=3)
    assert hits[0].chunk.text == "You model churn with Python notebooks."
    every_text = {index.chunks[row].text for row in range(len(index.chunks))}
    assert "You model sales data with SQL and present dashboards weekly." not in every_text
    assert not index.lexical("sales dashboards SQL", k=5)
    assert all("SQL" not in h.chunk.text for h in index.dense("SQL dashboards", k=20))


def test_deleted_postings_are_never_found_filtered_or_not(built, embedder):
    source, index_dir = built
    source.postings = [p for p in postings() if p.title != "Network Engineer"]
    build_index([source], index_dir, embedder)
    index = load_index(index_dir, embedder)
    assert index.vector_index.dead == 2 and len(segment_folders(index_dir)) == 1
    for hits in (
        index.dense("routers and BGP", k=20),
        index.dense("routers and BGP", k=20, sites=["acme"]),
        index.search("routers and BGP", k=20),
        index.lexical("routers BGP", k=20),
    ):
        assert all(h.chunk.posting_uid != "acme:content/career/network-engineer.md" for h in hits)


def test_many_edits_merge_and_search_exactly_like_a_fresh_build(built, embedder, monkeypatch):
    source, index_dir = built
    monkeypatch.setattr(compaction, "MAX_SEGMENTS", 3)
    monkeypatch.setattr(compaction, "MAX_DEAD_FRACTION", 0.9)
    edits: dict[int, str] = {}
    for n in range(5):
        edits[n] = f"Edited role number {n}: you ship features every week."
        source.postings = postings(edits)
        build_index([source], index_dir, embedder)
        assert len(segment_folders(index_dir)) <= 3 + 1
    incremental = load_index(index_dir, embedder)

    fresh_dir = index_dir.parent / "fresh"
    build_index([ListSource("acme", postings(edits))], fresh_dir, embedder)
    fresh = load_index(fresh_dir, embedder)
    for query in [*QUERIES, "ship features every week"]:
        assert ranked(incremental, query) == ranked(fresh, query), query


def test_mostly_dead_segments_are_merged_into_one(built, embedder):
    source, index_dir = built
    everything = {n: f"Rewritten role {n}, now about observability." for n in range(6)}
    source.postings = postings(everything)
    build_index([source], index_dir, embedder)  # 6 of 12 rows dead: above the 20 % limit
    assert len(segment_folders(index_dir)) == 1
    index = load_index(index_dir, embedder)
    assert index.vector_index.dead == 0 and len(index.chunks) == 12


def test_a_hot_swap_reuses_the_segments_and_postings_it_holds(built, embedder):
    source, index_dir = built
    before = load_index(index_dir, embedder)
    source.postings = postings({0: "You build ledger services in Rust."})
    build_index([source], index_dir, embedder)
    after = load_index(index_dir, embedder, reuse=before)

    shared = set(before.segments) & set(after.segments)
    assert len(shared) == 1 and all(before.segments[s] is after.segments[s] for s in shared)
    designer = "acme:content/career/designer.md"
    assert after.postings[designer] is before.postings[designer]
    assert "Rust" in after.search("ledger services in Rust", k=1)[0].chunk.text
    assert "Rust" not in " ".join(c.text for c in before.chunks)  # the old index is untouched


def test_an_hnsw_base_and_an_exact_delta_are_searched_together(tmp_path, embedder):
    source = ListSource("acme", postings())
    index_dir = tmp_path / "index"
    build_index([source], index_dir, embedder, vector_kind="hnsw")
    source.postings = postings({3: "You automate firewalls with Ansible."})
    build_index([source], index_dir, embedder)
    index = load_index(index_dir, embedder)
    kinds = sorted(segment.info["vector_index"] for segment in index.segments.values())
    assert kinds == ["flat", "hnsw"] and index.vector_index.kind == "hnsw"
    scores, rows = index.vector_index.search(index.embed_query("firewalls with Ansible"), 3)
    assert index.chunks[int(rows[0][0])].text == "You automate firewalls with Ansible."
    assert np.all(np.diff(scores[0]) <= 1e-6)  # merged across segments, best first
