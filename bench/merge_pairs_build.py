"""Build tests/data/merge_pairs.jsonl from the authored reports.

Every two reports of one scene make a pair: "same" when they tell the same happening, "different"
otherwise. The reports of tests/data/merge_reports.tsv are the tuning part (fitting and
cross-validation); those of tests/data/merge_reports_heldout.tsv, scenes written later and never used
for fitting, are the test part. A scene lies in one file, so no happening has reports on both sides.
The held-out file may be missing or hold no reports (between two test parts: docs/merge.md); there is then
no test part.
Run: .venv/bin/python bench/merge_pairs_build.py
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "tests" / "data" / "merge_reports.tsv"
HELD_OUT = ROOT / "tests" / "data" / "merge_reports_heldout.tsv"
PAIRS = ROOT / "tests" / "data" / "merge_pairs.jsonl"


def read_reports() -> list[dict]:
    """Both files' reports, each with its split: "tune" (merge_reports.tsv) or "test" (the held-out file)."""
    return _read(REPORTS, "tune") + _read(HELD_OUT, "test")


def _read(path: Path, split: str) -> list[dict]:
    reports = []
    if not path.exists():
        return reports
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 10:
            raise ValueError(f"{path}:{number}: expected 10 tab-separated cells, found {len(cells)}")
        scene, happening, lang, date_from, date_to, grain, flags, places, source, text = cells
        reports.append({
            "scene": scene, "happening": f"{scene}{happening}", "line": number, "split": split,
            "event": {
                "text": text, "lang": lang, "date_from": date_from, "date_to": date_to, "grain": grain,
                "flags": [] if flags == "-" else flags.split("|"),
                "places": [] if places == "-" else places.split("|"),
                "source": source,
            },
        })
    return reports


def build_pairs(reports: list[dict]) -> list[dict]:
    by_scene: dict[str, list[dict]] = {}
    for r in reports:
        by_scene.setdefault(r["scene"], []).append(r)
    for scene, members in by_scene.items():
        if len({r["split"] for r in members}) > 1:
            raise ValueError(f"scene {scene} has reports in both files")
    pairs = []
    for scene, members in by_scene.items():
        for a, b in itertools.combinations(members, 2):
            pairs.append({
                "id": f"{scene}:{a['line']}-{b['line']}",
                "split": a["split"],
                "label": "same" if a["happening"] == b["happening"] else "different",
                "a": a["event"], "b": b["event"],
            })
    return pairs


def render(pairs: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in pairs)


def main() -> int:
    pairs = build_pairs(read_reports())
    PAIRS.write_text(render(pairs), encoding="utf-8")
    counts: dict[tuple[str, str], int] = {}
    for p in pairs:
        cross = "cross" if p["a"]["lang"] != p["b"]["lang"] else "mono"
        for key in ((p["split"], p["label"]), (p["split"], cross)):
            counts[key] = counts.get(key, 0) + 1
    print(f"{len(pairs)} pairs -> {PAIRS.relative_to(ROOT)}")
    for key in sorted(counts):
        print(f"  {key[0]:5} {key[1]:9} {counts[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
