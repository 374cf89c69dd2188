"""Properties of chrono.resolve that must hold for any input (hypothesis).

Any string resolves without an exception; spans slice the input to the mention text; dated
mentions have date_from <= date_to; the result depends only on (text, anchor, lang), not on the
process time zone or the wall clock; a 1 MB text resolves; a naive anchor is refused.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "chrono" / "resolve" / "examples"
DATED = {"point", "range", "open"}
KINDS = DATED | {"duration", "set"}

# Pieces that look like dates or half-dates, so random strings often reach the rules.
PIECES = [
    "أمس", "امس", "اليوم", "أول أمس", "أمس الأول", "قبل أمس", "غداً", "بعد غد", "الخميس", "الأربعاء - الخميس",
    "ليل", "ليلة", "فجر", "صباح", "مساء", "قبل", "منذ", "حتى", "بين", "من", "إلى", "و", "خلال", "الماضي",
    "المقبل", "الجاري", "الأسبوع", "الشهر", "العام", "عام", "2019", "٢٠١٩", "۲۰۱۹", "8/10/2022", "2022.10.08",
    "تشرين الأول/أكتوبر", "كانون الثاني", "أيلول", "12 ربيع الأول 1444 هـ", "رمضان", "عيد الفطر",
    "منذ ذلك الحين", "اليوم التالي", "لمدة يومين", "كل جمعة", "يومين", "ثلاثة أيام", "أسبوعين", "الساعة",
    "22:00", "بتوقيت غرينتش", "مطلع", "منتصف", "أواخر", "التسعينيات", "ـ", "،", "سـ", "سوف", "من المقرر",
    "yesterday", "today", "tomorrow", "the day before yesterday", "Thursday", "Wednesday–Thursday night",
    "last", "next", "week", "month", "year", "ago", "since", "until", "between", "from", "to", "and",
    "October 8, 2022", "Oct. 8", "8 Oct 2022", "2200 GMT", "a.m.", "p.m.", "mid-", "early", "late",
    "the 1990s", "'80s", "Ramadan", "Eid al-Adha", "since then", "the next day", "for two days",
    "every Friday", "will", "is due to", "31", "29", "0", "12", "13", "1444", "-", "/", ".", ":", " ",
]
ODD = ["\u200f", "\u200e", "\u061c", "\u202e", "\u202c", "\u0640", "\x00", "\x1b", "\t", "\n", "\r\n",
       "\ufeff", "\u064b", "\u0651", "\U0001F600", "\ud7ff", "\u2028", "\u00a0", "\u2009"]

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
datey_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(ODD), st.text(max_size=4,
              alphabet=st.characters(blacklist_categories=("Cs",)))),
    max_size=30,
).map(" ".join)
offsets = st.sampled_from([timedelta(hours=h) for h in (-12, -5, 0, 2, 3, 4, 14)] + [timedelta(hours=5, minutes=30)])
anchors = st.builds(
    lambda dt, off: dt.replace(tzinfo=timezone(off)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2070, 12, 31)),
    offsets,
)
langs = st.sampled_from(["ar", "en", None])


def resolve(text, anchor, lang):
    from chrono.resolve import resolve as _resolve

    return _resolve(text, anchor=anchor, lang=lang)


def check_invariants(text, mentions):
    for m in mentions:
        start, end = m.span
        assert 0 <= start < end <= len(text), (m.span, len(text))
        assert text[start:end] == m.text, (m.span, text[start:end], m.text)
        assert m.kind in KINDS, m.kind
        if m.kind in DATED:
            assert m.date_from is not None and m.date_to is not None, m
            assert m.date_from <= m.date_to, m
        else:
            assert m.date_from is None and m.date_to is None, m
        assert isinstance(m.flags, tuple), m.flags
        json.dumps(m.to_json(), ensure_ascii=False)


def snapshot(mentions):
    return [json.dumps(m.to_json(), ensure_ascii=False, sort_keys=True) for m in mentions]


@contextmanager
def process_tz(name):
    if not hasattr(time, "tzset"):
        pytest.fail("time.tzset is needed to change the process time zone")
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=any_text, anchor=anchors, lang=langs)
def test_any_unicode_resolves(text, anchor, lang):
    check_invariants(text, resolve(text, anchor, lang))


@SETTINGS
@given(text=datey_text, anchor=anchors, lang=langs)
def test_date_like_noise_resolves(text, anchor, lang):
    check_invariants(text, resolve(text, anchor, lang))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=datey_text, anchor=anchors, lang=langs)
def test_result_does_not_depend_on_process_time_zone(text, anchor, lang):
    with process_tz("UTC"):
        base = snapshot(resolve(text, anchor, lang))
    for zone in ("Pacific/Kiritimati", "America/Adak", "Asia/Damascus"):
        with process_tz(zone):
            assert snapshot(resolve(text, anchor, lang)) == base, zone


def _corpus_rows():
    rows = []
    for name in ("ar.jsonl", "en.jsonl"):
        with open(EXAMPLES / name, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def test_corpus_results_do_not_depend_on_process_time_zone_or_repetition():
    """The whole example corpus, resolved under three process time zones and twice in a row."""
    rows = _corpus_rows()
    runs = []
    for zone in ("UTC", "Pacific/Kiritimati", "America/Adak"):
        with process_tz(zone):
            for _ in range(2 if zone == "UTC" else 1):
                runs.append([snapshot(resolve(r["text"], datetime.fromisoformat(r["anchor"]), r["lang"]))
                             for r in rows])
    assert all(run == runs[0] for run in runs[1:])


def test_resolver_source_never_reads_the_clock():
    """No wall clock in logic: the package never asks for now/today/time."""
    clock = re.compile(r"\b(?:datetime\.now|datetime\.utcnow|date\.today|time\.time|time\.localtime|"
                       r"time\.gmtime|\.now\(|\.today\(|utcnow\(|localtime\()")
    offenders = []
    for path in sorted((ROOT / "chrono" / "resolve").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if clock.search(line.split("#", 1)[0]):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def _megabyte_text() -> str:
    rnd = random.Random(20221008)
    rows = _corpus_rows()
    parts, size = [], 0
    while size < 1_000_000:
        piece = rnd.choice(rows)["text"]
        if rnd.random() < 0.2:
            piece += "".join(rnd.choice(ODD + list("0123456789٠١٢٣٤٥٦٧٨٩/.-:")) for _ in range(rnd.randint(1, 12)))
        parts.append(piece)
        size += len(piece) + 1
    return " ".join(parts)


def test_one_megabyte_text_resolves():
    text = _megabyte_text()
    assert len(text) >= 1_000_000
    anchor = datetime(2022, 10, 8, 17, 41, tzinfo=timezone(timedelta(hours=3)))
    mentions = resolve(text, anchor, None)
    check_invariants(text, mentions)
    assert any(m.kind in DATED for m in mentions)


@pytest.mark.parametrize("lang", ["ar", "en", None])
def test_naive_anchor_is_refused(lang):
    with pytest.raises(ValueError):
        resolve("أمس الخميس، yesterday", datetime(2022, 10, 8, 17, 41), lang)
