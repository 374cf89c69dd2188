"""The resolver's shortcuts change its speed, never its answers.

- Every rule pattern, compiled behind the guard of its first characters (`prefix.py`), finds
  exactly the matches of the plain pattern, also through the skipping search.
- What a weak trigger needs confirmed (a weekday, a month, a unit… at the start of a word) is in
  every text where the reader's pattern matches, so asking for it first never hides a match.
- An Arabic text that `may_hold_dates` turns away, before normalisation, gives no candidate.
- No reader left out of a text's plan (trigger words, second conditions, flags) finds a candidate.
- The quicker ways of finding a text's words and flags (`scan.split_words`), its look-ahead cues
  and the connectors before a mention give what the plain regular expressions give.
- The plan a text's tokens tell (`scan.TokenPlan`), when they tell one, runs the readers that
  find what the usual path (screen, normalise, plan from the words) finds; so do the helpers it
  uses (folding a token, the clitics split off a text).
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

from chrono.resolve import clause, prefix, rules_ar, rules_en, scan
from chrono.resolve.normalize import (CLITICS, clitic_splits, fold_ar, fold_keeping_offsets, fold_word,
                                      normalize_ar, split_clitics)

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


def _planned(lang: str, text: str) -> tuple[str, int]:
    """(the text the readers run on, the plan of the scanner for it), as `candidates` makes them."""
    if lang == "ar":
        words, odd = scan.split_words(text, rules_ar._WORD_RE)
        return text, rules_ar.SCANNER.plan(text, scan.number_flags(odd), words)
    low, flags, words = rules_en.prepared(text)
    return low, rules_en.SCANNER.plan(low, flags, words)


def _reads(reader, work: str, text: str) -> list:
    out: list = []
    matches = prefix.plain(reader.pattern).finditer(work)
    if reader.original:
        reader.read(work, matches, out, text)
    else:
        reader.read(work, matches, out)
    return out


def _misses(lang: str, text: str) -> list[str]:
    """The readers that find a candidate in the text but that the plan leaves out."""
    mod = rules_ar if lang == "ar" else rules_en
    work, plan = _planned(lang, text)
    return [f"{i}:{r.read.__qualname__}" for i, r in enumerate(mod.SCANNER.readers)
            if not plan >> i & 1 and _reads(r, work, text)]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_plan_runs_every_reader_whose_pattern_matches(lang):
    # the trigger words, their second conditions and the flags are a necessary condition
    texts = [t for t in TEXTS[lang] if lang == "en" or t == normalize_ar(t).text]
    assert texts
    for text in texts:
        assert not _misses(lang, text), (text, _misses(lang, text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ar=ar_text, en=en_text)
def test_the_plan_runs_every_reader_whose_pattern_matches_on_random_text(ar, en):
    for lang, text in (("ar", normalize_ar(ar).text), ("en", en)):
        assert not _misses(lang, text), (text, _misses(lang, text))


# --------------------------------------------------------------- the other shortcuts
MIXED = st.lists(st.sampled_from(AR_WORDS[:60] + EN_WORDS[:60] + OTHER + MARKS + [
    "و", "ف", "بال", "ولل", "كل", "_", "a_b", "x1", "١٢", "(إدلب)", "«الخميس»", "12/8/2025", "don't", "’s", "\t", "\u00a0",
    "\u2028", "ـ", "وسيعقد", "و", "سيعقد", "ستعقد", "will", "won't", "'ll", "is", "to", "due", "on", "set to"]), max_size=30).map(" ".join)


TRIGGER_WORDS = rules_ar.SCANNER.trigger_words() | rules_ar._FOLDED_SCANNER.trigger_words() | rules_en.SCANNER.trigger_words()


def _runs(text: str, word_re: re.Pattern) -> set[str]:
    return set(word_re.findall(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MIXED)
def test_split_words_finds_every_word_and_the_figures(text):
    for word_re in (rules_ar._WORD_RE, rules_en._WORD_RE):
        words, odd = scan.split_words(text, word_re)
        assert _runs(text, word_re) <= set(words)
        # anything else is a token with other characters, which no trigger word equals
        assert all(word_re.fullmatch(w) or w not in TRIGGER_WORDS for w in words)
        want, got = scan.number_flags(text), scan.number_flags(odd)
        assert got - {"dash"} == want - {"dash"} and want <= got


def _future_in_by_one_search(clause: str) -> bool:
    return rules_en._FUTURE_CUES.search(clause.lower()) is not None


def _looks_ahead_by_regex(text: str, start: int, end: int) -> bool:
    """rules_ar.looks_ahead as one search for the cues, then every 'سـ' word (the reference)."""
    left, right = rules_ar.clause_around(text, start, end)
    clause = left + " " + right
    if rules_ar._FUTURE_CUES.search(clause):
        return True
    for m in rules_ar._S_FUTURE.finditer(clause):
        w = m.group().replace(" ", "")
        if w[0] in "وف" and w[1] == "س":
            w = w[1:]
        if w not in rules_ar.NOT_FUTURE_S and not w.startswith(rules_ar._NOT_FUTURE_PREFIXES):
            return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MIXED, cut=st.integers(0, 40))
def test_future_cues_are_found_as_one_search_finds_them(text, cut):
    assert rules_en._future_in(text) == _future_in_by_one_search(text)
    norm = normalize_ar(text).text
    start = min(cut, len(norm))
    assert rules_ar.looks_ahead(norm, start, start) == _looks_ahead_by_regex(norm, start, start)


def test_future_cues_on_the_corpus():
    for text in TEXTS["en"]:
        for i in range(0, len(text), 7):
            assert rules_en._future_in(text[i:]) == _future_in_by_one_search(text[i:])
    for text in TEXTS["ar"]:
        for i in range(0, len(text), 11):
            assert rules_ar.looks_ahead(text, i, i) == _looks_ahead_by_regex(text, i, i), (text, i)


@pytest.mark.parametrize("source", [r"\d{1,2}/\d{1,2}/\d{4}", r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})",
                                    r"q[1-4]\s+\d{4}", r"(?:ab){3,}c", r"x(?:\s*y){2,5}z"])
@pytest.mark.parametrize("depth", [2, 3, 4, 5, 6, 8])
def test_guards_of_repeats_let_every_match_through(source, depth):
    # a repeat that needs more copies than the guard has room for still guards its first ones
    texts = ["12/8/2025 and 1/8/2025, 2020-02-25 or 8.10.2022", "q1 2022, q4  2019", "abababc ababc", "x y y z xyyyyyz"]
    guarded = prefix.compile_guarded(source, depth=depth)
    plain = re.compile(source)
    for text in texts:
        assert _spans(prefix.finditer(guarded, text)) == _spans(plain.finditer(text))


def _connector_by_regex(mod, text: str, start: int):
    """connector_before with both patterns always tried (the reference for its short cuts)."""
    window = text[max(0, start - 30):start]
    last = window.rsplit(None, 1)[-1] if window.strip() else ""
    if mod is rules_en:
        last = last.lower().lstrip("(")
    if last not in (mod._CONNECT_LAST):
        return None
    since, frm = (rules_en._SINCE, rules_en._FROM) if mod is rules_en else (rules_ar._CONNECT_SINCE, rules_ar._CONNECT_FROM)
    m = since.search(window)
    if m:
        p = " ".join(m.group("p").lower().split())
        kind = "since" if p in ("since", "ever since", "as of", "starting", "starting from", "beginning",
                                "منذ", "اعتبارا من", "ابتداء من", "بدءا من") else "until"
        return kind, start - (len(window) - m.start("p"))
    m = frm.search(window)
    if m:
        return ("between" if m.group("p").lower() in ("between", "بين") else "from"), start - (len(window) - m.start("p"))
    return None


CONNECTED_EN = st.lists(st.sampled_from(["since", "ever", "until", "till", "'til", "through", "up", "at", "least", "as",
                                         "of", "starting", "from", "beginning", "between", "on", "in", "(on", "(since",
                                         "x(from", "On", "IN", "word", ",", "\n", "  "]), max_size=10).map(" ".join)
CONNECTED_AR = st.lists(st.sampled_from(["منذ", "حتى", "لغاية", "الى", "غاية", "تاريخ", "اعتبارا", "ابتداء", "بدءا", "من",
                                         "بين", "ضمن", "كلمة", "،", "\n", "  "]), max_size=10).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(en=CONNECTED_EN, ar=CONNECTED_AR)
def test_connectors_are_found_as_both_patterns_find_them(en, ar):
    for mod, t in ((rules_en, en + " X"), (rules_ar, normalize_ar(ar + " س").text)):
        for start in range(len(t) + 1):
            assert mod.connector_before(t, start) == _connector_by_regex(mod, t, start), (t, start)


@pytest.mark.parametrize("lead", ["since on", "ever since in", "from in", "between on", "until at least in", "as of",
                                  "starting from on", "beginning in", "(since on", "x(from in", "in on", "of in", "Since On",
                                  "منذ", "اعتبارا من", "ابتداء من", "بدءا من", "من", "بين", "الى غاية", "حتى تاريخ", "ضمن"])
def test_connectors_before_a_mention(lead):
    mod = rules_ar if lead[0] > "z" else rules_en
    text = normalize_ar(f"وقال {lead} الخميس").text if mod is rules_ar else f"He said {lead} Monday"
    start = text.rfind(" ") + 1
    assert mod.connector_before(text, start) == _connector_by_regex(mod, text, start)


def test_connectors_on_the_corpus():
    for mod, lang in ((rules_en, "en"), (rules_ar, "ar")):
        for text in TEXTS[lang]:
            for start in range(0, len(text) + 1, 3):
                assert mod.connector_before(text, start) == _connector_by_regex(mod, text, start), (text, start)


def _span_by_parts(norm, s: int, e: int) -> tuple[int, int]:
    """Normalized.span composed of its parts, `_kept_index` and `_orig_start` (the reference)."""
    from bisect import bisect_left, bisect_right

    start = norm._orig_start(norm._kept_index(s))
    last = norm._kept_index(e - 1)
    i = bisect_left(norm.inserted, e - 1)
    if i < len(norm.inserted) and norm.inserted[i] == e - 1:
        return start, max(start, norm._orig_start(last))
    return start, norm._orig_start(last) + 1 + (bisect_right(norm.dropped, last + 1) - bisect_right(norm.dropped, last))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ar_text)
def test_offsets_map_back_as_their_parts_say(text):
    norm = normalize_ar(text)
    for s in range(len(norm.text)):
        for e in range(s + 1, min(len(norm.text), s + 8) + 1):
            assert norm.span(s, e) == _span_by_parts(norm, s, e)


# --------------------------------------------------------------- the plan the tokens tell
FIGURES = ["12", "2019", "2019،", "2019.", "(2019)", "3,", "12-", "-15", "-", "–", "/", "10:30", "said:", "1990s", "'90s",
           "7.5", "12/8", "٢٠١٩", "١٢", "1444", "al-Assad", "ez-Zor", "4.2-magnitude", "M5", "150,000"]
with_figures = st.lists(st.one_of(words_ar, st.sampled_from(EN_WORDS + OTHER + FIGURES + MARKS)), max_size=25).map(" ".join)


def _usual_candidates(lang: str, text: str) -> list:
    """What `resolve` reads without the token plan: Arabic screened, normalised and planned from
    its words; English lower-cased and planned from its words."""
    if lang == "en":
        return rules_en.candidates(text)
    folded = fold_keeping_offsets(text)
    screened = rules_ar.screen(folded.text)
    if screened is None:
        return []
    splits: list = []
    return rules_ar.candidates(split_clitics(folded, splits=splits).text, screened, splits)


def _told(lang: str, text: str) -> tuple[int | None, list | None]:
    """(the plan the tokens tell, the candidates of the readers it runs), or (None, None)."""
    mod = rules_ar if lang == "ar" else rules_en
    todo = mod.plan(text)
    if todo is None:
        return None, None
    return todo, mod.run(normalize_ar(text).text if lang == "ar" else text, todo)


def _check_told(lang: str, text: str) -> bool:
    todo, got = _told(lang, text)
    if todo is None:
        return False
    assert got == _usual_candidates(lang, text), (lang, text)
    if lang == "en":  # the very plan of the usual path
        assert todo == rules_en.SCANNER.plan(*rules_en.prepared(text)), text
    if todo == 0:
        assert got == []
    return True


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_plan_the_tokens_tell_finds_what_the_usual_path_finds(lang):
    raw = [t for t in TEXTS[lang] if t != t.lower() or lang == "ar"]
    told = sum(_check_told(lang, t) for t in raw)
    assert told > len(raw) // 2  # most texts get a plan from their tokens


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ar=ar_text, en=en_text, mixed=with_figures)
def test_the_plan_the_tokens_tell_on_random_text(ar, en, mixed):
    for lang, text in (("ar", ar), ("en", en), ("ar", mixed), ("en", mixed)):
        _check_told(lang, text)


def test_the_tokens_tell_a_plan_or_say_they_cannot():
    # a figure joined to another across tokens ('12 - 15') leaves the plan to the usual path
    assert rules_en.plan("fighting from May 12 - 15 in Idlib") is None
    # a hyphen inside a word joins no figures
    assert rules_en.plan("Bashar al-Assad said 12 people were hurt") is not None
    # no date word, no year: no reader at all
    assert rules_en.plan("Medical sources said 12 people were hurt.") == 0
    assert rules_ar.plan("قال مسؤولون إن 12 عائلة نزحت من القرى") == 0
    assert rules_ar.plan("وقصفت الطائرات أمس مواقع في إدلب") not in (None, 0)
    # ':' with a figure raises 'clock' as `prepared` does
    low, flags, words = rules_en.prepared("The strike came at 10:30 GMT.")
    assert "clock" in flags and rules_en.plan("The strike came at 10:30 GMT.") == rules_en.SCANNER.plan(low, flags, words)


def test_a_plan_after_the_memo_starts_again_is_the_same():
    small = scan.TokenPlan(rules_en.SCANNER, rules_en._token_words, token_flags=rules_en._TOKEN_PLAN._token_flags,
                           text_flags=((":", "clock"),))
    small._LIMIT = 5
    for text in TEXTS["en"]:
        assert small.plan(text) == rules_en.plan(text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(ar_text, MIXED))
def test_token_folding_and_clitic_splits_as_the_normaliser_does(text):
    assert fold_word(text) == fold_ar(text)
    folded = fold_keeping_offsets(text)
    splits: list = []
    split_clitics(folded, splits=splits)
    assert clitic_splits(folded.text) == splits


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MIXED)
def test_phrases_and_s_words_found_as_the_plain_tests_find_them(text):
    norm = normalize_ar(text).text
    for phrases, test in ((rules_ar.FUTURE_PHRASES, rules_ar._FUTURE_PHRASE), (rules_en._FUTURE_MULTI, rules_en._FUTURE_PHRASE)):
        for s in (text, norm, text.lower() + " " + phrases[len(text) % len(phrases)]):
            assert test(s) == any(p in s for p in phrases)
    words = scan.split_words(norm, rules_ar._WORD_RE)[0]
    assert (rules_ar._S_FUTURE_START.search(norm) is not None) == any(w.startswith(rules_ar._S_FUTURE_STARTS) for w in words)
    assert clause.any_phrase([])("x") is False
