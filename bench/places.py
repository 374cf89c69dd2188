"""Speed of the place matcher: gazetteer and automaton build time, sentences per second of `find`.

    .venv/bin/python bench/places.py [--rounds 5]

Sentences are those of tests/data/places_eval.jsonl (Arabic and English news sentences written
for the project); articles are the two seed articles in ../shared/corpus/seeds when present.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the sentences (default 5)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    from chrono.places.gazetteer import gazetteer

    g = gazetteer()
    t1 = time.perf_counter()
    from chrono.places.automaton import automaton

    auto, patterns = automaton()
    t2 = time.perf_counter()
    print(f"gazetteer: {len(g.regions)} regions built in {t1 - t0:.2f} s")
    print(f"automaton: {len(auto)} keys ({len(patterns)} name variants) built in {t2 - t1:.2f} s")

    from chrono.places import find

    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "places_eval.jsonl").read_text().splitlines()]
    for lang in ("ar", "en", None):
        texts = [r["text"] for r in rows if lang is None or r["lang"] == lang]
        start = time.perf_counter()
        for _ in range(args.rounds):
            for t in texts:
                find(t)
        took = time.perf_counter() - start
        n = len(texts) * args.rounds
        print(f"find, {lang or 'all'} sentences: {n / took:,.0f} sentences/s ({n} in {took:.2f} s)")

    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    articles = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))] if seeds.is_dir() else []
    if articles:
        start = time.perf_counter()
        for _ in range(args.rounds * 10):
            for a in articles:
                find(a)
        took = time.perf_counter() - start
        n = len(articles) * args.rounds * 10
        chars = sum(len(a) for a in articles) * args.rounds * 10
        print(f"find, whole seed articles: {n / took:,.0f} articles/s, {chars / took / 1000:,.0f} k chars/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
