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


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, web_site: Path, beta_site: Path, embedder):
    """One index of both real corpus sites, built once per session."""
    from index.build import build_index
    from index.search import load_index
    from index.sources.config import load_sources

    folder = tmp_path_factory.mktemp("corpus-index")
    build_index(load_sources(None, [web_site, beta_site]), folder, embedder)
    return load_index(folder, embedder)


@pytest.fixture(scope="session")
def content_index(tmp_path_factory, repo_dir: Path, embedder):
    """An index of the bundled sample site (content/ + hugo.toml), built once per session."""
    from index.build import build_index
    from index.search import load_index
    from index.sources.config import load_sources

    folder = tmp_path_factory.mktemp("content-index")
    build_index(load_sources(None, [repo_dir]), folder, embedder)
    return load_index(folder, embedder)
