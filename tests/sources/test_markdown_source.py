"""Markdown sites of other shapes than Hugo: a Jekyll site and a Gatsby-style site."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.models import Posting, SectionKind, Visibility
from index.sources.liquid import render_liquid
from index.sources.markdown import MarkdownSource
from index.sources.specs import MarkdownSpec

from .conftest import SITES


def jekyll_spec(**overrides) -> MarkdownSpec:
    settings = {
        "type": "markdown",
        "path": SITES / "jekyll-kelpline",
        "glob": "_jobs/*.md",
        "url": "https://jobs.kelpline.example{permalink}",
        "open_when": {"state": "open"},
    } | overrides
    return MarkdownSpec.model_validate(settings)


def gatsby_spec(**overrides) -> MarkdownSpec:
    settings = {
        "type": "markdown",
        "path": SITES / "gatsby-kelpline",
        "glob": "src/jobs/**/*.md",
        "url": "https://www.kelpline.example{path}/",
        "fields": {"title": "h1_title", "apply_url": "applicationFormUrl", "closes": "closingDate"},
        "date_format": "%d.%m.%Y",
        "expired_glob": "src/jobs/openings-expired/**/*.md",
    } | overrides
    return MarkdownSpec.model_validate(settings)


def _by_title(postings: list[Posting]) -> dict[str, Posting]:
    return {posting.title: posting for posting in postings}


def _facts(posting: Posting) -> str:
    return next(s.text for s in posting.sections if s.kind == SectionKind.FACTS)


def _all_text(posting: Posting) -> str:
    return "\n".join(section.text for section in posting.sections)


def test_jekyll_postings_with_permalink_state_and_liquid_salary():
    result = MarkdownSource(jekyll_spec()).read()
    postings = _by_title(result.postings)

    backend = postings["Backend Engineer, Telemetry"]
    assert backend.id == "_jobs/2026-03-01-backend-engineer.md"
    assert backend.site == "jekyll-kelpline"
    assert backend.url == "https://jobs.kelpline.example/jobs/backend-engineer/"
    assert backend.visibility == Visibility.PUBLISHED
    salary = next(s for s in backend.sections if s.heading == "Salary")
    assert salary.anchor == "salary"
    assert salary.sentences == ("The salary for this role is 640000–720000 NOK per year.",)
    text = _all_text(backend)
    assert "{%" not in text and "{{" not in text and "Remember to update" not in text
    assert backend.fields["contact"] == "hiring@kelpline.example"
    assert postings["Machine Learning Engineer"].visibility == Visibility.EXPIRED  # state: closed


def test_salary_only_in_front_matter_is_quotable_from_the_facts():
    postings = _by_title(MarkdownSource(jekyll_spec()).read().postings)
    steward = postings["Data Steward"]

    assert "Salary: 540000–600000 NOK" in steward.sections[-1].sentences
    assert steward.sections[-1].kind == SectionKind.FACTS
    assert "540000" not in "".join(s.text for s in steward.sections[:-1])


def test_prose_in_front_matter_becomes_sections_named_by_their_key():
    steward = _by_title(MarkdownSource(jekyll_spec()).read().postings)["Data Steward"]
    fields = {s.heading: s for s in steward.sections if s.kind == SectionKind.FIELD}

    assert set(fields) == {"Terms", "Requirements"}
    assert fields["Terms"].text.startswith("Permanent position with six months of probation")
    assert fields["Requirements"].sentences == (
        "Experience cataloguing scientific datasets.",
        "A careful eye for metadata and licences.",
    )
    assert all(section.anchor == "" for section in fields.values())


def test_drafts_are_left_out_unless_asked_for_and_bad_files_are_reported():
    result = MarkdownSource(jekyll_spec()).read()
    assert "Harbour Coordinator" not in _by_title(result.postings)
    assert [w.path for w in result.warnings] == ["_jobs/broken.md"]
    assert "invalid YAML" in result.warnings[0].reason

    with_drafts = _by_title(MarkdownSource(jekyll_spec(include_drafts=True)).read().postings)
    assert with_drafts["Harbour Coordinator"].visibility == Visibility.DRAFT


def test_gatsby_postings_with_path_mapped_fields_and_date_format():
    result = MarkdownSource(gatsby_spec()).read()
    postings = _by_title(result.postings)

    assert result.warnings == []
    lead = postings["Hardware Team Lead"]
    assert lead.id == "src/jobs/hardware-lead/index.md"
    assert lead.url == "https://www.kelpline.example/careers/hardware-lead/"
    assert lead.fields["closes"] == "2020-01-31"
    assert lead.fields["date"] == "2019-12-01"
    assert lead.fields["apply_url"] == "https://apply.kelpline.example/hardware-lead"
    assert lead.fields["location"] == "Bergen"
    # the field is an ISO date; its line quotes the date as the posting writes it
    assert "Closes: 31.01.2020" in _facts(lead)
    assert [s.heading for s in lead.sections if s.kind == SectionKind.BODY] == [
        "",
        "Responsibilities",
        "Qualifications",
    ]
    # a closing date in the past does not hide a posting the site still publishes
    assert lead.visibility == Visibility.PUBLISHED
    assert postings["Summer Intern 2018"].visibility == Visibility.EXPIRED  # expired_glob


def test_url_template_with_stem_and_slug():
    spec = gatsby_spec(url="https://www.kelpline.example/jobs/{slug}.html?from={stem}")
    postings = _by_title(MarkdownSource(spec).read().postings)

    assert postings["Hardware Team Lead"].url == (
        "https://www.kelpline.example/jobs/hardware-lead.html?from=hardware-lead"
    )
    jekyll = MarkdownSource(jekyll_spec(url="https://k.example/{slug}/")).read()
    assert _by_title(jekyll.postings)["Data Steward"].url == "https://k.example/data-steward/"


def test_a_url_template_field_a_file_lacks_skips_that_file():
    result = MarkdownSource(gatsby_spec(url="https://k.example/{department}/")).read()

    assert result.postings == []
    assert all("{department}" in warning.reason for warning in result.warnings)


def test_base_url_with_front_matter_permalink():
    spec = jekyll_spec(url=None, base_url="https://jobs.kelpline.example/")
    postings = _by_title(MarkdownSource(spec).read().postings)

    assert postings["Data Steward"].url == "https://jobs.kelpline.example/jobs/data-steward/"


def test_mapping_report_names_what_could_not_be_mapped():
    source = MarkdownSource(gatsby_spec(fields={"title": "h1_title", "team": "squad"}))
    source.read()

    assert source.report.missing_mapped == {"squad"}
    # without its mapping, the apply link key is reported (once per file that has it)
    assert source.report.unmapped_keys["applicationformurl"] == 2
    assert "location" not in source.report.unmapped_keys  # canonical names need no mapping


def test_liquid_placeholders_and_tags():
    front = {"salary_min": 55000, "title": "Diver", "perks": ["boat", "suit"]}
    body = (
        "Pay {{ page.salary_min | number_with_delimiter }} for {{page.title}}.\n"
        "{% if page.remote %}Remote.{% endif %}{{ site.title }}{{ page.perks }}\n"
        "{{< ingress >}}kept{{< /ingress >}}"
    )

    assert render_liquid(body, front) == (
        "Pay 55000 for Diver.\nRemote.boat, suit\n{{< ingress >}}kept{{< /ingress >}}"
    )


@pytest.mark.parametrize("missing", ["nowhere"])
def test_a_missing_site_folder_is_an_input_error(missing: str, tmp_path: Path):
    from index.errors import InputError

    with pytest.raises(InputError, match="not found"):
        MarkdownSource(jekyll_spec(path=tmp_path / missing)).read()


def test_mdx_files_and_a_jekyll_drafts_folder(tmp_path: Path):
    (tmp_path / "jobs").mkdir()
    (tmp_path / "_drafts").mkdir()
    (tmp_path / "jobs" / "diver.mdx").write_text(
        "---\ntitle: Commercial Diver\n---\n"
        "import Banner from '../components/Banner'\n\n"
        "<Banner />\n\nYou will inspect kelp lines under water.\n"
    )
    (tmp_path / "_drafts" / "skipper.md").write_text("---\ntitle: Skipper\n---\nSail our boats.\n")
    spec = MarkdownSpec(type="markdown", path=tmp_path, url="https://k.example/{stem}/")

    (diver,) = MarkdownSource(spec).read().postings
    assert diver.url == "https://k.example/diver/"
    assert diver.sections[0].text == "You will inspect kelp lines under water."
    drafts = MarkdownSource(spec.model_copy(update={"include_drafts": True})).read().postings
    assert {p.title: p.visibility for p in drafts}["Skipper"] == Visibility.DRAFT
