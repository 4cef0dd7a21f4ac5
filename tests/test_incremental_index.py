"""Incremental rebuilds of a Hugo site: the parse cache, postings taken over from the previous
generation as stored, crashes mid-write, and an index of an older format (issue 6)."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta

import pytest

import index.hugo.parse_cache as parse_cache
import index.hugo.site as hugo_site
from index import delta, store
from index.build import CACHE_FOLDER, build_index
from index.hugo.site import read_hugo_site, read_hugo_site_incremental
from index.search import load_index
from index.sources.hugo import HugoSource

POSTING = """---
title: "{title}"
date: 2025-01-10
location: Stockholm
---
## About the role
You will {work}. The team is small and kind.

## What you'll need
Five years of {skill}. Good written English.
"""
ROLES = [
    ("Backend Engineer", "build the billing service", "Python"),
    ("Product Designer", "design the customer portal", "Figma"),
    ("Data Analyst", "model churn for the sales team", "SQL"),
]


def write_site(folder, base_url="https://jobs.example.org/"):
    (folder / "content" / "career").mkdir(parents=True)
    (folder / "hugo.toml").write_text(f'baseURL = "{base_url}"\n', encoding="utf-8")
    for title, work, skill in ROLES:
        slug = title.lower().replace(" ", "-")
        text = POSTING.format(title=title, work=work, skill=skill)
        (folder / "content" / "career" / f"{slug}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path / "acme")


@pytest.fixture
def parses(monkeypatch):
    """How many files the Hugo reader parsed (markdown bodies it converted)."""
    calls = []
    real = hugo_site.parse_markdown

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hugo_site, "parse_markdown", counting)
    return calls


def edit(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def hashes(result) -> dict[str, str]:
    return {posting.uid: posting.content_hash() for posting in result.postings}


def test_the_parse_cache_parses_only_changed_files(site, tmp_path, parses):
    cache = tmp_path / "cache.pickle"
    first = read_hugo_site(site, cache_file=cache)
    assert len(parses) == 3
    again = read_hugo_site(site, cache_file=cache)
    assert len(parses) == 3 and again == first

    designer = site / "content/career/product-designer.md"
    edit(designer, "Figma", "Sketch")  # a new size
    changed = read_hugo_site(site, cache_file=cache)
    assert len(parses) == 4
    assert changed == read_hugo_site(site)
    assert any("Sketch" in s.text for p in changed.postings for s in p.sections)


def test_an_edit_of_the_same_size_and_mtime_is_still_seen(site, tmp_path, parses):
    cache = tmp_path / "cache.pickle"
    read_hugo_site(site, cache_file=cache)
    analyst = site / "content/career/data-analyst.md"
    stat = analyst.stat()
    edit(analyst, "SQL", "Lua")
    os.utime(analyst, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    result = read_hugo_site(site, cache_file=cache)
    assert any("Lua" in s.text for p in result.postings for s in p.sections)
    assert hashes(result) == hashes(read_hugo_site(site))


def test_a_config_change_invalidates_the_cache(site, tmp_path, parses):
    cache = tmp_path / "cache.pickle"
    read_hugo_site(site, cache_file=cache)
    (site / "hugo.toml").write_text('baseURL = "https://careers.example.com/"\n')
    result = read_hugo_site(site, cache_file=cache)
    assert len(parses) == 6
    assert all(p.url.startswith("https://careers.example.com/") for p in result.postings)


def test_deleted_files_leave_the_cache_and_visibility_follows_the_clock(site, tmp_path):
    cache = tmp_path / "cache.pickle"
    read_hugo_site(site, cache_file=cache)
    (site / "content/career/data-analyst.md").unlink()
    edit(site / "content/career/backend-engineer.md", "date:", "expiryDate: 2030-01-01\ndate:")
    now = read_hugo_site(site, cache_file=cache)
    assert len(now.postings) == 2
    later = read_hugo_site(site, cache_file=cache, now=datetime(2031, 1, 1, tzinfo=UTC))
    uncached = read_hugo_site(site, now=datetime(2031, 1, 1, tzinfo=UTC))
    assert later == uncached
    assert {str(p.visibility) for p in later.postings} == {"expired", "published"}


def test_an_incremental_read_leaves_unchanged_postings_unloaded(site, tmp_path, parses):
    cache = tmp_path / "cache.pickle"
    full = read_hugo_site(site)
    read_hugo_site_incremental(site, cache)
    edit(site / "content/career/data-analyst.md", "SQL", "R and SQL")
    result = read_hugo_site_incremental(site, cache)
    assert [p.uid for p in result.postings] == ["acme:content/career/data-analyst.md"]
    assert set(result.unchanged) == {p.uid for p in full.postings} - {result.postings[0].uid}
    assert result.order == [p.uid for p in full.postings]
    for uid, cached in result.unchanged.items():
        posting = cached.load()
        assert posting == next(p for p in full.postings if p.uid == uid)
        assert cached.content_hash == posting.content_hash()


def snapshot(index) -> dict:
    """What a loaded index serves, independent of row order."""
    chunks = {chunk.id: chunk for chunk in index.chunks}
    rows = {chunk.id: row for row, chunk in enumerate(index.chunks)}
    return {
        "postings": {
            uid: (meta.content_hash, [index.chunks[r].id for r in meta.chunk_indices])
            for uid, meta in index.postings.items()
        },
        "chunks": chunks,
        "vectors": {cid: index.vectors[row].round(5).tolist() for cid, row in rows.items()},
        "lexical": [h.chunk.id for h in index.lexical("billing service Python", k=5)],
    }


def test_an_incremental_build_equals_a_fresh_one(site, tmp_path, embedder, monkeypatch):
    index_dir = tmp_path / "index"
    build_index([HugoSource(site)], index_dir, embedder)
    assert list((index_dir / CACHE_FOLDER).glob("*.pickle"))
    edit(site / "content/career/product-designer.md", "Figma", "Figma and Sketch")

    serialized = []
    real_line = delta.chunk_line
    monkeypatch.setattr(delta, "chunk_line", lambda c: serialized.append(c.id) or real_line(c))
    report = build_index([HugoSource(site)], index_dir, embedder)
    designer = "acme:content/career/product-designer.md"
    assert report.changed == [designer] and report.embedded == 1
    assert {cid.split("#")[0] for cid in serialized} == {designer}  # the others taken over

    fresh_dir = tmp_path / "fresh"
    build_index([HugoSource(site)], fresh_dir, embedder)
    incremental, fresh = load_index(index_dir, embedder), load_index(fresh_dir, embedder)
    assert snapshot(incremental) == snapshot(fresh)
    assert any("Sketch" in chunk.text for chunk in incremental.chunks)


def test_a_crash_after_the_cache_was_saved_is_caught_up_by_the_next_build(
    site, tmp_path, embedder, monkeypatch
):
    index_dir = tmp_path / "index"
    build_index([HugoSource(site)], index_dir, embedder)
    before = store.current_generation(index_dir)
    edit(site / "content/career/data-analyst.md", "SQL", "dbt")

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_write_segments", crash)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_index([HugoSource(site)], index_dir, embedder)
    assert store.current_generation(index_dir) == before
    assert not any("dbt" in c.text for c in load_index(index_dir, embedder).chunks)

    monkeypatch.undo()  # the parse cache now knows the edit; the index does not yet
    report = build_index([HugoSource(site)], index_dir, embedder)
    assert report.changed == ["acme:content/career/data-analyst.md"] and report.embedded == 1
    assert any("dbt" in c.text for c in load_index(index_dir, embedder).chunks)


def test_an_index_of_the_old_format_is_rebuilt_cleanly(site, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index([HugoSource(site)], index_dir, embedder)
    manifest_path = store.generation_folder(index_dir) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "format": 1}))

    report = build_index([HugoSource(site)], index_dir, embedder)
    assert report.reused == 0 and report.embedded == report.chunks
    assert any("format 1" in note for note in report.notes)
    assert len(load_index(index_dir, embedder).postings) == 3


def test_a_cache_written_long_ago_is_trusted_on_size_and_mtime(site, tmp_path, monkeypatch):
    cache = tmp_path / "cache.pickle"
    read_hugo_site(site, cache_file=cache)
    long_ago = time.time_ns() - int(timedelta(days=1).total_seconds() * 1e9)
    for path in (site / "content/career").iterdir():
        os.utime(path, ns=(long_ago, long_ago))
    read_hugo_site(site, cache_file=cache)  # re-hashed once (mtime changed), then trusted

    digests = []
    real = parse_cache._digest
    monkeypatch.setattr(parse_cache, "_digest", lambda path: digests.append(path) or real(path))
    result = read_hugo_site(site, cache_file=cache)
    assert digests == [] and result == read_hugo_site(site)


def test_loaded_chunks_parse_on_demand_and_behave_like_a_list(site, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index([HugoSource(site)], index_dir, embedder)
    index = load_index(index_dir, embedder)
    chunks = list(index.chunks)
    assert len(index.chunks) == len(chunks) > 3 and index.chunks == chunks
    assert index.chunks[1:3] == chunks[1:3] and index.chunks[-1] == chunks[-1]
    designer = "acme:content/career/product-designer.md"
    rows = index.allowed_rows(posting_uids=[designer])
    assert [index.chunks[r].posting_uid for r in rows] == [designer] * len(rows)
    assert list(rows) == list(index.postings[designer].chunk_indices)
    assert len(index.allowed_rows(sites=["acme"], visibilities=["published"])) == len(chunks)
