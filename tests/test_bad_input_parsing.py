"""Bad input: each gives a warning naming the file and the reason, and the rest is indexed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.errors import InputError
from index.hugo.site import read_hugo_site

GOOD = "---\ntitle: Good posting\n---\n\nA fine job.\n"


def _site(tmp_path: Path, bad_name: str, bad: bytes | str, config: str | None = None) -> Path:
    (tmp_path / "hugo.toml").write_text(config or 'baseURL = "https://ex.org/"\n')
    jobs = tmp_path / "content" / "careers"
    jobs.mkdir(parents=True)
    (jobs / "good.md").write_text(GOOD, encoding="utf-8")
    data = bad.encode("utf-8") if isinstance(bad, str) else bad
    (jobs / bad_name).write_bytes(data)
    return tmp_path


def _read_one_skipped(site: Path, name: str) -> str:
    result = read_hugo_site(site)
    assert [p.id for p in result.postings] == ["content/careers/good.md"]
    assert [w.path for w in result.warnings] == [f"content/careers/{name}"]
    return result.warnings[0].reason


def test_invalid_yaml(tmp_path: Path) -> None:
    site = _site(tmp_path, "bad.md", "---\ntitle: [unclosed\n---\nText.\n")
    assert "invalid YAML" in _read_one_skipped(site, "bad.md")


def test_missing_title(tmp_path: Path) -> None:
    site = _site(tmp_path, "untitled.md", "---\ndate: 2026-01-01\n---\nText.\n")
    assert "missing title" in _read_one_skipped(site, "untitled.md")


def test_non_utf8_bytes(tmp_path: Path) -> None:
    site = _site(tmp_path, "latin1.md", "---\ntitle: Söker\n---\nText.\n".encode("latin-1"))
    assert "UTF-8" in _read_one_skipped(site, "latin1.md")


@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    site = _site(tmp_path, "empty.md", content)
    assert "empty" in _read_one_skipped(site, "empty.md")


def test_huge_file_is_skipped_without_reading_it(tmp_path: Path) -> None:
    site = _site(tmp_path, "big.md", GOOD)
    with (site / "content/careers/big.md").open("ab") as handle:
        handle.truncate(20 * 1024 * 1024)
    started = time.perf_counter()
    reason = _read_one_skipped(site, "big.md")
    assert "too large" in reason
    assert time.perf_counter() - started < 5  # a generous bound: parsing 20 MB would take longer


def test_unknown_shortcode_warns_and_still_indexes(tmp_path: Path) -> None:
    body = "---\ntitle: Odd\n---\n{{< sparkle-box >}}\nShiny perks.\n{{< /sparkle-box >}}\n"
    site = _site(tmp_path, "odd.md", body)
    result = read_hugo_site(site)
    odd = next(p for p in result.postings if p.id.endswith("odd.md"))
    assert "Shiny perks." in odd.sections[0].text
    assert [w.path for w in result.warnings] == ["content/careers/odd.md"]
    assert "sparkle-box" in result.warnings[0].reason


def test_unclosed_shortcode_warns_and_still_indexes(tmp_path: Path) -> None:
    body = "---\ntitle: Open\n---\n{{< ingress >}}\nWelcome aboard.\n\n{{< note text='x'\n"
    site = _site(tmp_path, "open.md", body)
    result = read_hugo_site(site)
    posting = next(p for p in result.postings if p.id.endswith("open.md"))
    assert posting.sections[0].text == "Welcome aboard."
    reasons = [w.reason for w in result.warnings if w.path == "content/careers/open.md"]
    assert reasons and all("unclosed shortcode" in r for r in reasons)


def test_broken_site_config_falls_back_to_base_url(tmp_path: Path) -> None:
    site = _site(tmp_path, "also-good.md", GOOD, config='baseURL = "https://ex.org/\n[oops')
    result = read_hugo_site(site, base_url="https://fallback.example/")
    assert {p.url for p in result.postings} == {
        "https://fallback.example/careers/good/",
        "https://fallback.example/careers/also-good/",
    }
    assert [w.path for w in result.warnings] == ["hugo.toml"]
    assert "broken site config" in result.warnings[0].reason


def test_broken_site_config_without_base_url_is_an_input_error(tmp_path: Path) -> None:
    site = _site(tmp_path, "also-good.md", GOOD, config="baseURL: [\n")
    (site / "hugo.toml").rename(site / "hugo.yaml")
    with pytest.raises(InputError) as error:
        read_hugo_site(site)
    assert error.value.path.endswith("hugo.yaml")
    assert "broken site config" in error.value.reason


def test_shortcode_with_an_unterminated_quote_keeps_its_link(tmp_path: Path) -> None:
    body = (
        "---\ntitle: Typo\n---\nJoin us.\n\n"
        '{{< icon-block-horisontal text="Click here to apply" link="https://jobs.example/1>}}\n\n'
        "{{< distance >}}\nThe end.\n"
    )
    result = read_hugo_site(_site(tmp_path, "typo.md", body))
    posting = next(p for p in result.postings if p.id.endswith("typo.md"))
    assert posting.sections[0].text.split("\n") == [
        "Join us.",
        "Click here to apply (https://jobs.example/1)",
        "The end.",
    ]
    assert posting.fields["apply_url"] == "https://jobs.example/1"
    assert [w.path for w in result.warnings] == ["content/careers/typo.md"]
    assert "unclosed shortcode" in result.warnings[0].reason


def test_missing_site_or_content_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        read_hugo_site(tmp_path / "nowhere", base_url="https://ex.org/")
    (tmp_path / "hugo.toml").write_text('baseURL = "https://ex.org/"\n')
    with pytest.raises(InputError, match="no content folder"):
        read_hugo_site(tmp_path)
