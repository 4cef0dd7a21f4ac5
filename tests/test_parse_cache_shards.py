"""The parse cache on disk: a small table, the site's listing, postings in shards (issue 6).

One edit rewrites one shard and the table; unchanged postings stay pickled until loaded; a crash
or a lost shard never yields a wrong posting (the files are parsed again); visibility follows the
clock without loading postings whose dates did not pass."""

from __future__ import annotations

import gc
import os
import pickle
import shutil
from datetime import UTC, datetime

import pytest

import index.hugo.parse_cache as parse_cache
import index.hugo.posting_shards as posting_shards
import index.hugo.site as hugo_site
from index.hugo.parse_cache import CachedPosting
from index.hugo.site import read_hugo_site, read_hugo_site_incremental

POSTING = """---
title: "{title}"
date: 2025-01-{day:02d}
{extra}---
## About the role
You will work on project number {n}. The team is small and kind.

## What you'll need
Experience with tool number {n}.
"""
COUNT = 40
EARLY, LATE = datetime(2026, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)


def posting_file(site, n: int):
    return site / "content" / "career" / f"role-{n:02d}.md"


def write_posting(site, n: int, extra: str = "") -> None:
    text = POSTING.format(title=f"Role {n}", day=n % 28 + 1, n=n, extra=extra)
    posting_file(site, n).write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "acme"
    (folder / "content" / "career").mkdir(parents=True)
    (folder / "hugo.toml").write_text('baseURL = "https://jobs.example.org/"\n', encoding="utf-8")
    for n in range(COUNT):
        write_posting(folder, n)
    return folder


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "index" / "cache" / "acme.pickle"


@pytest.fixture
def parses(monkeypatch):
    """The files the Hugo reader parsed."""
    parsed = []
    real = hugo_site._SiteReader.parse_file

    def counting(self, entry):
        parsed.append(entry.path.name)
        return real(self, entry)

    monkeypatch.setattr(hugo_site._SiteReader, "parse_file", counting)
    return parsed


def shard_files(cache) -> dict[str, int]:
    folder = cache.with_name(cache.name + ".shards")
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def loaded(result) -> dict:
    """Every posting of an incremental read, loaded, by uid, in the site's order."""
    postings = [p.load() if isinstance(p, CachedPosting) else p for p in result.in_order()]
    return {posting.uid: posting for posting in postings}


def edit(site, n: int, words: str) -> None:
    path = posting_file(site, n)
    path.write_text(path.read_text(encoding="utf-8") + words + "\n", encoding="utf-8")


def test_one_edit_rewrites_one_shard_and_the_table(site, cache, parses, monkeypatch):
    read_hugo_site_incremental(site, cache)
    assert len(parses) == COUNT and cache.is_file()
    before = shard_files(cache)
    assert 1 < len(before) <= posting_shards.SHARD_COUNT

    opened = []
    real = posting_shards.PostingShards._entries
    monkeypatch.setattr(
        posting_shards.PostingShards, "_entries", lambda s, i: opened.append(i) or real(s, i)
    )
    again = read_hugo_site_incremental(site, cache)  # nothing changed: no shard read or written
    assert len(parses) == COUNT and shard_files(cache) == before and opened == []
    assert not again.postings and len(again.unchanged) == COUNT

    edit(site, 7, "Now with a garden.")
    result = read_hugo_site_incremental(site, cache)
    after = shard_files(cache)
    assert parses[COUNT:] == ["role-07.md"]
    assert opened == [posting_shards.shard_of("content/career/role-07.md")]  # to rewrite it
    assert len(set(after) - set(before)) == 1 and len(after) == len(before)  # old one removed
    assert [p.uid for p in result.postings] == ["acme:content/career/role-07.md"]
    assert loaded(result) == {p.uid: p for p in read_hugo_site(site).postings}


