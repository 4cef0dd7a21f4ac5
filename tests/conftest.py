"""Shared fixtures: the real corpus, the real embedding model (loaded once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
QA_FILE = SHARED / "eval" / "qa.jsonl"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="session")
def web_site(corpus_dir: Path) -> Path:
    return corpus_dir / "safespring-web"


@pytest.fixture(scope="session")
def beta_site(corpus_dir: Path) -> Path:
    return corpus_dir / "safespring-beta"


@pytest.fixture(scope="session")
def embedder():
    """The real packaged embedding model, loaded once per test session."""
    from index.embeddings import load_embedder

    return load_embedder()
