"""The example corpora in chrono/resolve/examples/ are the resolver's test suite.

Each line is {"text", "anchor", "lang", "expect": [...]}. For every expected mention the resolver
must return a mention with exactly that surface text, the expected kind, the expected inclusive
days (date_from, date_to; null for durations and sets) and at least the expected flags. It must
return no dated mention (point, range, open) that the line does not expect. negative.jsonl holds
strings that must yield no dated mention at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "chrono" / "resolve" / "examples"
DATED = {"point", "range", "open"}
KINDS = DATED | {"duration", "set"}
# The families of the conventions (../shared/docs/date-conventions.md); each must be exemplified in both languages.
FAMILIES = {
    "relative_day", "ago", "weekday", "weekday_future", "weekday_last_next", "relative_day_weekday",
    "night", "part_of_day", "clock_time", "week", "month_relative", "year_relative", "named_month",
    "year", "explicit_date", "day_month_no_year", "since", "until", "between", "past_n",
    "partial_period", "decade", "hijri", "holiday", "anaphoric", "duration", "set",
}


def _load(name: str) -> list[dict]:
    rows = []
    with open(EXAMPLES / name, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                row = json.loads(line)
                row["_id"] = f"{name.removesuffix('.jsonl')}-{number:03d}"
                rows.append(row)
    return rows


AR, EN, NEGATIVE = _load("ar.jsonl"), _load("en.jsonl"), _load("negative.jsonl")


def _example_id(row: dict) -> str:
    families = sorted({e.get("family", "?") for e in row["expect"]})
    return f"{row['_id']}-{'+'.join(families) or 'none'}"


def _describe(m) -> str:
    days = "no dates" if m.date_from is None else f"{m.date_from}..{m.date_to}"
    return (f"{m.text!r} span={list(m.span)} kind={m.kind} {days} flags={list(m.flags)}\n"
            f"      {m.rule}: {m.explanation}")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _resolve(row: dict):
    from chrono.resolve import resolve

    return resolve(row["text"], anchor=datetime.fromisoformat(row["anchor"]), lang=row["lang"])


def _problems(row: dict, mentions) -> list[str]:
    text = row["text"]
    problems = []
    for m in mentions:
        if text[m.span[0]:m.span[1]] != m.text:
            problems.append(f"span {list(m.span)} slices {text[m.span[0]:m.span[1]]!r}, not the mention text {m.text!r}")
    for exp in row["expect"]:
        found = [m for m in mentions if m.text == exp["text"]]
        if not found:
            problems.append(f"missing {exp['text']!r} ({exp['kind']} {exp['date_from']}..{exp['date_to']})")
            continue
        m = next((m for m in found if m.kind == exp["kind"]), found[0])
        got = (m.kind, _iso(m.date_from), _iso(m.date_to))
        want = (exp["kind"], exp["date_from"], exp["date_to"])
        if got != want:
            problems.append(f"{exp['text']!r}: expected {want}, got {got}\n    {_describe(m)}")
        missing_flags = set(exp.get("flags", ())) - set(m.flags)
        if missing_flags:
            problems.append(f"{exp['text']!r}: flags {sorted(missing_flags)} missing\n    {_describe(m)}")
    expected_texts = {e["text"] for e in row["expect"]}
    for m in mentions:
        if m.kind in DATED and m.text not in expected_texts:
            problems.append(f"unexpected dated mention\n    {_describe(m)}")
    return problems


def _report(row: dict, mentions, problems: list[str]) -> str:
    lines = [f"{row['lang']} anchor {row['anchor']}", f"text: {row['text']}", "problems:"]
    lines += [f"  - {p}" for p in problems]
    lines.append("resolver returned:")
    lines += [f"  * {_describe(m)}" for m in mentions] or ["  (nothing)"]
    return "\n".join(lines)


@pytest.mark.parametrize("row", AR + EN, ids=_example_id)
def test_example(row):
    mentions = _resolve(row)
    problems = _problems(row, mentions)
    assert not problems, _report(row, mentions, problems)


@pytest.mark.parametrize("row", NEGATIVE, ids=lambda r: f"{r['_id']}-{r['lang']}")
def test_negative(row):
    mentions = _resolve(row)
    dated = [m for m in mentions if m.kind in DATED]
    assert not dated, _report(row, mentions, ["a non-date yielded a dated mention"])


def test_corpus_is_well_formed():
    """The corpus itself: sizes, coverage of every family in both languages, consistent expectations."""
    assert len(AR) >= 220 and len(EN) >= 220 and len(NEGATIVE) >= 80
    assert {r["lang"] for r in NEGATIVE} == {"ar", "en"}
    for lang, rows in (("ar", AR), ("en", EN)):
        families = Counter(e["family"] for r in rows for e in r["expect"])
        assert FAMILIES <= set(families), f"{lang} lacks {sorted(FAMILIES - set(families))}"
        anchors = {r["anchor"] for r in rows}
        assert len(anchors) >= 10, f"{lang}: only {len(anchors)} distinct anchors"
    for r in AR + EN + NEGATIVE:
        assert datetime.fromisoformat(r["anchor"]).tzinfo is not None, r["_id"]
        assert r["lang"] in ("ar", "en"), r["_id"]
        for e in r["expect"]:
            assert e["text"] in r["text"], (r["_id"], e["text"])
            assert e["kind"] in KINDS, (r["_id"], e)
            if e["kind"] in DATED:
                assert date.fromisoformat(e["date_from"]) <= date.fromisoformat(e["date_to"]), (r["_id"], e)
            else:
                assert e["date_from"] is None and e["date_to"] is None, (r["_id"], e)


def test_cli_jsonl_agrees_with_the_library():
    """`chrono resolve --jsonl` over the whole corpus in one process returns what resolve() returns."""
    rows = AR + EN + NEGATIVE
    payload = "".join(
        json.dumps({"id": r["_id"], "lang": r["lang"], "text": r["text"], "anchor": r["anchor"]},
                   ensure_ascii=False) + "\n"
        for r in rows
    )
    done = subprocess.run(
        [sys.executable, "-c", "from chrono.cli import main; main()", "resolve", "--jsonl"],
        input=payload, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    docs = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    errors = [f"{d.get('id')}: {d['error']}" for d in docs if "error" in d]
    assert not errors, "lines the CLI could not resolve:\n" + "\n".join(errors)
    out = {d["id"]: d["mentions"] for d in docs}
    assert set(out) == {r["_id"] for r in rows}
    for r in rows:
        want = [(m.span[0], m.span[1], m.kind, _iso(m.date_from), _iso(m.date_to)) for m in _resolve(r)]
        got = [(m["span"][0], m["span"][1], m["kind"], m["date_from"], m["date_to"]) for m in out[r["_id"]]]
        assert got == want, r["_id"]
