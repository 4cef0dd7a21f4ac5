"""`careers-bot eval --corpora --strict` and `careers-bot tune`, on two small companies' sites:
the bundled Hugo site and a markdown site described by its careers.toml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.answer.evaluation import judge
from bot.answer.tuning import Tuning
from bot.cli import app
from bot.eval.corpora import open_corpus_sets
from bot.eval.tune import ScoreCache, fit, leave_one_out
from index.errors import ConfigError
from index.sources.discover import find_corpora

FJORD_POSTINGS = {
    "driftstekniker.md": """---
title: "Driftstekniker i Bergen"
closingDate: "01.03.2027"
---
# Driftstekniker i Bergen

Vi ser etter en driftstekniker som vil passe på serverne våre i Bergen.

## Lønn

Lønnen er 620 000 kroner i året, med pensjon og forsikring.

## Søknad

Send søknaden din til jobb@fjordkraft.example innen fristen.
""",
    "designer.md": """---
title: "Designer i Tromsø"
closingDate: "15.02.2027"
---
# Designer i Tromsø

Du lager skjermbilder og prototyper for appen vår sammen med to utviklere.

## Arbeidssted

Kontoret ligger på Storgata i Tromsø, og du kan jobbe hjemmefra to dager i uka.
""",
}
FJORD_CONFIG = """[[source]]
type = "markdown"
path = "."
glob = "jobs/*.md"
url = "https://fjord.example/jobb/{stem}"
language = "nb"
fields = { closes = "closingDate" }
date_format = "%d.%m.%Y"
"""
QA = [
    {
        "id": "a1",
        "corpus": "acme",
        "kind": "salary",
        "question": "what does the customer support job pay?",
        "postings": ["content/careers/customer-support-specialist.md"],
        "evidence": ["SEK 36,000–40,000"],
    },
    {
        "id": "a2",
        "corpus": "acme",
        "kind": "out_of_scope",
        "question": "how do I reset my laptop password?",
        "postings": [],
        "evidence": [],
    },
    {
        "id": "f1",
        "corpus": "fjord",
        "kind": "salary",
        "question": "hva er lønna for driftsteknikeren i bergen?",
        "postings": ["jobs/driftstekniker.md"],
        "evidence": ["620 000 kroner"],
    },
    {
        "id": "f2",
        "corpus": "fjord",
        "kind": "location",
        "question": "hvor er kontoret til designeren?",
        "postings": ["jobs/designer.md"],
        "evidence": ["Storgata i Tromsø"],
    },
]


@pytest.fixture(scope="module")
def corpora_root(tmp_path_factory, repo_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("corpora")
    acme = root / "acme"
    shutil.copytree(repo_dir / "content", acme / "content")
    shutil.copy(repo_dir / "hugo.toml", acme / "hugo.toml")
    fjord = root / "others" / "fjord"
    (fjord / "jobs").mkdir(parents=True)
    (fjord / "careers.toml").write_text(FJORD_CONFIG, encoding="utf-8")
    for name, text in FJORD_POSTINGS.items():
        (fjord / "jobs" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def qa_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("qa") / "qa.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in QA), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def score_cache(corpora_root: Path, tmp_path_factory, embedder) -> ScoreCache:
    index_root = tmp_path_factory.mktemp("indexes")
    return ScoreCache(open_corpus_sets(QA, corpora_root, index_root, embedder))


def test_corpora_are_found_as_hugo_sites_and_sources_files(corpora_root: Path):
    corpora = {corpus.name: corpus for corpus in find_corpora(corpora_root)}
    assert set(corpora) == {"acme", "fjord"}
    assert corpora["acme"].config is None
    assert corpora["fjord"].config == corpora_root / "others" / "fjord" / "careers.toml"


def test_a_corpus_the_qa_names_but_the_folder_lacks_is_an_error(corpora_root, tmp_path, embedder):
    with pytest.raises(ConfigError, match="'globex'"):
        open_corpus_sets([{"id": "x", "corpus": "globex"}], corpora_root, tmp_path, embedder)


def test_strict_judging_wants_the_evidence_in_the_lead_or_first_quote():
    item = {"kind": "salary", "postings": ["p.md"], "evidence": ["SEK 50"]}
    padded = {
        "text": "The posting states the salary: … SEK 50 …",
        "lead": "The posting states the salary:",
        "citations": [
            {"source": "p.md", "quote": "Apply now."},
            {"source": "p.md", "quote": "SEK 50"},
        ],
    }
    assert judge(item, padded).correct
    assert not judge(item, padded, strict=True).correct
    padded["citations"].reverse()
    assert judge(item, padded, strict=True).correct


def test_eval_reports_each_corpus_leniently_and_strictly(corpora_root, qa_file, tmp_path):
    command = ["eval", "--qa", str(qa_file), "--corpora", str(corpora_root), "--json"]
    result = CliRunner().invoke(app, [*command, "--index-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["full"]
    assert set(report["corpora"]) == {"acme", "fjord"}
    for name in ("acme", "fjord"):
        assert report["corpora"][name]["strict"]["strict"] is True
        assert report["corpora"][name]["strict"]["total"] == 2
    assert report["all"]["total"] == len(QA)
    assert report["all"]["strict"] <= report["all"]["lenient"]
    assert report["all"]["strict"] >= 0.75, report


def test_fit_never_scores_below_where_it_started(score_cache: ScoreCache):
    names = list(score_cache.sets)
    start = Tuning().with_values({"most_quotes": 1})
    fitted = fit(score_cache, names, start, only=("most_quotes", "quote_floor"))
    assert score_cache.objective(fitted, names) >= score_cache.objective(start, names)


def test_leave_one_out_fits_without_the_corpus_it_scores(score_cache: ScoreCache):
    folds = leave_one_out(score_cache, only=("most_quotes",))
    assert [fold.held_out for fold in folds] == sorted(score_cache.sets)
    for fold in folds:
        training = [name for name in score_cache.sets if name != fold.held_out]
        refit = fit(score_cache, training, only=("most_quotes",))
        assert fold.tuning == refit
        assert fold.fitted == score_cache.score(fold.tuning, fold.held_out)


def test_tune_command_writes_a_tuning_eval_reads(corpora_root, qa_file, tmp_path):
    written = tmp_path / "tuning.toml"
    command = ["tune", "--qa", str(qa_file), "--corpora", str(corpora_root), "--json"]
    command += ["--knob", "most_quotes", "--write", str(written), "--index-dir", str(tmp_path)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {fold["held_out"] for fold in report["folds"]} == {"acme", "fjord"}
    assert Tuning.load(written).changes() == report["fitted"]
    evaluation = ["eval", "--qa", str(qa_file), "--corpora", str(corpora_root), "--json"]
    evaluation += ["--tuning", str(written), "--index-dir", str(tmp_path)]
    assert CliRunner().invoke(app, evaluation).exit_code == 0
