"""Searching an index: dense, keyword (stemmed per language), hybrid, filters; HNSW recall."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest
from index_support import ListSource, make_posting

from index.build import build_index
from index.chunking import chunk_posting
from index.lexical import LexicalIndex, analyzer_for, lexical_text
from index.models import Visibility
from index.search import load_index
from index.vectors import build_vector_index, update_vector_index

BACKEND = "acme:content/career/backend-engineer.md"
DESIGNER = "acme:content/career/designer.md"
NETWORK_SV = "acme:content/sv/career/natverkstekniker.md"
SUPPORT = "other:content/career/support.md"


def corpus():
    acme = [
        make_posting(
            "backend-engineer",
            "Backend Engineer",
            {
                "About the role": "You will build the billing service in Python.",
                "Salary": "The monthly salary is between 50 000 and 60 000 SEK.",
            },
        ),
        make_posting(
            "designer",
            "Product Designer",
            {"About the role": "You will design the customer portal with Figma."},
            visibility=Visibility.DRAFT,
        ),
        make_posting(
            "natverkstekniker",
            "Nätverkstekniker",
            {
                "Om rollen": "Du konfigurerar routrarna i våra datacenter. "
                "Vi erbjuder distansarbete."
            },
            language="sv",
        ),
    ]
    other = [
        make_posting(
            "support",
            "Support Agent",
            {"Role": "You answer customer tickets by phone and e-mail."},
            site="other",
        )
    ]
    return [ListSource("acme", acme), ListSource("other", other)]


@pytest.fixture(scope="module")
def index(tmp_path_factory, embedder):
    folder = tmp_path_factory.mktemp("search") / "index"
    build_index(corpus(), folder, embedder)
    return load_index(folder, embedder)


def test_dense_search_finds_a_paraphrase(index):
    top = index.dense("How much does the job pay?", k=3)
    assert top[0].chunk.posting_uid == BACKEND and "salary" in top[0].chunk.text
    assert top[0].dense == pytest.approx(top[0].score) and -1.0 <= top[0].score <= 1.0
    assert [hit.score for hit in top] == sorted((hit.score for hit in top), reverse=True)


def test_keyword_search_stems_per_language(index):
    assert index.lexical("designing portals", k=1)[0].chunk.posting_uid == DESIGNER
    swedish = index.lexical("routrar datacentret", k=1, language="sv")
    assert swedish[0].chunk.posting_uid == NETWORK_SV and swedish[0].lexical > 0
    assert analyzer_for("sv").analyze("och") == []  # a Swedish stopword
    assert analyzer_for("nn").analyze("stillingene") == analyzer_for("nb").analyze("stillingene")
    assert analyzer_for("sv").analyze("och routrarna") == analyzer_for("sv").analyze("routrarna")


def test_keyword_search_without_language_tries_each_indexed_language(index):
    assert index.lexical("routrarna", k=1)[0].chunk.posting_uid == NETWORK_SV
    assert index.lexical("zzzunknownword", k=5) == []


def test_hybrid_search_fuses_and_reports_both_scores(index):
    hits = index.search("billing service Python", k=4)
    assert hits[0].chunk.posting_uid == BACKEND
    assert all(hit.dense is not None and hit.lexical is not None for hit in hits)
    assert hits[0].lexical > 0 and len({hit.chunk.id for hit in hits}) == len(hits)


@pytest.mark.parametrize("method", ["dense", "lexical", "search"])
def test_filters_restrict_every_search(index, method):
    search = getattr(index, method)
    query = "customer work"
    only_other = search(query, 10, sites=["other"])
    assert only_other and {hit.chunk.site for hit in only_other} == {"other"}
    published = search(query, 10, visibilities=["published"])
    assert DESIGNER not in {hit.chunk.posting_uid for hit in published}
    swedish = search("distansarbete routrar", 10, languages=["sv"])
    assert swedish and {hit.chunk.language for hit in swedish} == {"sv"}
    one = search(query, 10, posting_uids=[DESIGNER])
    assert one and {hit.chunk.posting_uid for hit in one} == {DESIGNER}
    assert search(query, 10, sites=["nowhere"]) == []


def test_postings_are_described_and_queries_embedded_once(index):
    meta = index.postings[NETWORK_SV]
    assert (meta.language, meta.visibility, meta.title) == ("sv", "published", "Nätverkstekniker")
    assert [index.chunks[row].posting_uid for row in meta.chunk_indices] == [NETWORK_SV]
    assert index.embed_query("a question") is index.embed_query("a question")


def test_an_hnsw_index_is_saved_loaded_and_searched(tmp_path, embedder):
    build_index(corpus(), tmp_path / "index", embedder, vector_kind="hnsw")
    loaded = load_index(tmp_path / "index", embedder)
    assert loaded.vector_index.kind == "hnsw" and loaded.manifest["vector_index"] == "hnsw"
    assert loaded.dense("How much does the job pay?", k=1)[0].chunk.posting_uid == BACKEND
    assert {h.chunk.site for h in loaded.dense("customer", k=5, sites=["other"])} == {"other"}


def clustered_unit_vectors(rng, n: int, dim: int = 384, clusters: int = 80) -> np.ndarray:
    """Like sentence embeddings: topics (clusters) with spread, on the unit sphere."""
    centers = rng.standard_normal((clusters, dim))
    points = centers[rng.integers(0, clusters, n)] + rng.standard_normal((n, dim))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def recall_at_10(approximate, exact, queries, allowed=None) -> float:
    _, found = approximate.search(queries, 10, allowed)
    _, truth = exact.search(queries, 10, allowed)
    return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)]))


def test_hnsw_recall_against_exact_search():
    rng = np.random.default_rng(7)
    vectors = clustered_unit_vectors(rng, 8000)
    queries = clustered_unit_vectors(rng, 200)
    exact = build_vector_index(vectors, "flat")
    approximate = build_vector_index(vectors, "hnsw")
    assert (exact.kind, approximate.kind) == ("flat", "hnsw")
    assert build_vector_index(vectors, "auto", flat_limit=1000).kind == "hnsw"
    assert build_vector_index(vectors, "auto").kind == "flat"
    assert recall_at_10(approximate, exact, queries) >= 0.98

    approximate.exact_subset_limit = 100  # force the FAISS id-selector path
    allowed = np.flatnonzero(rng.random(len(vectors)) < 0.5)
    _, rows = approximate.search(queries, 10, allowed)
    assert np.isin(rows[rows >= 0], allowed).all()
    assert recall_at_10(approximate, exact, queries, allowed) >= 0.95


def test_the_vectorized_bm25_matrix_scores_like_bm25s_own_index():
    texts = ["Red apples and green apples.", "Green tea.", "Apples.", "Tea, tea, tea with lemons."]
    postings = [make_posting(f"p{n}", "", {"": text}) for n, text in enumerate(texts)]
    chunks = [chunk for posting in postings for chunk in chunk_posting(posting)]
    ours = LexicalIndex.build(chunks)
    reference = bm25s.BM25()
    analyze = analyzer_for("en").analyze
    reference.index([analyze(lexical_text(chunk)) for chunk in chunks], show_progress=False)
    for query in ("apples", "green tea", "lemons apples"):
        expected = reference.get_scores(analyze(query))
        assert np.allclose(ours.scores(query, "en"), expected, atol=1e-5), query


def test_an_hnsw_graph_is_extended_with_tombstones_then_rebuilt():
    rng = np.random.default_rng(3)
    vectors = clustered_unit_vectors(rng, 3000)
    queries = clustered_unit_vectors(rng, 100)
    graph = build_vector_index(vectors, "hnsw", flat_limit=100)
    keep = np.flatnonzero(rng.random(3000) >= 0.1)  # drop ~10%, add 200 new
    new = clustered_unit_vectors(rng, 200)
    origins = [*keep.tolist(), *[None] * len(new)]
    updated = update_vector_index(graph, np.vstack([vectors[keep], new]), origins, flat_limit=100)
    assert updated.index is graph.index and updated.dead == 3000 - len(keep)
    exact = build_vector_index(updated.vectors, "flat")
    _, rows = updated.search(queries, 10)
    assert rows.max() < updated.size
    assert recall_at_10(updated, exact, queries) >= 0.98
    allowed = np.arange(0, updated.size, 3)
    updated.exact_subset_limit = 10
    assert np.isin(updated.search(queries, 10, allowed)[1], allowed).all()

    half = np.arange(0, updated.size, 2)
    rebuilt = update_vector_index(updated, updated.vectors[half], half.tolist(), flat_limit=100)
    assert rebuilt.index is not graph.index and rebuilt.dead == 0


def test_an_incremental_build_keeps_the_hnsw_graph_and_hides_deleted_postings(tmp_path, embedder):
    sources = corpus()
    fillers = [make_posting(f"f{n}", f"Role {n}", {"Role": f"Task {n}."}) for n in range(12)]
    sources.append(ListSource("fillers", fillers))
    build_index(sources, tmp_path / "index", embedder, vector_kind="hnsw")
    sources[0].postings = sources[0].postings[1:]  # the backend posting is deleted
    build_index(sources, tmp_path / "index", embedder, vector_kind="hnsw")
    loaded = load_index(tmp_path / "index", embedder)
    assert loaded.vector_index.dead > 0
    hits = loaded.dense("How much does the job pay?", k=10)
    assert hits and BACKEND not in {hit.chunk.posting_uid for hit in hits}
    assert {hit.chunk.id for hit in hits} <= {chunk.id for chunk in loaded.chunks}


def test_posting_hits_are_the_hits_postings_without_reading_chunks(corpus_index):
    filters = {"visibilities": ["published"], "sites": None}
    for query in ("how much does the job pay", "kubernetes openstack", "ansökan"):
        for kind in ("dense", "lexical"):
            search = corpus_index.dense if kind == "dense" else corpus_index.lexical
            hits = search(query, k=40, **filters)
            assert hits
            expected = [(h.chunk.posting_uid, h.score) for h in hits]
            assert corpus_index.posting_hits(kind, query, k=40, **filters) == expected


def test_chunks_mentioning_a_text_are_found_before_parsing(corpus_index):
    for uid in list(corpus_index.postings)[:30]:
        every = corpus_index.chunks_of(uid)
        assert corpus_index.chunks_of(uid, "@") == [c for c in every if "@" in c.text]
        assert corpus_index.chunks_of(uid, 'ö"') == [c for c in every if 'ö"' in c.text]
