"""The place matcher's score on the project's own evaluation set (tests/data/places_eval.jsonl)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("places_eval", ROOT / "bench" / "places_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["places_eval"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_set_is_large_and_well_formed():
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "places_eval.jsonl").read_text().splitlines()]
    assert len(rows) >= 160
    assert len({r["id"] for r in rows}) == len(rows)
    assert sum(r["lang"] == "ar" for r in rows) >= 80 and sum(r["lang"] == "en" for r in rows) >= 60
    for r in rows:
        for surface, _key in r["expected"]:
            assert surface in r["text"], (r["id"], surface)
    negatives = sum(1 for r in rows for _s, key in r["expected"] if key is None)
    assert negatives >= 30


def test_precision_and_recall_at_governorate_level():
    score = _bench().score()
    detail = "\n".join(score.errors)
    assert score.precision >= 0.95, detail
    assert score.recall >= 0.85, detail
