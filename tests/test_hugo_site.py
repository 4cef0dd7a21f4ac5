"""Reading the real Hugo sites in ../shared/corpus."""

from __future__ import annotations

from pathlib import Path

import yaml

from index.hugo.site import read_hugo_site
from index.models import SectionKind, Visibility
from index.sources.hugo import HugoSource


def _posting_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in (site / "content").rglob("career/*.md")}


def _front_matter(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
    return {k.lower(): v for k, v in data.items()}


def test_every_posting_of_both_sites_is_parsed(web_site: Path, beta_site: Path) -> None:
    for site in (web_site, beta_site):
        result = read_hugo_site(site)
        assert result.warnings == []
        assert {p.id for p in result.postings} == _posting_files(site)
        for posting in result.postings:
            assert posting.title
            assert posting.site == site.name
            assert any(s.kind == SectionKind.BODY for s in posting.sections)


def test_the_documented_urls(web_site: Path, beta_site: Path) -> None:
    web = {p.id: p.url for p in read_hugo_site(web_site).postings}
    beta = {p.id: p.url for p in read_hugo_site(beta_site).postings}
    assert web["content/career/2026-cloud-engineer.md"] == (
        "https://www.safespring.com/career/2026-cloud-engineer/"
    )
    assert beta["content/sv/career/2026-cloud-engineer.md"] == (
        "https://beta.safespring.se/karriar/ga-med-i-safespring-som-cloud-engineer/"
    )
    assert beta["content/en/career/2026-senior-platform-engineer.md"] == (
        "https://beta.safespring.eu/career/senior-platform-engineer/"
    )


def test_section_pages_are_indexed_with_their_section_url(web_site: Path, beta_site: Path) -> None:
    web = {p.id: p for p in read_hugo_site(web_site).postings}
    assert web["content/career/_index.md"].is_section_page
    assert web["content/career/_index.md"].url == "https://www.safespring.com/career/"
    beta = {p.id: p for p in read_hugo_site(beta_site).postings}
    assert beta["content/sv/career/_index.md"].url == "https://beta.safespring.se/karriar/"
    assert sum(p.is_section_page for p in beta.values()) == 4


def test_beta_languages_come_from_the_mounts(beta_site: Path) -> None:
    for posting in read_hugo_site(beta_site).postings:
        assert posting.language == posting.id.split("/")[1]
    assert {p.language for p in read_hugo_site(beta_site).postings} == {"sv", "en", "nb", "da"}


def test_translations_share_a_translation_key(beta_site: Path) -> None:
    postings = read_hugo_site(beta_site).postings
    keys = {p.id: p.translation_key for p in postings}
    assert keys["content/sv/career/2026-cloud-engineer.md"] == "career/2026-cloud-engineer.md"
    assert keys["content/da/career/2026-cloud-engineer.md"] == "career/2026-cloud-engineer.md"


def test_visibility_follows_each_files_draft_flag(web_site: Path, beta_site: Path) -> None:
    seen = set()
    for site in (web_site, beta_site):
        for posting in read_hugo_site(site).postings:
            draft = _front_matter(site / posting.id).get("draft") is True
            expected = Visibility.DRAFT if draft else Visibility.PUBLISHED
            assert posting.visibility == expected, posting.id
            seen.add(posting.visibility)
    assert seen == {Visibility.DRAFT, Visibility.PUBLISHED}


def test_apply_links_and_dates_become_facts(web_site: Path) -> None:
    for posting in read_hugo_site(web_site).postings:
        front = _front_matter(web_site / posting.id)
        url = str(front.get("sidebarlinkurl", ""))
        if url.startswith("https://") and "apply" in str(front.get("sidebarlinkname", "")).lower():
            assert posting.fields["apply_url"] == url
        facts = [s for s in posting.sections if s.kind == SectionKind.FACTS]
        assert len(facts) == 1
        assert f"Published: {front['date']}" in facts[0].sentences


def test_hugo_source_reads_through_read_hugo_site(beta_site: Path) -> None:
    source = HugoSource(beta_site, name="beta")
    result = source.read()
    assert source.name == "beta"
    assert all(p.site == "beta" for p in result.postings)
    assert HugoSource(beta_site).name == "safespring-beta"
