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


def _pairs() -> list[dict]:
    return [json.loads(line) for line in build.PAIRS.read_text(encoding="utf-8").splitlines()]


def _has_what_the_issue_asks(pairs: list[dict], min_hard: int = 50) -> None:
    """At least 200 pairs, same and different, within and across Arabic and English, and hard negatives
    (the issue sets no number: 50 for the labelled set, 40 for a test part alone)."""
    assert len(pairs) >= 200
    kinds = {(p["label"], p["a"]["lang"] == p["b"]["lang"]) for p in pairs}
    assert kinds == {("same", True), ("same", False), ("different", True), ("different", False)}
    langs = {p["a"]["lang"] for p in pairs} | {p["b"]["lang"] for p in pairs}
    assert langs == {"ar", "en"}
    # hard negatives: different happenings on the same day in the same place
    hard = [p for p in pairs if p["label"] == "different" and p["a"]["date_from"] == p["b"]["date_from"]
            and p["a"]["places"] == p["b"]["places"]]
    assert len(hard) >= min_hard


def test_the_labelled_set_has_what_the_issue_asks():
    pairs = _pairs()
    _has_what_the_issue_asks(pairs)
    _has_what_the_issue_asks([p for p in pairs if p["split"] == "tune"])
    # no scene (hence no happening) on both sides of the split
    scenes = {}
    for p in pairs:
        scenes.setdefault(p["id"].split(":")[0], set()).add(p["split"])
    assert all(len(s) == 1 for s in scenes.values())
    assert {p["split"] for p in pairs} <= {"tune", "test"}


def _test_part() -> list[dict]:
    """The held-out pairs; the test is skipped while the held-out file holds none (between two test parts:
    the last one was read and moved into the tuning data, the next is being written, docs/merge.md)."""
    test = [p for p in _pairs() if p["split"] == "test"]
    if not test:
        pytest.skip("no held-out test part: tests/data/merge_reports_heldout.tsv awaits the next one")
    return test


@pytest.mark.xfail(strict=True, reason="the k01-k32 part has 10 different pairs with the same places and day "
                                      "(147 on the same day in one governorate): short of 40 (docs/merge.md, Results)")
def test_the_held_out_part_alone_is_a_set_the_issue_asks_for():
    _has_what_the_issue_asks(_test_part(), min_hard=40)


def test_the_stored_model_was_fitted_on_the_current_tuning_pairs():
    from chrono.merge.pair import default_model

    about = default_model().about
    tune = sum(1 for line in build.PAIRS.read_text(encoding="utf-8").splitlines() if '"split": "tune"' in line)
    assert about["fitted_on"].startswith(f"{tune} tuning pairs"), \
        "chrono/merge/model.json is stale: run .venv/bin/python bench/merge_eval.py --tune"


@pytest.mark.xfail(strict=True, reason="scenes k01-k32 (2026-11-21): precision 0.925, recall 0.676 against "
                                      "0.95 / 0.85 (docs/merge.md, Results)")
def test_held_out_precision_and_recall_reach_the_targets():
    """The issue's targets on the fresh test part (docs/merge.md, Results)."""
    _test_part()
    rows = evaluation.load()
    model = evaluation.pair.default_model()
    result = evaluation.evaluate(rows, model, "test")["all"]
    assert result.precision >= evaluation.REQUIRED_PRECISION
    assert result.recall >= evaluation.REQUIRED_RECALL


def test_the_model_beats_chance_on_the_held_out_pairs():
    """Whatever the targets: the held-out figures are far from chance, where precision is the share of
    "same" pairs (a third) and recall a half (a floor, not a goal)."""
    test = _test_part()
    rows = evaluation.load()
    result = evaluation.evaluate(rows, evaluation.pair.default_model(), "test")["all"]
    share = sum(p["label"] == "same" for p in test) / len(test)
    assert share < 0.5
    assert result.precision >= 0.9 and result.recall >= 0.5


def test_the_tuning_figures_out_of_fold_are_those_model_json_records():
    """The out-of-fold figures model.json (and docs/merge.md) quote are what cross-validation of the
    stored choice gives on the current tuning pairs."""
    rows = evaluation.load()
    model = evaluation.pair.default_model()
    about = model.about
    features = tuple(model.weights)
    evaluation.compare_all(rows, model)
    tune = [p for p in rows if p["split"] == "tune"]
    scores = evaluation.out_of_fold(tune, about["l2"], features, model.vetoes)
    threshold = evaluation.tuning.choose_threshold(scores, [p["y"] for p in tune], evaluation.TUNING_PRECISION)
    c = evaluation.tuning.count([s >= threshold for s in scores], [p["y"] for p in tune])
    assert c.to_json() == about["out_of_fold"]
    assert c.precision >= evaluation.TUNING_PRECISION
