"""Reading one file is isolated: empty fields are ignored, and whatever goes wrong in one file
(its YAML, the file system, a bug in a reader) is a warning naming that file and the reason."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sources.conftest import BOARD, FAST, RECRUITEE_PATH, load_fixture

from index.hugo import site as hugo_site
from index.hugo.site import read_hugo_site
from index.sources.http import JsonFetcher
from index.sources.markdown import MarkdownSource
from index.sources.recruitee import RecruiteeSource
from index.sources.specs import MarkdownSpec

GOOD = "---\ntitle: Good posting\n---\n\nA fine job on the night shift.\n"
SECTION = "content/careers"
EMPTY_VALUES = {
    "description": '""',
    "title_only": "",  # no other field at all
    "date": '""',
    "publishDate": '""',
    "expiryDate": '""',
    "draft": '""',
    "slug": '""',
    "url": '""',
    "location": "",  # null
    "salary": '""',
    "tags": "[]",
    "params": "{}",
    "translationKey": '""',
    "sidebarLinkUrl": '""',
    "aliases": "",
}


def write_site(root: Path, files: dict[str, str] | None = None) -> Path:
    (root / SECTION).mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://ex.org/"\n', encoding="utf-8")
    for name, text in {"good.md": GOOD, **(files or {})}.items():
        (root / SECTION / name).write_text(text, encoding="utf-8")
    return root


def skips(result) -> dict[str, str]:
    return {warning.path.removeprefix(f"{SECTION}/"): warning.reason for warning in result.warnings}


def titles(result) -> list[str]:
    return sorted(posting.title for posting in result.postings)


@pytest.mark.parametrize("key", EMPTY_VALUES)
def test_an_empty_front_matter_value_is_ignored(tmp_path: Path, key: str) -> None:
    line = f"{key}: {EMPTY_VALUES[key]}\n" if key != "title_only" else ""
    plain = "---\ntitle: Night Nurse\n---\nYou will care for patients at night.\n"
    with_empty = plain.replace("---\nYou", f"{line}---\nYou", 1)
    baseline = read_hugo_site(write_site(tmp_path / "plain", {"nurse.md": plain}))
    result = read_hugo_site(write_site(tmp_path / "empty", {"nurse.md": with_empty}))

    assert result.warnings == []
    assert titles(result) == ["Good posting", "Night Nurse"]
    nurse, plain_nurse = (
        next(p for p in r.postings if p.title == "Night Nurse") for r in (result, baseline)
    )
    assert nurse.sections == plain_nurse.sections  # nothing else changes
    assert nurse.fields == plain_nurse.fields
    assert (nurse.url, nurse.visibility) == (plain_nurse.url, plain_nurse.visibility)


@pytest.mark.parametrize("title", ['""', "", "~", "'   '"])
def test_an_empty_title_skips_the_posting_with_a_warning(tmp_path: Path, title: str) -> None:
    site = write_site(tmp_path, {"untitled.md": f"---\ntitle: {title}\n---\nText.\n"})
    result = read_hugo_site(site)
    assert titles(result) == ["Good posting"]
    assert skips(result) == {"untitled.md": "missing title in front matter"}


def test_a_file_link_loop_and_a_dangling_link_are_named(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    folder = site / SECTION
    os.symlink("b.md", folder / "a.md")
    os.symlink("a.md", folder / "b.md")
    os.symlink("gone.md", folder / "dangling.md")

    for result in (read_hugo_site(site), read_hugo_site(site, cache_file=tmp_path / "cache")):
        assert titles(result) == ["Good posting"]
        assert skips(result) == {
            "a.md": "symbolic link loop: the link leads back to itself",
            "b.md": "symbolic link loop: the link leads back to itself",
            "dangling.md": "dangling symbolic link: its target gone.md does not exist",
        }


def test_folder_link_loops_are_not_followed(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    folder = site / SECTION / "deeper"
    folder.mkdir()
    (folder / "inner.md").write_text(GOOD.replace("Good posting", "Inner"), encoding="utf-8")
    os.symlink("..", folder / "up")
    os.symlink(str(site / "content"), folder / "again")
    os.symlink("self", folder / "self")
    done: list[object] = []
    reader = threading.Thread(target=lambda: done.append(read_hugo_site(site)), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert done, "reading a site with folder link loops did not finish"
    assert titles(done[0]) == ["Good posting", "Inner"]
    assert done[0].warnings == []


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"locked.md": GOOD.replace("Good posting", "Locked")})
    locked = site / SECTION / "locked.md"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who reads any file (root)")
        result = read_hugo_site(site, cache_file=tmp_path / "cache")
        assert titles(result) == ["Good posting"]
        assert skips(result) == {"locked.md": "cannot read: Permission denied"}
        locked.chmod(0o644)  # fixed: the next read picks it up
        assert titles(read_hugo_site(site, cache_file=tmp_path / "cache")) == [
            "Good posting",
            "Locked",
        ]
    finally:
        locked.chmod(0o644)


def test_odd_file_names_are_indexed_and_a_non_utf8_name_is_named(tmp_path: Path) -> None:
    names = ["with space.md", "ünï çødé ☃.md", ".hidden.md", "-dash.md", "--.md", "a'b\"c.md"]
    site = write_site(tmp_path, {name: GOOD.replace("Good posting", name) for name in names})
    with open(os.fsencode(site / SECTION) + b"/caf\xe9.md", "wb") as handle:
        handle.write(GOOD.encode())

    result = read_hugo_site(site)

    assert titles(result) == sorted(["Good posting", *names])
    assert skips(result) == {"caf\\xe9.md": "the file name is not valid UTF-8"}


def test_a_bug_in_the_reader_costs_one_file(tmp_path: Path, monkeypatch) -> None:
    site = write_site(tmp_path, {"trigger.md": GOOD.replace("night shift", "BOOM shift")})
    real = hugo_site.parse_markdown

    def buggy(body: str, **options):
        if "BOOM" in body:
            raise ZeroDivisionError("a bug in the markdown parser")
        return real(body, **options)

    monkeypatch.setattr(hugo_site, "parse_markdown", buggy)
    cache = tmp_path / "cache"
    for result in (read_hugo_site(site), *(read_hugo_site(site, cache_file=cache) for _ in "12")):
        assert titles(result) == ["Good posting"]  # the second cached read: from the cache
        assert skips(result) == {
            "trigger.md": "cannot parse: ZeroDivisionError: a bug in the markdown parser"
        }


def markdown_site(root: Path) -> MarkdownSpec:
    jobs = root / "_jobs"
    jobs.mkdir(parents=True)
    (jobs / "good.md").write_text(GOOD, encoding="utf-8")
    (jobs / "empty-description.md").write_text(
        '---\ntitle: Ferry Mate\ndescription: ""\ndate: ""\n---\nYou crew the ferry.\n'
    )
    (jobs / "broken.md").write_text("---\ntitle: [open\n---\nText.\n", encoding="utf-8")
    (jobs / "latin1.md").write_bytes("---\ntitle: Söker\n---\nText.\n".encode("latin-1"))
    (jobs / "trigger.md").write_text(GOOD.replace("night shift", "BOOM"), encoding="utf-8")
    os.symlink("b.md", jobs / "a.md")
    os.symlink("a.md", jobs / "b.md")
    os.symlink("gone.md", jobs / "dangling.md")
    os.symlink("..", jobs / "up")
    return MarkdownSpec(type="markdown", path=root, glob="**/*.md", url="https://k.example/{stem}/")


def test_the_markdown_reader_isolates_each_file(tmp_path: Path, monkeypatch) -> None:
    import index.sources.markdown as markdown

    real = markdown.parse_markdown
    monkeypatch.setattr(
        markdown,
        "parse_markdown",
        lambda body, **kw: 1 / 0 if "BOOM" in body else real(body, **kw),
    )
    result = MarkdownSource(markdown_site(tmp_path)).read()

    assert titles(result) == ["Ferry Mate", "Good posting"]
    reasons = {w.path.removeprefix("_jobs/"): w.reason for w in result.warnings}
    assert set(reasons) == {"broken.md", "latin1.md", "trigger.md", "a.md", "b.md", "dangling.md"}
    assert "invalid YAML" in reasons["broken.md"]
    assert reasons["latin1.md"] == "not valid UTF-8 (byte 12)"
    assert reasons["trigger.md"] == "cannot parse: ZeroDivisionError: division by zero"
    assert reasons["a.md"] == reasons["b.md"] == "symbolic link loop: the link leads back to itself"
    assert reasons["dangling.md"].startswith("dangling symbolic link")


def test_one_bad_job_of_a_board_skips_that_job_only(httpserver: HTTPServer, tmp_path) -> None:
    offers = load_fixture("recruitee_offers.json")
    good = [offer["title"] for offer in offers["offers"]]
    offers["offers"][0]["title"] = ""  # an empty field of the one job it must not be mapped for
    del offers["offers"][1]["careers_url"]
    offers["offers"] += ["not a job", None, {"id": 77, "title": ["a", "list"]}, {"id": None}]
    httpserver.expect_request(RECRUITEE_PATH).respond_with_json(offers)

    fetcher = JsonFetcher(tmp_path / "http-cache", FAST)
    result = RecruiteeSource(BOARD, base_url=httpserver.url_for(""), fetcher=fetcher).read()

    assert [posting.title for posting in result.postings] == good[2:]
    reasons = {warning.path: warning.reason for warning in result.warnings}
    first, second = (f"recruitee/{BOARD}/{offer['id']}" for offer in offers["offers"][:2])
    assert set(reasons) == {
        first,
        second,
        f"recruitee/{BOARD}/#4",
        f"recruitee/{BOARD}/#5",
        f"recruitee/{BOARD}/77",
        f"recruitee/{BOARD}/#7",
    }
    assert reasons[first] == "no title"
    assert reasons[second] == "cannot parse: KeyError: 'careers_url'"
    assert reasons[f"recruitee/{BOARD}/#4"] == "not a job object but str"
    assert reasons[f"recruitee/{BOARD}/#5"] == "not a job object but NoneType"
    assert reasons[f"recruitee/{BOARD}/#7"] == "no job id"
