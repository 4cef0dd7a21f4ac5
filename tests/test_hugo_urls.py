"""URLs and languages of small Hugo sites written for each test: config forms Hugo accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import InputError
from index.hugo.site import read_hugo_site

POSTING = "---\ntitle: {title}\n{extra}---\n\nSome text about the job.\n"


def write_site(root: Path, config: tuple[str, str] | None, files: dict[str, str]) -> Path:
    """A site folder: an optional (name, text) config and content files {path: front matter}."""
    if config:
        (root / config[0]).write_text(config[1], encoding="utf-8")
    for path, extra in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        title = "Senior Engineer"
        if extra.startswith("title:"):
            title, _, extra = extra.partition("\n")
            title = title.removeprefix("title:").strip()
        target.write_text(POSTING.format(title=title, extra=extra), encoding="utf-8")
    return root


def urls(site: Path, **kwargs) -> dict[str, str]:
    return {p.id: p.url for p in read_hugo_site(site, **kwargs).postings}


def test_default_pattern_is_section_and_file_name(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        ("config.toml", 'baseURL = "https://example.org/"\n'),
        {"content/jobs/Data Engineer.md": "", "content/blog/post.md": ""},
    )
    assert urls(site) == {
        "content/jobs/Data Engineer.md": "https://example.org/jobs/data-engineer/"
    }


def test_slug_url_and_bundles(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        ("hugo.yaml", "baseURL: https://example.org/sub/\n"),
        {
            "content/careers/a.md": "slug: backend-dev\n",
            "content/careers/b.md": "url: /join/us/\n",
            "content/careers/bundle/index.md": "",
        },
    )
    assert urls(site) == {
        "content/careers/a.md": "https://example.org/sub/careers/backend-dev/",
        "content/careers/b.md": "https://example.org/sub/join/us/",
        "content/careers/bundle/index.md": "https://example.org/sub/careers/bundle/",
    }


@pytest.mark.parametrize(
    ("permalinks", "expected"),
    [
        ("[permalinks]\njobs = '/work/:slug/'\n", "/work/senior-engineer/"),
        ("[permalinks.page]\njobs = '/work/:title/'\n", "/work/senior-engineer/"),
        ("[permalinks]\njobs = '/:year/:month/:day/:filename/'\n", "/2025/03/09/x/"),
        ("[permalinks]\njobs = '/:sections/:contentbasename/'\n", "/jobs/x/"),
        ("[permalinks]\njobs = '/:section/:slug/'\n", "/jobs/senior-engineer/"),
    ],
)
def test_top_level_permalinks(tmp_path: Path, permalinks: str, expected: str) -> None:
    config = f'baseURL = "https://example.org/"\n{permalinks}'
    site = write_site(tmp_path, ("hugo.toml", config), {"content/jobs/x.md": "date: 2025-03-09\n"})
    assert urls(site)["content/jobs/x.md"] == "https://example.org" + expected


def test_slug_from_title_removes_accents_when_configured(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://ex.se/"\nremovePathAccents = true\n[permalinks]\njobs = "/:slug/"\n'
    )
    site = write_site(
        tmp_path, ("hugo.toml", config), {"content/jobs/x.md": "title: Gå med i vårt team!\n"}
    )
    assert urls(site)["content/jobs/x.md"] == "https://ex.se/ga-med-i-vart-team/"


def test_accents_kept_and_percent_encoded_by_default(tmp_path: Path) -> None:
    config = 'baseURL = "https://ex.se/"\n[permalinks]\njobs = "/:slug/"\n'
    site = write_site(tmp_path, ("hugo.toml", config), {"content/jobs/x.md": "title: Söka jobb\n"})
    assert urls(site)["content/jobs/x.md"] == "https://ex.se/s%C3%B6ka-jobb/"


def test_disable_path_to_lower(tmp_path: Path) -> None:
    config = 'baseURL = "https://ex.org/"\ndisablePathToLower = true\n'
    site = write_site(tmp_path, ("hugo.toml", config), {"content/Jobs/Data-Engineer.md": ""})
    assert urls(site)["content/Jobs/Data-Engineer.md"] == "https://ex.org/Jobs/Data-Engineer/"


MULTILINGUAL = """
baseURL = "https://example.org/"
defaultContentLanguage = "en"
[languages.en]
weight = 1
[languages.sv]
weight = 2
[languages.sv.permalinks]
jobs = "/jobb/:slug/"
[languages.nb]
baseURL = "https://example.no/"
"""


def test_filename_language_suffix_prefix_and_per_language_permalinks(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        ("hugo.toml", MULTILINGUAL),
        {
            "content/jobs/dev.md": "",
            "content/jobs/dev.sv.md": "title: Utvecklare\n",
            "content/jobs/dev.nb.md": "",
        },
    )
    postings = {p.id: p for p in read_hugo_site(site).postings}
    assert postings["content/jobs/dev.md"].url == "https://example.org/jobs/dev/"
    assert postings["content/jobs/dev.sv.md"].url == "https://example.org/sv/jobb/utvecklare/"
    assert postings["content/jobs/dev.nb.md"].url == "https://example.no/jobs/dev/"
    assert {p.language for p in postings.values()} == {"en", "sv", "nb"}
    assert {p.translation_key for p in postings.values()} == {"jobs/dev.md"}


def test_default_language_in_subdir(tmp_path: Path) -> None:
    config = MULTILINGUAL.replace(
        'defaultContentLanguage = "en"', "defaultContentLanguageInSubdir = true"
    )
    site = write_site(tmp_path, ("hugo.toml", config), {"content/jobs/dev.md": ""})
    assert urls(site)["content/jobs/dev.md"] == "https://example.org/en/jobs/dev/"


def test_content_dir_per_language(tmp_path: Path) -> None:
    config = MULTILINGUAL.replace(
        "[languages.sv]\n", "[languages.sv]\ncontentDir = 'content/svenska'\n"
    )
    site = write_site(tmp_path, ("hugo.toml", config), {"content/svenska/jobs/dev.md": ""})
    posting = read_hugo_site(site).postings[0]
    assert posting.language == "sv"
    assert posting.url == "https://example.org/sv/jobb/senior-engineer/"


@pytest.mark.parametrize(
    "mount_language",
    ["lang = 'sv'", "[module.mounts.sites.matrix]\nlanguages = ['sv']"],
)
def test_module_mounts_old_and_new_form(tmp_path: Path, mount_language: str) -> None:
    mounts = f"""
