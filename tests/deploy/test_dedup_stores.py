"""The shared deduplication stores, each against a real server: one claim per key, atomically."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.state.dedup import (
    DedupStore,
    MemoryDedupStore,
    PostgresDedupStore,
    RedisDedupStore,
    SQLiteDedupStore,
    dedup_store_from_url,
)
from index.errors import ConfigError


@pytest.fixture(params=["memory", "sqlite", "redis", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dedup.db'}"
    return request.getfixturevalue(f"{request.param}_url")


def unique(prefix: str) -> str:
    return f"{prefix}-{time.monotonic_ns()}"


def test_url_selects_the_store(tmp_path: Path, redis_url: str, postgres_url: str) -> None:
    assert isinstance(dedup_store_from_url(), MemoryDedupStore)
    assert isinstance(dedup_store_from_url(f"sqlite:///{tmp_path}/d.db"), SQLiteDedupStore)
    assert isinstance(dedup_store_from_url(redis_url), RedisDedupStore)
    assert isinstance(dedup_store_from_url(postgres_url), PostgresDedupStore)
    short_scheme = postgres_url.replace("postgresql://", "postgres://")
    assert isinstance(dedup_store_from_url(short_scheme), PostgresDedupStore)


@pytest.mark.parametrize("url", ["mysql://db/x", "sqlite://", "nonsense"])
def test_unknown_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="dedup store URL"):
        dedup_store_from_url(url)


def test_relative_sqlite_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = dedup_store_from_url("sqlite:///state/dedup.db")
    assert store.claim("k")
    assert (tmp_path / "state" / "dedup.db").is_file()


def test_first_claim_wins(store_url: str) -> None:
    store = dedup_store_from_url(store_url)
    key = unique("event")
    assert store.claim(key)
    assert not store.claim(key)
    if store_url != "memory://":  # another replica's connection sees the claim too
        assert not dedup_store_from_url(store_url).claim(key)
    assert store.claim(unique("other"))


def test_expired_key_can_be_claimed_again(store_url: str) -> None:
    store = dedup_store_from_url(store_url)
    key = unique("ttl")
    assert store.claim(key, ttl_seconds=1)
    assert not store.claim(key, ttl_seconds=1)
    time.sleep(1.2)
    assert store.claim(key, ttl_seconds=1)


@pytest.mark.parametrize("kind", ["sqlite", "redis", "postgres"])
def test_concurrent_claims_across_connections(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Four connections race for the same keys: each key is won exactly once."""
    if kind == "sqlite":
        store_url = f"sqlite:///{tmp_path / 'dedup.db'}"
    else:
        store_url = request.getfixturevalue(f"{kind}_url")
    stores = [dedup_store_from_url(store_url) for _ in range(4)]
    keys = [unique(f"k{i}") for i in range(100)]

    def claim_all(store: DedupStore) -> list[str]:
        return [key for key in keys if store.claim(key)]

    with ThreadPoolExecutor(len(stores)) as pool:
        won = [key for keys_won in pool.map(claim_all, stores) for key in keys_won]
    assert sorted(won) == sorted(keys)


def _claim_in_process(url: str, keys: list[str]) -> list[str]:
    store = dedup_store_from_url(url)
    return [key for key in keys if store.claim(key)]


def test_sqlite_is_shared_between_processes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    keys = [f"event-{i}" for i in range(200)]
    claim: Callable[[str, list[str]], list[str]] = _claim_in_process
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(claim, [url, url], [keys, list(reversed(keys))]))
    assert sorted(results[0] + results[1]) == sorted(keys)
