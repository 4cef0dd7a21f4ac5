"""The sources file: every type, paths relative to the file, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import ConfigError, InputError
from index.sources.config import load_sources, read_sources_file
from index.sources.greenhouse import GreenhouseSource
from index.sources.hugo import HugoSource
from index.sources.lever import LeverSource
from index.sources.markdown import MarkdownSource
from index.sources.recruitee import RecruiteeSource

from .conftest import FIXTURES, SITES

EVERY_TYPE = """
cache_dir = "cache"

[[source]]
type = "hugo"
path = "sites/hugo-kelpline"
sections = ["career"]

[[source]]
type = "markdown"
path = "sites/gatsby-kelpline"
glob = "src/jobs/**/*.md"
url = "https://www.kelpline.example/jobs/{slug}/"
fields = { title = "h1_title", apply_url = "applicationFormUrl", closes = "closingDate" }
date_format = "%d.%m.%Y"
open_when = { state = ["open"] }

[[source]]
type = "greenhouse"
board = "acme"
base_url = "http://127.0.0.1:1"

[[source]]
type = "lever"
site = "acme"
name = "acme-lever"
page_size = 50

[[source]]
type = "recruitee"
base_url = "https://acme.recruitee.com"
name = "acme-recruitee"
"""


def write(folder: Path, text: str) -> Path:
    path = folder / "careers.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site_folder(tmp_path: Path) -> Path:
    """A folder with the fixture sites under `sites/`, so relative paths resolve from it."""
    (tmp_path / "sites").symlink_to(SITES, target_is_directory=True)
    return tmp_path


def test_every_source_type(site_folder: Path):
    sources = load_sources(write(site_folder, EVERY_TYPE))

    hugo, markdown, greenhouse, lever, recruitee = sources
    assert isinstance(hugo, HugoSource) and hugo.name == "hugo-kelpline"
    assert hugo.path == (site_folder / "sites" / "hugo-kelpline").resolve()
    assert isinstance(markdown, MarkdownSource) and markdown.name == "gatsby-kelpline"
    assert markdown.spec.open_when == {"state": ["open"]}
    assert isinstance(greenhouse, GreenhouseSource) and greenhouse.name == "acme"
    assert greenhouse.fetcher.cache_dir == site_folder.resolve() / "cache"
    assert isinstance(lever, LeverSource) and lever.page_size == 50
    assert lever.base_url == "https://api.lever.co"
    assert isinstance(recruitee, RecruiteeSource) and recruitee.board == "acme"


def test_bare_sites_still_work_and_come_after_the_file(site_folder: Path):
    path = write(site_folder, '[[source]]\ntype = "greenhouse"\nboard = "acme"\n')
    sources = load_sources(path, [SITES / "hugo-kelpline"], base_url="https://x.example/")

    assert [source.name for source in sources] == ["acme", "hugo-kelpline"]
    assert load_sources(None, [SITES / "hugo-kelpline"])[0].name == "hugo-kelpline"


def test_the_cache_dir_argument_wins(site_folder: Path, tmp_path: Path):
    path = write(site_folder, '[[source]]\ntype = "lever"\nsite = "acme"\n')

    (lever,) = load_sources(path, cache_dir=tmp_path / "elsewhere")
    assert lever.fetcher.cache_dir == tmp_path / "elsewhere"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[source]]\ntype = "greenhouse"\n',
            r"source #1 \(greenhouse\): field `board`: Field required",
        ),
        ('[[source]]\ntype = "workday"\n', r"source #1: unknown type 'workday'"),
        ('[[source]]\ntype = "lever"\nsite = "a"\nboard = "b"\n', r"field `board`: unknown field"),
        ('[[source]]\ntype = "lever"\nsite = "a"\nattempts = "many"\n', r"field `attempts`"),
        (
            '[[source]]\ntype = "markdown"\npath = "x"\nurl = "/jobs/{slug}"\n',
            r"source #1 \(markdown 'x'\): field `url`",
        ),
        (
            '[[source]]\ntype = "markdown"\npath = "x"\nfields = { salary = "pay" }\n',
            r"unknown canonical field\(s\) salary",
        ),
        ('[[source]]\ntype = "recruitee"\nbase_url = "acme"\n', r"field `base_url`"),
        ("[source\n", r"invalid TOML"),
        ('title = "jobs"\n', r"no \[\[source\]\] tables"),
        ('colour = "red"\n[[source]]\ntype = "lever"\nsite = "a"\n', r"unknown top-level key"),
    ],
)
def test_errors_name_the_file_the_source_and_the_field(tmp_path: Path, text: str, message: str):
    path = write(tmp_path, text)

    with pytest.raises(InputError, match=message) as error:
        read_sources_file(path)
    assert error.value.path == str(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="not found"):
        load_sources(tmp_path / "nope.toml")


def test_source_names_must_be_unique(tmp_path: Path):
    text = (
        '[[source]]\ntype = "greenhouse"\nboard = "acme"\n\n'
        '[[source]]\ntype = "lever"\nsite = "acme"\n'
    )

    with pytest.raises(ConfigError, match="two sources are named 'acme'"):
        load_sources(write(tmp_path, text))


def test_a_markdown_source_needs_a_url_template_or_base_url(tmp_path: Path):
    text = f'[[source]]\ntype = "markdown"\npath = "{SITES / "jekyll-kelpline"}"\n'

    with pytest.raises(ConfigError, match="set `url` or `base_url`"):
        load_sources(write(tmp_path, text))


def test_the_documented_example_file_is_valid():
    specs = read_sources_file(FIXTURES / "sources" / "markdown-sites.toml").specs

    assert [spec.type for spec in specs] == ["markdown", "markdown"]
    assert specs[0].path == (SITES / "jekyll-kelpline").resolve()