[[module.mounts]]
source = 'content/en'
target = 'content'
lang = 'en'
[[module.mounts]]
source = 'content/sv'
target = 'content'
{mount_language}
"""
    site = write_site(
        tmp_path,
        ("hugo.toml", MULTILINGUAL + mounts),
        {"content/en/jobs/dev.md": "", "content/sv/jobs/dev.md": ""},
    )
    postings = {p.id: p for p in read_hugo_site(site).postings}
    assert postings["content/sv/jobs/dev.md"].language == "sv"
    assert postings["content/sv/jobs/dev.md"].url == "https://example.org/sv/jobb/senior-engineer/"
    assert postings["content/en/jobs/dev.md"].url == "https://example.org/jobs/dev/"
    assert postings["content/sv/jobs/dev.md"].translation_key == "jobs/dev.md"


def test_section_permalinks_apply_to_the_section_page(tmp_path: Path) -> None:
    config = 'baseURL = "https://ex.org/"\n[permalinks.section]\njobs = "/work/"\n'
    site = write_site(tmp_path, ("hugo.toml", config), {"content/jobs/_index.md": ""})
    posting = read_hugo_site(site).postings[0]
    assert posting.is_section_page
    assert posting.url == "https://ex.org/work/"


def test_sections_are_configurable(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        ("hugo.toml", 'baseURL = "https://ex.org/"\n'),
        {"content/vacancies/a.md": "", "content/jobs/b.md": ""},
    )
    assert set(urls(site, sections=("vacancies",))) == {"content/vacancies/a.md"}


def test_site_without_config_needs_a_base_url(tmp_path: Path) -> None:
    site = write_site(tmp_path, None, {"content/careers/a.md": ""})
    with pytest.raises(InputError, match=str(tmp_path)):
        read_hugo_site(site)
    assert urls(site, base_url="https://ex.org") == {
        "content/careers/a.md": "https://ex.org/careers/a/"
    }


def test_anchor_style_comes_from_the_config(tmp_path: Path) -> None:
    config = 'baseURL = "https://ex.org/"\n[markup.goldmark.parser]\nautoIDType = "github-ascii"\n'
    site = write_site(tmp_path, ("hugo.toml", config), {"content/jobs/a.md": ""})
    path = site / "content/jobs/a.md"
    path.write_text(path.read_text() + "\n## Vad du gör\n\nMycket.\n", encoding="utf-8")
    posting = read_hugo_site(site).postings[0]
    assert [s.anchor for s in posting.sections if s.heading] == ["vad-du-gor"]


def test_config_without_base_url_needs_one(tmp_path: Path) -> None:
    site = write_site(tmp_path, ("hugo.toml", 'title = "x"\n'), {"content/jobs/a.md": ""})
    with pytest.raises(InputError, match=r"hugo\.toml"):
        read_hugo_site(site)
    assert urls(site, base_url="https://ex.org/") == {"content/jobs/a.md": "https://ex.org/jobs/a/"}


def test_toml_and_json_front_matter_and_bundle_resources(tmp_path: Path) -> None:
    site = tmp_path
    (site / "hugo.toml").write_text('baseURL = "https://ex.org/"\n')
    jobs = site / "content" / "jobs"
    (jobs / "bundle").mkdir(parents=True)
    (jobs / "a.md").write_text('+++\ntitle = "From TOML"\nslug = "toml"\n+++\nText.\n')
    (jobs / "b.md").write_text('{\n  "title": "From JSON",\n  "draft": false\n}\nText.\n')
    (jobs / "bundle" / "index.md").write_text("---\ntitle: Bundle\n---\nText.\n")
    (jobs / "bundle" / "snippet.md").write_text("---\ntitle: A resource\n---\nText.\n")
    postings = {p.title: p.url for p in read_hugo_site(site).postings}
    assert postings == {
        "From TOML": "https://ex.org/jobs/toml/",
        "From JSON": "https://ex.org/jobs/b/",
        "Bundle": "https://ex.org/jobs/bundle/",
    }


def test_ugly_urls_and_disabled_languages(tmp_path: Path) -> None:
    config = MULTILINGUAL.replace("[languages.nb]\n", "[languages.nb]\ndisabled = true\n")
    site = write_site(
        tmp_path,
        ("hugo.toml", "uglyURLs = true\n" + config),
        {"content/jobs/dev.md": "", "content/jobs/dev.nb.md": ""},
    )
    assert urls(site) == {"content/jobs/dev.md": "https://example.org/jobs/dev.html"}
