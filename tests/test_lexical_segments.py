"""Keyword search over segments: BM25 at query time over live docs, segment files, languages."""

from __future__ import annotations

import json

import bm25s
import numpy as np
import pytest
from index_support import make_posting

from index.chunking import chunk_posting
from index.lexical import LexicalIndex, TermColumns, analyzer_for, lexical_text

TEXTS = [
    "Red apples and green apples.",
    "Green tea.",
    "Apples.",
    "Tea, tea, tea with lemons.",
    "Lemons and limes grow in the green orchard.",
    "The orchard sells apple juice and lemon tea.",
    "Limes.",
]
QUERIES = ("apples", "green tea", "lemons apples", "tea tea lemons", "orchard limes juice")


def chunks_of(texts, language="en"):
    postings = [
        make_posting(f"p{n}", "", {"": text}, language=language) for n, text in enumerate(texts)
    ]
    return [chunk for posting in postings for chunk in chunk_posting(posting)]


def test_scores_equal_bm25s_own_index_including_repeated_query_words():
    chunks = chunks_of(TEXTS)
    ours = LexicalIndex.build(chunks)
    reference = bm25s.BM25()
    analyze = analyzer_for("en").analyze
    reference.index([analyze(lexical_text(chunk)) for chunk in chunks], show_progress=False)
    for query in QUERIES:
        scores = ours.scores(query, "en")
        assert scores.dtype == np.float32 and len(scores) == ours.size == len(chunks)
        assert np.allclose(scores, reference.get_scores(analyze(query)), atol=1e-5), query
    assert not ours.scores("zzzunknownword", "en").any()


def test_two_parts_with_dead_docs_score_exactly_like_an_index_of_the_live_docs():
    first, second = chunks_of(TEXTS[:4]), chunks_of(TEXTS[3:])  # "Tea, tea, ..." in both
    first_rows = np.array([4, -1, 0, -1])  # "Green tea." and the first tea-doc are dead
    second_rows = np.array([2, 6, -1, 1])
    size = 7  # rows 3 and 5 hold no live doc
    index = LexicalIndex(
        [
            (TermColumns.from_chunks(first), first_rows),
            (TermColumns.from_chunks(second), second_rows),
        ],
        size,
    )
    by_row = dict(zip(first_rows, first, strict=True)) | dict(zip(second_rows, second, strict=True))
    live_rows = sorted(row for row in by_row if row >= 0)
    alone = LexicalIndex.build([by_row[row] for row in live_rows])
    for query in QUERIES:
        scores = index.scores(query, "en")
        assert np.array_equal(scores[live_rows], alone.scores(query, "en")), query
        assert not scores[[3, 5]].any()
    assert index.scores("tea", "en")[2] > 0 and index.languages == ("en",)


def test_a_word_held_only_by_dead_docs_scores_nothing():
    chunks = chunks_of(["Green tea.", "Red apples."])
    index = LexicalIndex([(TermColumns.from_chunks(chunks), np.array([-1, 0]))], 1)
    assert not index.scores("tea", "en").any()
    assert index.scores("apples", "en")[0] > 0


def test_rows_that_collide_or_overflow_are_refused():
    columns = TermColumns.from_chunks(chunks_of(TEXTS[:2]))
    with pytest.raises(ValueError, match="distinct rows"):
        LexicalIndex([(columns, np.array([0, 0]))], 2)
    with pytest.raises(ValueError, match="distinct rows"):
        LexicalIndex([(columns, np.array([0, 2]))], 2)


def test_term_columns_round_trip_through_files(tmp_path):
    columns = TermColumns.from_chunks(chunks_of(TEXTS) + chunks_of(["Vi erbjuder te."], "sv"))
    columns.save(tmp_path)
    loaded = TermColumns.load(tmp_path)
    assert loaded.vocab == columns.vocab and loaded.languages == ("en", "sv")
    for name in ("indptr", "docs", "tf", "lengths"):
        assert np.array_equal(getattr(loaded, name), getattr(columns, name)), name
    rows = np.arange(columns.size)
    before = LexicalIndex([(columns, rows)], columns.size).scores("green tea")
    assert np.array_equal(LexicalIndex([(loaded, rows)], columns.size).scores("green tea"), before)


def _shift_offsets(folder):
    indptr = np.load(folder / "terms.indptr.npy")
    np.save(folder / "terms.indptr.npy", indptr[:-1])


def _drop_a_posting(folder):
    np.save(folder / "terms.tf.npy", np.load(folder / "terms.tf.npy")[1:])


def _lengthen_a_doc(folder):
    lengths = np.load(folder / "terms.lengths.npy")
    np.save(folder / "terms.lengths.npy", lengths + 1)


def _garble_docs(folder):
    (folder / "terms.docs.npy").write_bytes(b"not an array")


def _repeat_a_word(folder):
    meta = json.loads((folder / "terms.vocab.json").read_text(encoding="utf-8"))
    meta["words"][1] = meta["words"][0]
    (folder / "terms.vocab.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize(
    ("corrupt", "file"),
    [
        (_shift_offsets, "terms.indptr.npy"),
        (_drop_a_posting, "terms.tf.npy"),
        (_lengthen_a_doc, "terms.lengths.npy"),
        (_garble_docs, "terms.docs.npy"),
        (_repeat_a_word, "terms.vocab.json"),
        (lambda folder: (folder / "terms.vocab.json").unlink(), "terms.vocab.json"),
    ],
)
def test_inconsistent_term_files_are_refused_by_name(tmp_path, corrupt, file):
    TermColumns.from_chunks(chunks_of(TEXTS)).save(tmp_path)
    corrupt(tmp_path)
    with pytest.raises(ValueError, match=file):
        TermColumns.load(tmp_path)


def test_a_swedish_chunk_is_found_by_a_swedish_query_with_or_without_its_language():
    swedish = chunks_of(["Du konfigurerar routrarna i våra datacenter."], "sv")
    index = LexicalIndex.build(chunks_of(TEXTS) + swedish)
    assert index.languages == ("en", "sv")
    for language in (None, "sv"):
        scores = index.scores("routrar", language)
        assert scores.argmax() == len(TEXTS) and scores[len(TEXTS)] > 0, language
        assert np.count_nonzero(scores) == 1
    assert not index.scores("routrar", "en").any()  # the English stemmer keeps the inflection
