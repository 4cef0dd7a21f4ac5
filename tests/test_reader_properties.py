"""Property-based tests of the readers: whatever a content file or a folder holds, reading never
raises, a file whose front matter parses and names a title is a posting, and every other file
is named in a warning. Most examples run the reading and chunking layer; `test_build_properties`
sends a few through the real build. More examples: `pytest -m slow`."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from folder_strategies import MAX_BYTES, entries, hugo_site, make_readable, shown, write_folder
from hypothesis import given
from reader_strategies import GOOD, SECTION, Page, examples, pages

from index.chunking import chunk_posting
from index.hugo.site import read_hugo_site
from index.models import ReadResult
from index.sources.markdown import MarkdownSource
from index.sources.specs import MarkdownSpec

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def check_postings(result: ReadResult, written: str = "") -> None:
    """What the build does next with a posting works: chunking it and hashing its content; an
    empty field shows nowhere (no `Location: None`)."""
    for posting in result.postings:
        assert posting.title.strip() and posting.url.startswith("https://")
        if "None" not in written:
            assert all("None" not in section.text for section in posting.sections)
        for chunk in chunk_posting(posting):
            assert isinstance(chunk.embedding_text(), str)
        assert posting.content_hash()


def accounted(result: ReadResult, prefix: str) -> tuple[set[str], set[str]]:
    """(posting files, warned files), as names under `prefix`."""
    postings = {posting.id.removeprefix(prefix) for posting in result.postings}
    return postings, {warning.path.removeprefix(prefix) for warning in result.warnings}


def hugo_page(page: Page) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = hugo_site(Path(tmp))
        (site / SECTION / "job.md").write_text(page.text, encoding="utf-8")
        result = read_hugo_site(site, now=NOW)
    check_postings(result, page.text)
    postings, warned = accounted(result, f"{SECTION}/")
    assert "good.md" in postings
    if page.title_expected:
        assert "job.md" in postings, result.warnings
    else:
        assert "job.md" in warned and "job.md" not in postings


def markdown_page(page: Page) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        jobs = Path(tmp) / "_jobs"
        jobs.mkdir()
        (jobs / "good.md").write_text(GOOD, encoding="utf-8")
        (jobs / "job.md").write_text(page.text, encoding="utf-8")
        spec = MarkdownSpec(type="markdown", path=Path(tmp), url="https://k.example/{stem}/")
        result = MarkdownSource(spec, now=NOW).read()
    check_postings(result, page.text)
    postings, warned = accounted(result, "_jobs/")
    assert "good.md" in postings
    assert "job.md" in postings | warned or page.draft


def hugo_folder(chosen: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = hugo_site(Path(tmp))
        try:
            expected = write_folder(site / SECTION, chosen)
            cache = Path(tmp) / "parse-cache"
            reads = [read_hugo_site(site, now=NOW, max_file_bytes=MAX_BYTES, cache_file=cache)]
            reads.append(read_hugo_site(site, now=NOW, max_file_bytes=MAX_BYTES, cache_file=cache))
            reads.append(read_hugo_site(site, now=NOW, max_file_bytes=MAX_BYTES))
        finally:
            make_readable(Path(tmp))
    outcomes = [accounted(result, f"{SECTION}/") for result in reads]
    assert outcomes[0] == outcomes[1] == outcomes[2]  # through the cache or not, the same
    postings, warned = outcomes[0]
    check_postings(reads[0], "".join(page.text for _, _, page in chosen))
    assert "good.md" in postings
    for name, page in expected.items():
        if page is not None and page.title_expected:
            assert shown(name) in postings, reads[0].warnings
        else:
            assert shown(name) in warned, (name, reads[0].warnings)


test_a_hugo_page_is_a_posting_or_a_named_warning = examples(150)(given(pages())(hugo_page))
test_a_markdown_page_is_a_posting_or_a_named_warning = examples(60)(given(pages())(markdown_page))
test_every_file_of_an_odd_folder_is_a_posting_or_named = examples(60)(given(entries)(hugo_folder))

slow = pytest.mark.slow
test_hugo_pages_slow = slow(examples(150, slow=True)(given(pages())(hugo_page)))
test_markdown_pages_slow = slow(examples(60, slow=True)(given(pages())(markdown_page)))
test_odd_folders_slow = slow(examples(60, slow=True)(given(entries)(hugo_folder)))