def test_unchanged_postings_load_as_a_fresh_read_gives_them(site, cache):
    read_hugo_site_incremental(site, cache)
    result = read_hugo_site_incremental(site, cache)
    fresh = {p.uid: p for p in read_hugo_site(site).postings}
    assert list(loaded(result)) == list(fresh) == result.order
    for uid, cached in result.unchanged.items():
        posting = cached.load()
        assert posting == fresh[uid]
        assert cached.content_hash == posting.content_hash() == parse_cache.content_hash_of(posting)


def test_new_deleted_and_moved_files_are_listed_again(site, cache, monkeypatch):
    listings = []
    real = hugo_site.content_entries
    monkeypatch.setattr(
        hugo_site, "content_entries", lambda *args: listings.append(1) or real(*args)
    )
    read_hugo_site_incremental(site, cache)
    read_hugo_site_incremental(site, cache)
    assert len(listings) == 1  # the folders hold the same names: the listing is reused

    posting_file(site, 3).unlink()
    (site / "content" / "career" / "senior").mkdir()
    posting_file(site, 5).rename(site / "content" / "career" / "senior" / "role-05.md")
    write_posting(site, 40)
    result = read_hugo_site_incremental(site, cache)
    assert len(listings) == 2
    assert loaded(result) == {p.uid: p for p in read_hugo_site(site).postings}
    del listings[2:]  # the uncached read's own listing
    assert "acme:content/career/senior/role-05.md" in result.order
    assert "acme:content/career/role-03.md" not in result.order

    result = read_hugo_site_incremental(site, cache)
    assert len(listings) == 2 and not result.postings
    with open(cache, "rb") as handle:
        pickle.load(handle)  # the header: what the table is, and its key
        _, rows = pickle.load(handle)
    assert set(rows) == set(names(site)) | {"content/career/senior/role-05.md"}


def test_a_crash_before_the_table_is_written_loses_nothing(site, cache, parses, monkeypatch):
    read_hugo_site_incremental(site, cache)
    table = cache.read_bytes()
    edit(site, 12, "Also on Fridays.")

    real = parse_cache.write_atomically

    def crash_on_table(path, *objects):
        if path == cache:
            raise OSError("disk full")
        return real(path, *objects)

    monkeypatch.setattr(parse_cache, "write_atomically", crash_on_table)
    with pytest.raises(OSError, match="disk full"):
        read_hugo_site_incremental(site, cache)
    assert cache.read_bytes() == table  # the old table, still naming the old shard files
    monkeypatch.undo()

    result = read_hugo_site_incremental(site, cache)
    assert [p.uid for p in result.postings] == ["acme:content/career/role-12.md"]
    assert loaded(result) == {p.uid: p for p in read_hugo_site(site).postings}
    assert len(shard_files(cache)) == len({posting_shards.shard_of(n) for n in names(site)})


def names(site) -> list[str]:
    return [f"content/career/{path.name}" for path in (site / "content" / "career").glob("*.md")]


def test_a_missing_shard_means_its_files_are_parsed_again(site, cache, parses):
    read_hugo_site_incremental(site, cache)
    folder = cache.with_name(cache.name + ".shards")
    victim = sorted(folder.iterdir())[0]
    shard = int(victim.name.split("-")[0], 16)
    victim.unlink()

    result = read_hugo_site_incremental(site, cache)
    in_shard = [n for n in names(site) if posting_shards.shard_of(n) == shard]
    in_shard = sorted(name.rsplit("/", 1)[1] for name in in_shard)
    assert sorted(parses[COUNT:]) == in_shard
    assert loaded(result) == {p.uid: p for p in read_hugo_site(site).postings}
    assert read_hugo_site(site, cache_file=cache) == read_hugo_site(site)


def test_a_damaged_shard_is_a_cache_miss(site, cache, parses):
    read_hugo_site_incremental(site, cache)
    folder = cache.with_name(cache.name + ".shards")
    victim = sorted(folder.iterdir())[0]
    victim.write_bytes(b"\0" * victim.stat().st_size)  # same size, not a pickle

    lazy = read_hugo_site_incremental(site, cache)
    assert loaded(lazy) == {p.uid: p for p in read_hugo_site(site).postings}  # reparsed on load
    assert read_hugo_site(site, cache_file=cache) == read_hugo_site(site)  # parsed, then stored
    parsed = len(parses)
    assert read_hugo_site(site, cache_file=cache) == read_hugo_site(site)
    assert len(parses) == parsed + COUNT  # only the uncached read parsed


