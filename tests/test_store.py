"""The index folder: atomic writes, crashes mid-write, corrupt and other-model indexes."""

from __future__ import annotations

import json

import numpy as np
import pytest
from index_support import ListSource, make_posting

from index import store
from index.build import build_index
from index.errors import IndexLoadError
from index.search import load_index


class RenamedEmbedder:
    """The real model under another name, as if the index had been built with another model."""

    def __init__(self, inner, name: str, dim: int | None = None):
        self.inner, self.name, self.dim = inner, name, dim or inner.dim

    def encode(self, texts):
        return self.inner.encode(texts)


def source_with(*titles: str) -> ListSource:
    return ListSource(
        "acme",
        [make_posting(t.lower().replace(" ", "-"), t, {"Role": f"{t} work."}) for t in titles],
    )


@pytest.fixture
def built(tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index([source_with("Backend Engineer", "Designer")], index_dir, embedder)
    return index_dir


@pytest.mark.parametrize("step", ["_write_segments", "_write_metadata", "_fsync_tree", "_point_to"])
def test_a_crash_mid_write_leaves_the_previous_index_loadable(built, embedder, monkeypatch, step):
    before = store.current_generation(built)

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, step, crash)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_index([source_with("Backend Engineer", "Tester")], built, embedder)

    assert store.current_generation(built) == before
    index = load_index(built, embedder)
    assert sorted(meta.title for meta in index.postings.values()) == [
        "Backend Engineer",
        "Designer",
    ]
    assert not list((built / store.GENERATIONS).glob(".tmp-*"))

    monkeypatch.undo()
    report = build_index([source_with("Backend Engineer", "Tester")], built, embedder)
    assert report.reused == 1 and report.embedded == 1
    assert "Tester" in {meta.title for meta in load_index(built, embedder).postings.values()}


def test_old_generations_are_pruned_but_the_previous_one_is_kept(built, embedder):
    for title in ("One", "Two", "Three"):
        build_index([source_with(title)], built, embedder)
    generations = sorted(p.name for p in (built / store.GENERATIONS).iterdir())
    assert len(generations) == store.KEEP_GENERATIONS
    assert store.current_generation(built) == generations[-1]


def test_a_missing_index_names_the_folder(tmp_path, embedder):
    with pytest.raises(IndexLoadError, match=r"no index in .*nowhere"):
        load_index(tmp_path / "nowhere", embedder)


def test_an_index_of_another_model_names_both_models(built, embedder):
    other = RenamedEmbedder(embedder, "another-model")
    with pytest.raises(IndexLoadError) as caught:
        load_index(built, other)
    message = str(caught.value)
    assert "another-model" in message and embedder.name in message and str(built) in message


def test_an_index_of_another_dimension_is_refused(built, embedder):
    with pytest.raises(IndexLoadError, match="dimension"):
        load_index(built, RenamedEmbedder(embedder, embedder.name, dim=embedder.dim * 2))


def test_a_rebuild_with_another_model_starts_over(built, embedder):
    other = RenamedEmbedder(embedder, "another-model")
    report = build_index([source_with("Backend Engineer", "Designer")], built, other)
    assert report.reused == 0 and report.embedded == report.chunks
    assert any("another-model" in note for note in report.notes)
    assert load_index(built, other).manifest["model"] == "another-model"


@pytest.mark.parametrize(
    "damage",
    [
        lambda folder: (segment_of(folder) / "vectors.npy").write_bytes(b"\x93NUMPY garbage"),
        lambda folder: (segment_of(folder) / "chunks.json").write_text("{not json"),
        lambda folder: (folder / "manifest.json").write_text("[]"),
        lambda folder: (segment_of(folder) / "terms.vocab.json").unlink(),
        lambda folder: np.save(segment_of(folder) / "vectors.npy", np.zeros((1, 384), np.float32)),
        lambda folder: np.save(folder / "rows.npy", np.zeros((1, 2), np.int32)),
        lambda folder: (segment_of(folder) / "terms.vocab.json").write_text("[]"),
    ],
    ids=["vectors", "chunks", "manifest", "terms", "vector-count", "rows", "same-size"],
)
def test_a_corrupt_index_is_a_clear_error(built, embedder, damage):
    folder = store.generation_folder(built)
    damage(folder)
    with pytest.raises(IndexLoadError, match=f"{folder}.*(corrupt|format)"):
        load_index(built, embedder)


def segment_of(generation_folder):
    return next((generation_folder / store.SEGMENTS).iterdir())


def test_a_corrupt_previous_index_is_rebuilt_from_scratch(built, embedder):
    (segment_of(store.generation_folder(built)) / "chunks.json").write_text("{not json")
    report = build_index([source_with("Backend Engineer", "Designer")], built, embedder)
    assert report.reused == 0 and report.embedded == report.chunks
    assert len(load_index(built, embedder).postings) == 2


def test_a_generation_folder_loads_directly(built, embedder):
    folder = store.generation_folder(built)
    index = load_index(folder, embedder)
    assert index.generation == folder.name
    assert json.loads((folder / "manifest.json").read_text())["format"] == store.FORMAT_VERSION
