"""The answers on the shared QA set, scored by the reference scorer, and the batch contract."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answer.engine import Answerer
from bot.answer.evaluation import evaluate
from bot.cli.ask_cmd import answer_batch

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
QA_FILE = SHARED / "eval" / "qa.jsonl"
SCORER = SHARED / "eval" / "score.py"

CONTRACT_KEYS = {"text", "abstained", "citations"}
CITATION_KEYS = {"source", "title", "url", "section", "quote", "quote_url", "score"}


@pytest.fixture(scope="module")
def qa_answers(corpus_index, tmp_path_factory) -> Path:
    """Batch answers to the shared QA set, as `ask --json --batch --include-drafts` writes them."""
    if not QA_FILE.exists():
        pytest.skip("../shared/eval/qa.jsonl is not present")
    out = io.StringIO()
    answer_batch(Answerer(corpus_index), QA_FILE, include_drafts=True, out=out)
    path = tmp_path_factory.mktemp("eval") / "answers.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def reference_report(answers: Path) -> dict:
    """What ../shared/eval/score.py says of the answers."""
    command = [sys.executable, str(SCORER), str(QA_FILE), str(answers), "--json"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_reference_scorer_accuracy_meets_the_targets(qa_answers):
    report = reference_report(qa_answers)
    assert report["accuracy"] >= 0.90, report["fails"]
    for kind, (correct, total) in report["per_kind"].items():
        assert correct / total >= 0.75, (kind, report["fails"])


def test_eval_command_scores_exactly_like_the_reference(qa_answers):
    items = [json.loads(line) for line in QA_FILE.read_text(encoding="utf-8").splitlines()]
    answers = {}
    for line in qa_answers.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        answers[row["id"]] = row["answer"]
    ours = evaluate(items, answers)
    reference = reference_report(qa_answers)
    assert ours.correct == reference["correct"]
    assert {f["id"] for f in ours.to_dict()["failures"]} == {f[0] for f in reference["fails"]}


def test_batch_lines_echo_the_input_and_follow_the_contract(qa_answers):
    for line in qa_answers.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert {"id", "question", "history", "corpus", "answer"} <= row.keys()
        assert row["answer"].keys() >= CONTRACT_KEYS
        for citation in row["answer"]["citations"]:
            assert citation.keys() >= CITATION_KEYS
            assert len(citation["quote"]) <= 600
            assert citation["quote_url"].startswith(citation["url"])


def test_ask_command_batch_on_the_sample_site(repo_dir, tmp_path):
    batch = tmp_path / "questions.jsonl"
    questions = [
        {"id": "a", "question": "what's the salary for the frontend engineer?", "team": "x"},
        {"id": "b", "question": "and is it remote?", "history": ["the data engineer role"]},
    ]
    batch.write_text("\n".join(json.dumps(q) for q in questions), encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "bot.cli", "ask", "--site", str(repo_dir)]
    command += ["--index-dir", str(tmp_path / "index"), "--json", "--batch", str(batch)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["team"] == "x"
    assert rows[0]["answer"]["citations"][0]["source"] == "content/careers/frontend-engineer.md"
    assert rows[1]["answer"]["citations"][0]["source"] == "content/careers/data-engineer.md"