def test_postings_replaced_by_another_read_still_load(site, cache):
    read_hugo_site_incremental(site, cache)
    earlier = read_hugo_site_incremental(site, cache)
    for n in range(COUNT):
        edit(site, n, "And coffee.")
    read_hugo_site_incremental(site, cache)  # replaces every shard file `earlier` knew
    posting = earlier.unchanged["acme:content/career/role-01.md"].load()
    assert any("coffee" in s.text for s in posting.sections)  # parsed again: the file now


def test_visibility_follows_the_clock_and_is_remembered(site, cache, parses):
    write_posting(site, 9, extra="expiryDate: 2030-06-01\n")
    read_hugo_site_incremental(site, cache, now=EARLY)
    early = read_hugo_site_incremental(site, cache, now=EARLY)
    assert not early.postings

    late = read_hugo_site_incremental(site, cache, now=LATE)  # the date passed: loaded, re-dated
    expired = "acme:content/career/role-09.md"
    assert [(p.uid, str(p.visibility)) for p in late.postings] == [(expired, "expired")]
    assert len(parses) == COUNT

    again = read_hugo_site_incremental(site, cache, now=LATE)  # remembered: not loaded again
    assert not again.postings and expired in again.unchanged
    posting = again.unchanged[expired].load()
    assert str(posting.visibility) == "expired"
    assert again.unchanged[expired].content_hash == posting.content_hash()
    uncached = {p.uid: p for p in read_hugo_site(site, now=LATE).postings}
    assert loaded(again) == uncached
    assert loaded(read_hugo_site_incremental(site, cache, now=EARLY)) == {
        p.uid: p for p in read_hugo_site(site, now=EARLY).postings
    }


def test_a_cache_of_the_old_single_file_format_is_replaced(site, cache, parses):
    cache.parent.mkdir(parents=True)
    cache.write_bytes(pickle.dumps(("an old key", {"content/career/role-01.md": object})))
    result = read_hugo_site_incremental(site, cache)
    assert len(parses) == COUNT and len(result.postings) == COUNT
    assert not read_hugo_site_incremental(site, cache).postings


def test_leftover_shard_files_are_removed(site, cache):
    read_hugo_site_incremental(site, cache)
    folder = cache.with_name(cache.name + ".shards")
    leftover = folder / "00-leftover.pickle"
    leftover.write_bytes(b"from a crash")
    edit(site, 2, "Hybrid.")
    read_hugo_site_incremental(site, cache)
    assert not leftover.exists()


def test_a_multilingual_site_reads_the_same_through_the_cache(beta_site, tmp_path):
    site = tmp_path / "beta"
    shutil.copytree(beta_site, site)
    cache = tmp_path / "cache" / "beta.pickle"
    fresh = read_hugo_site(site)
    read_hugo_site_incremental(site, cache)
    result = read_hugo_site_incremental(site, cache)
    assert not result.postings and result.warnings == fresh.warnings
    assert loaded(result) == {p.uid: p for p in fresh.postings}

    some = next(p for p in fresh.postings if not p.is_section_page)
    path = site / some.id
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))  # touched
    result = read_hugo_site_incremental(site, cache)
    assert not result.postings  # same bytes: still unchanged


def test_a_read_leaves_no_reference_cycles(site, cache):
    """Cached postings outlive the read; nothing they hold may point back at the whole result
    (a cycle there kept every read alive until a slow full garbage collection)."""
    read_hugo_site_incremental(site, cache)
    edit(site, 4, "Remote first.")
    gc.collect()
    gc.disable()
    try:
        result = read_hugo_site_incremental(site, cache)
        assert len(result.unchanged) == COUNT - 1
        del result
        assert gc.collect() == 0
    finally:
        gc.enable()
