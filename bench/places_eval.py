"""Score the place matcher on tests/data/places_eval.jsonl at governorate level.

Each line: {"id", "lang", "text", "expected": [[surface, key], ...], "context"?, "home_region"?}.
`key` is the governorate P-code for a Syrian place (SY08), the ISO code for a country or a place
abroad (TR, LB), the macro-region P-code (SYM-NE), or null for words that must not be placed.

A found place counts when it has a region (pcode not None). Its key is its governorate, else its
country or macro-region. It is correct when its span overlaps an expected surface with the same key;
every other found place is a false positive (a wrong governorate, a common word, anything not
expected). Recall: expected places (key not null) found with the right key, over all of them.

    .venv/bin/python bench/places_eval.py [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chrono.places import find, gazetteer  # noqa: E402

EVAL = ROOT / "tests" / "data" / "places_eval.jsonl"


@dataclass
class Score:
    sentences: int = 0
    found: int = 0
    correct: int = 0
    expected: int = 0
    recalled: int = 0
    unassigned: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.expected if self.expected else 1.0


def key_of(pcode: str) -> str:
    reg = gazetteer()[pcode]
    if reg.admin1_pcode:  # macro-regions inside one governorate have one too
        return reg.admin1_pcode
    if reg.level == "macro":
        return reg.pcode
    return reg.path[0]


def _spans(text: str, surface: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    while (i := text.find(surface, pos)) >= 0:
        out.append((i, i + len(surface)))
        pos = i + 1
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(path: Path = EVAL) -> Score:
    s = Score()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        s.sentences += 1
        text = item["text"]
        expected = [(span, key, surface) for surface, key in item["expected"] for span in _spans(text, surface)]
        mentions = find(text, item.get("lang"), context=item.get("context"), home_region=item.get("home_region"))
        got = []
        for m in mentions:
            if m.pcode is None:
                s.unassigned += 1
                continue
            got.append(((m.start, m.end), key_of(m.pcode), m.text))
        s.found += len(got)
        for span, key, surface in got:
            if any(_overlap(span, e[0]) and e[1] == key for e in expected):
                s.correct += 1
            else:
                s.errors.append(f"{item['id']}: false positive {surface!r} -> {key}")
        for span, key, surface in expected:
            if key is None:
                continue
            s.expected += 1
            if any(_overlap(span, g[0]) and g[1] == key for g in got):
                s.recalled += 1
            else:
                s.errors.append(f"{item['id']}: missed {surface!r} ({key})")
    return s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every false positive and miss")
    args = parser.parse_args(argv)
    s = score()
    if args.show:
        for e in s.errors:
            print(e)
    print(f"sentences {s.sentences}  expected {s.expected}  found {s.found}  unassigned {s.unassigned}")
    print(f"precision {s.precision:.3f}  recall {s.recall:.3f}  (governorate level)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
