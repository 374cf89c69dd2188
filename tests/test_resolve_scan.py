"""The resolver's shortcuts change its speed, never its answers.

- Every rule pattern, compiled behind the guard of its first characters (`prefix.py`), finds
  exactly the matches of the plain pattern, also through the skipping search.
- What a weak trigger needs confirmed (a weekday, a month, a unit… at the start of a word) is in
  every text where the reader's pattern matches, so asking for it first never hides a match.
- An Arabic text that `may_hold_dates` turns away, before normalisation, gives no candidate.
Texts: the example corpora as the rules see them (Arabic normalised, English lower-cased), and
random strings made of date words, clitics, marks and odd characters (hypothesis).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrono.resolve import prefix, rules_ar, rules_en, scan
from chrono.resolve.normalize import CLITICS, fold_keeping_offsets, normalize_ar

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "chrono" / "resolve" / "examples"


def _texts(lang: str) -> list[str]:
    rows = []
    for name in ("ar.jsonl", "en.jsonl", "negative.jsonl"):
        with open(EXAMPLES / name, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    raw = [r["text"] for r in rows]
    if lang == "ar":
        return [normalize_ar(t).text for t in raw] + raw
    return [t.lower() for t in raw] + raw


READERS = [(lang, r) for lang, mod in (("ar", rules_ar), ("en", rules_en)) for r in mod.SCANNER.readers]
IDS = [f"{lang}-{r.read.__qualname__}-{i}" for i, (lang, r) in enumerate(READERS)]
TEXTS = {"ar": _texts("ar"), "en": _texts("en")}

AR_WORDS = sorted(rules_ar.SCANNER.trigger_words())
EN_WORDS = sorted(rules_en.SCANNER.trigger_words())
OTHER = ["قال", "في", "إن", "مصدر", "القوات", "الناس", "كلية", "مشكلة", "the", "said", "in", "of", "May", "March"]
MARKS = ["\u064e", "\u0651", "\u0640", "أ", "ة", "ى", "٢", "٠", "۱", " ", "،", ".", "/", "-", "(", ")", "\n"]


def _word(draw_word: str, clitic: str, mark: str) -> str:
    return clitic + draw_word + mark


words_ar = st.builds(_word, st.sampled_from(AR_WORDS + OTHER), st.sampled_from(["", "", *CLITICS, "وب", "فل"]),
                     st.sampled_from(["", "", "", *MARKS]))
words_en = st.sampled_from(EN_WORDS + OTHER + MARKS + ["2022", "10/8", "8.10.2022"])
ar_text = st.lists(words_ar, max_size=25).map(" ".join)
en_text = st.lists(words_en, max_size=25).map(" ".join)


def _confirm(reader):
    """What every match of a weakly triggered reader holds, at the start of a word."""
    return re.compile(f"{scan.WORD_START}(?:{reader.weak[1]})")


def _spans(matches):
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("lang,reader", READERS, ids=IDS)
def test_guarded_pattern_matches_like_the_plain_one(lang, reader):
    plain = prefix.plain(reader.pattern)
    assert plain.pattern != reader.pattern.pattern or prefix.guard_source(plain.pattern, plain.flags) is None
    for text in TEXTS[lang]:
        want = _spans(plain.finditer(text))
        assert _spans(reader.pattern.finditer(text)) == want, text
        assert _spans(prefix.finditer(reader.pattern, text)) == want, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ar=ar_text, en=en_text)
def test_guards_and_confirmations_hold_on_random_text(ar, en):
    for lang, text in (("ar", normalize_ar(ar).text), ("ar", ar), ("en", en.lower()), ("en", en)):
        for reader in (r for lg, r in READERS if lg == lang):
            plain = prefix.plain(reader.pattern)
            want = _spans(plain.finditer(text))
            assert _spans(prefix.finditer(reader.pattern, text)) == want
            if reader.weak and want:
                assert _confirm(reader).search(text), (reader.read.__qualname__, text)


@pytest.mark.parametrize("lang,reader", [(lg, r) for lg, r in READERS if r.weak],
                         ids=[i for i, (lg, r) in zip(IDS, READERS) if r.weak])
def test_weak_triggers_are_confirmed_wherever_the_pattern_matches(lang, reader):
    assert reader.weak[0], "a weak trigger needs words or flags"
    confirm = _confirm(reader)
    for text in TEXTS[lang]:
        if reader.pattern.search(text):
            assert confirm.search(text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ar_text)
def test_arabic_text_turned_away_before_normalising_has_no_candidates(text):
    if not rules_ar.may_hold_dates(fold_keeping_offsets(text).text):
        assert rules_ar.candidates(normalize_ar(text).text) == []


def test_turned_away_texts_are_the_undated_ones():
    assert not rules_ar.may_hold_dates(fold_keeping_offsets("قال مسؤولون إن الطريق أعيد فتحه أمام السيارات").text)
    assert rules_ar.may_hold_dates(fold_keeping_offsets("وقصفت الطائرات أمس مواقع في إدلب").text)
    assert rules_ar.may_hold_dates(fold_keeping_offsets("وبالخميس الماضي").text)  # clitics glued to the trigger
    assert rules_ar.may_hold_dates(fold_keeping_offsets("وكانوا يصلون كليوم").text)  # 'كل' split off 'كليوم'
    assert not rules_ar.may_hold_dates(fold_keeping_offsets("كلالناس يعرفون").text)  # 'كل الناس' is no set
    assert rules_ar.may_hold_dates(fold_keeping_offsets("في عام ٢٠١٩").text)  # a four-digit number: a year?
    assert rules_ar.may_hold_dates(fold_keeping_offsets("وصلت القافلة في ٣/٣").text)  # a day and month in figures
    assert not rules_ar.may_hold_dates(fold_keeping_offsets("وصلت ١٢ شاحنة من المساعدات.").text)  # a count, 'من'
