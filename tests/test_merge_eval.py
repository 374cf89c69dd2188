"""The labelled pairs and the figures bench/merge_eval.py reports on them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load("merge_pairs_build")
evaluation = _load("merge_eval")


def test_the_pairs_file_is_built_from_the_authored_reports():
    pairs = build.build_pairs(build.read_reports())
    assert build.render(pairs) == build.PAIRS.read_text(encoding="utf-8"), \
        "tests/data/merge_pairs.jsonl is stale: run .venv/bin/python bench/merge_pairs_build.py"


def test_the_labelled_set_has_what_the_issue_asks():
    pairs = [json.loads(line) for line in build.PAIRS.read_text(encoding="utf-8").splitlines()]
    assert len(pairs) >= 220
    kinds = {(p["label"], p["a"]["lang"] == p["b"]["lang"]) for p in pairs}
    assert kinds == {("same", True), ("same", False), ("different", True), ("different", False)}
    langs = {p["a"]["lang"] for p in pairs} | {p["b"]["lang"] for p in pairs}
    assert langs == {"ar", "en"}
    # hard negatives: different happenings on the same day in the same place
    hard = [p for p in pairs if p["label"] == "different" and p["a"]["date_from"] == p["b"]["date_from"]
            and p["a"]["places"] == p["b"]["places"]]
    assert len(hard) >= 50
    # no scene (hence no happening) on both sides of the split
    scenes = {}
    for p in pairs:
        scenes.setdefault(p["id"].split(":")[0], set()).add(p["split"])
    assert all(len(s) == 1 for s in scenes.values())
    assert {p["split"] for p in pairs} == {"tune", "test"}
    # the held-out part alone (fresh scenes, tests/data/merge_reports_heldout.tsv) is a set the issue asks for
    test = [p for p in pairs if p["split"] == "test"]
    assert len(test) >= 200
    assert {(p["label"], p["a"]["lang"] == p["b"]["lang"]) for p in test} == kinds
    assert sum(1 for p in test if p["label"] == "different" and p["a"]["date_from"] == p["b"]["date_from"]
               and p["a"]["places"] == p["b"]["places"]) >= 50


def test_the_stored_model_was_fitted_on_the_current_tuning_pairs():
    from chrono.merge.pair import default_model

    about = default_model().about
    tune = sum(1 for line in build.PAIRS.read_text(encoding="utf-8").splitlines() if '"split": "tune"' in line)
    assert about["fitted_on"].startswith(f"{tune} tuning pairs"), \
        "chrono/merge/model.json is stale: run .venv/bin/python bench/merge_eval.py --tune"


@pytest.mark.xfail(strict=True, reason="held-out figures below the issue's targets: scored once on 2026-11-21, "
                                       "precision 0.972, recall 0.726 (69 of 95 'same' pairs found, 2 false) against "
                                       "0.95 / 0.85 (docs/merge.md, Results); remove this marker when "
                                       "bench/merge_eval.py --held-out reports PASS")
def test_held_out_precision_and_recall_reach_the_targets():
    rows = evaluation.load()
    model = evaluation.pair.default_model()
    result = evaluation.evaluate(rows, model, "test")["all"]
    assert result.precision >= evaluation.REQUIRED_PRECISION
    assert result.recall >= evaluation.REQUIRED_RECALL


def test_the_model_beats_chance_on_the_held_out_pairs():
    """Whatever the targets: the held-out figures are far from a coin toss (a floor, not a goal)."""
    rows = evaluation.load()
    result = evaluation.evaluate(rows, evaluation.pair.default_model(), "test")["all"]
    assert result.precision >= 0.7 and result.recall >= 0.7
