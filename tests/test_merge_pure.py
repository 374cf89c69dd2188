"""chrono.merge without a database: text features, date and place compatibility, origins, the pair
decision and an entry's summary."""

from __future__ import annotations

from datetime import date

import pytest

from chrono.merge import dates, origins, regions
from chrono.merge.entries import Member, summarize
from chrono.merge.pair import EventDoc, same_event
from chrono.merge.text import ar_stem, features


def when(f, t=None, grain="day", flags=()):
    return dates.When.of(f, t or f, grain, flags)


# --- text ------------------------------------------------------------------------------------------

def test_arabic_forms_of_one_word_share_a_stem():
    assert ar_stem("جنودا") == ar_stem("جنود")
    assert len({ar_stem(w) for w in ("اميركيين", "اميركيه", "اميركي")}) == 1


def test_concepts_meet_across_languages():
    ar = features("قُتل مدنيان وجُرح خمسة بغارات جوية روسية استهدفت محيط مدينة إدلب فجر الأربعاء.")
    en = features("Russian jets struck the outskirts of Idlib before dawn on Wednesday, killing two civilians and wounding five.")
    assert ar.lang == "ar" and en.lang == "en"
    assert {"kill", "wound", "air", "russia", "civilian"} <= ar.concepts & en.concepts
    assert ar.numbers == en.numbers == {2, 5}


@pytest.mark.parametrize("text, named, not_named", [
    ("سقطت قذائف على الحي دون وقوع إصابات", {"shelling"}, {"wound"}),          # a casualty denied
    ("Shells hit the district; no one was hurt.", {"shelling"}, {"wound"}),
    ("أصيب ثلاثة مدنيين بقذائف على الحي", {"shelling", "wound"}, set()),
    ("Protesters demanding the release of detainees gathered.", {"protest", "arrest"}, {"release"}),
    ("أفرجت السلطات عن ستة معتقلين", {"release"}, set()),                      # a release that happened
    ("انقطعت الكهرباء عن المدينة", {"power"}, {"displace"}),                    # not ك + هرب
    ("أدلى الناخبون بأصواتهم في الانتخابات", {"election"}, {"bus"}),            # not باص
    ("Soldiers raised the flag close to the oil field.", {"military", "fuel"}, {"price", "close", "farmland"}),
    ("أشار التقرير إليها في الاجتماع", {"meet"}, {"car"}),                       # إليها is no vehicle
    ("وسلمت الوحدات فيها والنظام", {"regime"}, {"car"}),                        # فيها is not ف + اليها
    ("مظاهرة منددة بالتقارب التركي مع النظام", {"protest", "turkey"}, {"boat"}),  # a verb's reading names acts only
    ("نقلت وكالة الأنباء الفرنسية عن قائد بارز", {"leader"}, {"food"}),          # not فرن, not ب + ارز
    ("احتجزت مجموعات عشائرية أربعة عناصر", {"arrest"}, {"protest"}),            # احتجز is not احتج
    ("غارة إسرائيلية على مبنى", {"air", "strike"}, set()),                       # an air strike is a strike
    ("Gunmen opened fire on his car", {"gunfire", "car"}, set()),
    ("سقط صاروخ قرب الحي", {"shelling"}, set()),
])
def test_what_a_sentence_names_and_what_it_does_not(text, named, not_named):
    concepts = features(text).concepts
    assert named <= concepts and not (not_named & concepts), sorted(concepts)


def test_figures_leave_out_years_weekdays_and_days_of_dates():
    f = features("قتل 3 أشخاص الاثنين 8 تشرين الأول 2022 في قصف على 30 ألف طن")
    assert f.numbers == {3, 30000}


def test_names_have_one_skeleton_in_both_scripts():
    ar = features("قُتل زعيم التنظيم أبو إبراهيم القرشي في أطمة")
    en = features("The group's leader Abu Ibrahim al-Qurashi was killed in Atmeh")
    assert {"krc", "brhm"} <= ar.names & en.names


def test_place_names_are_taken_out_before_words_are_compared():
    # "جسر" in Jisr al-Shughur is a place name, not a bridge
    doc = EventDoc("قصف على مدينة جسر الشغور", "ar", when("2023-06-25"), ("C4199",))
    assert "bridge" not in doc.feats.concepts
    assert "bridge" in features("قصف على جسر في المدينة").concepts


# --- dates -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, ok", [
    (when("2022-10-08"), when("2022-10-08"), True),
    (when("2022-10-08"), when("2022-10-09"), True),                                  # touching
    (when("2022-10-08"), when("2022-10-10"), False),
    (when("2022-10-05", "2022-10-06", "part_of_day"), when("2022-10-06"), True),     # inside a night
    (when("2022-09-12", "2022-09-18", "week"), when("2022-09-15"), True),           # a day inside a week
    (when("2022-01-01", "2022-12-31", "year"), when("2022-10-08"), False),          # too vague
    (when("2019-01-01", "2019-12-31", "year"), when("2019-01-01", "2019-12-31", "year"), True),
    (when("2022-10-09", flags=["publication_date"]), when("2022-10-08"), True),     # reported the next day
    (when("2022-10-12", flags=["publication_date"]), when("2022-10-08"), False),
    (when("2014-01-01", "2022-10-09", "year", ["open"]), when("2022-10-08"), False),
])
def test_date_compatibility(a, b, ok):
    assert dates.compare(a, b).compatible is ok
    assert dates.compare(b, a).compatible is ok


# --- places ----------------------------------------------------------------------------------------

def test_places_compare_through_the_gazetteer():
    assert regions.compare(("C4751",), ("C4751",)).score == 1.0
    inside = regions.compare(("C4751",), ("SY08",))           # al-Qahtaniyah lies in Al-Hasakah
    assert inside.compatible and inside.relation == "one place lies in the other"
    apart = regions.compare(("C4130",), ("C4121",))           # Atmeh and Sarmada: one subdistrict
    assert apart.compatible and apart.score < 0
    assert not regions.compare(("C5167",), ("C4360",)).compatible  # Deir ez-Zor / Al-Hasakah
    assert not regions.compare(("JO",), ("C5167",)).compatible     # Jordan / Syria
    assert regions.compare((), ("C5167",)).relation == "place unknown"
    assert regions.admin1_of(("C4751", "C5167")) == {"SY08", "SY09"}


# --- origins ---------------------------------------------------------------------------------------

def test_a_source_line_makes_the_article_a_republication():
    text = "خبر عن دوريات.\n\nالمصدر: فرانس 24\n\nالآراء المنشورة لا تعبر عن رأي المرصد."
    found = origins.article_origin(text)
    assert found.origin == "France 24" and found.chain == ("France 24",) and "فرانس 24" in found.evidence
    assert origins.article_origin("BEIRUT (Reuters) - Israeli jets struck…").origin == "Reuters"
    assert origins.article_origin("نص بلا سطر مصدر. بثت وكالة الأنباء الفرنسية صوراً.") is None


@pytest.mark.parametrize("sentence, origin", [
    ("Two soldiers were killed, AFP reported.", "AFP"),
    ("Jets struck the port, according to Reuters.", "Reuters"),
    ("قتل خمسة أشخاص وفقاً لرويترز", "Reuters"),
    ("ذكرت وكالة سانا أن القصف طال المدينة", "SANA"),
    ("نقلاً عن المرصد السوري لحقوق الإنسان", "SOHR"),
    ("وقال مصور وكالة الأنباء الفرنسية إن الجنود التقوا", None),   # quoting a photographer is not republishing
    ("وبحسب المصادر فإن القصف استمر", None),
    ("state media said, citing a military source", None),
])
def test_sentence_attributions(sentence, origin):
    found = origins.sentence_origin(sentence)
    assert (found.origin if found else None) == origin


def test_a_report_behind_a_republication_keeps_the_chain():
    article = origins.Origin("France 24", ("France 24",), "المصدر: فرانس 24")
    own = origins.report_origin("قتل خمسة، وفقاً لوكالة فرانس برس", article)
    assert own.origin == "AFP" and own.chain == ("France 24", "AFP")
    assert origins.report_origin("التقت دوريتان", article) is article


# --- the pair decision -----------------------------------------------------------------------------

def doc(text, day, places, flags=(), lang=None):
    return EventDoc(text, lang, when(day, flags=flags), tuple(places))


def test_one_happening_told_in_two_languages_is_the_same():
    a = doc("قُتل خمسة مدنيين بقصف مدفعي لقوات النظام على مدينة أريحا صباح الاثنين.", "2023-01-09", ["C4278"])
    b = doc("Five civilians were killed when government artillery shelled Ariha on Monday morning.", "2023-01-09", ["C4278"])
    d = same_event(a, b)
    assert d.same and any(r.startswith("concepts:") for r in d.reasons)


def test_same_place_and_day_but_another_happening_is_not():
    a = doc("قُتل خمسة مدنيين بقصف مدفعي لقوات النظام على مدينة أريحا صباح الاثنين.", "2023-01-09", ["C4278"])
    b = doc("افتتح المجلس المحلي في أريحا الاثنين فرناً جديداً لتغطية النقص في الخبز.", "2023-01-09", ["C4278"])
    assert not same_event(a, b).same


def test_a_template_refilled_with_other_figures_is_vetoed():
    a = doc("قُتل خمسة مدنيين بقصف مدفعي على قرية في ريف عفرين الجمعة.", "2022-07-22", ["C1131"])
    b = doc("قُتل ثلاثة مدنيين بقصف مدفعي على قرية في ريف عفرين الجمعة.", "2022-07-22", ["C1131"])
    d = same_event(a, b)
    assert not d.same and d.reasons[0] == "figures disagree"


def test_gates_say_why():
    a = doc("قصف على البوكمال", "2022-06-10", ["C5167"])
    assert same_event(a, doc("قصف على البوكمال", "2022-06-14", ["C5167"])).reasons[0].startswith("date:")
    assert same_event(a, doc("قصف على الحسكة", "2022-06-10", ["C4360"])).reasons[0].startswith("place:")


# --- an entry's summary ----------------------------------------------------------------------------

def member(event_id, day_from, day_to=None, grain="day", flags=(), source="S", origin=None, article=None):
    d = EventDoc("نص", "ar", when(day_from, day_to, grain, flags), ("SY08",))
    return Member(event_id, 1, d, "SY08", article or event_id, source, day_from, day_from, grain, origin=origin)


def test_the_entry_takes_the_most_precise_given_date():
    s = summarize([member(1, "2022-10-09", flags=["publication_date"], source="A"),
                   member(2, "2022-10-05", "2022-10-11", "week", source="B"),
                   member(3, "2022-10-08", source="C")])
    assert (s["date_from"], s["date_to"], s["lead_event_id"]) == ("2022-10-08", "2022-10-08", 3)
    assert s["flags"] == [] and s["sources"] == 3 and s["reports"] == 3
    assert (s["span_from"], s["span_to"]) == ("2022-10-05", "2022-10-11")


def test_two_sources_giving_different_days_is_kept():
    s = summarize([member(1, "2022-10-08", source="A"), member(2, "2022-10-09", source="B")])
    assert s["flags"] == ["date_disagreement"]
    assert [(m["event_id"], m["date_from"], m["source"]) for m in s["member_dates"]] == [
        (1, "2022-10-08", "A"), (2, "2022-10-09", "B")]


def test_a_republication_is_not_an_independent_source():
    s = summarize([member(1, "2022-10-08", source="SOHR", origin="AFP"),
                   member(2, "2022-10-08", source="France 24", origin="AFP"),
                   member(3, "2022-10-08", source="Syria TV")])
    assert s["sources"] == 3 and s["independent_sources"] == 2


def test_a_lone_publication_day_member_dates_the_entry():
    s = summarize([member(1, "2022-10-08", flags=["publication_date"])])
    assert s["date_from"] == "2022-10-08" and s["reports"] == 1 and date.fromisoformat(s["span_to"])


def test_the_quick_judgement_agrees_with_same_event_on_the_labelled_pairs():
    """Clustering scores candidates with `judge` (no reasons, stops as soon as the answer is known): it
    must decide every labelled pair as `same_event` does, and score alike every pair it finds the same."""
    import json
    from pathlib import Path

    from chrono.merge.pair import EventDoc, judge, same_event

    path = Path(__file__).resolve().parent / "data" / "merge_pairs.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        a, b = EventDoc.from_json(p["a"]), EventDoc.from_json(p["b"])
        d = same_event(a, b)
        same, score = judge(a, b)
        assert same == d.same, p["id"]
        if same:
            assert abs(score - d.score) < 1e-9, p["id"]


def test_a_name_after_the_persons_group_is_read():
    from chrono.merge import differences as diffs
    a = features("قتل القيادي في قسد آزاد حسن بمسيرة قرب عامودا")
    b = features("قتل القيادي في قسد شيار كوباني بمسيرة قرب عامودا")
    c = features("قتل القيادي آزاد حسن بمسيرة تركية")
    assert a.diff.persons and diffs.conflicts(a.diff, b.diff).persons
    assert not diffs.conflicts(a.diff, c.diff).persons


def test_the_quick_judgement_reads_the_differences_only_for_pairs_that_could_be_the_same():
    """`judge` settles a pair whose cheap features cannot reach the threshold before reading what could
    tell the two reports apart; a pair that could be the same has its differences read (and vetoed)."""
    from chrono.merge.pair import judge

    when = dates.When.of("2023-05-02", "2023-05-02", "day", ())
    strike = "قُتل مدنيان بقصف مدفعي على بلدة كفرنبل الثلاثاء."
    flood = "غمرت مياه الأمطار الثلاثاء عشرات الخيام في مخيمات الشمال."
    a, b = EventDoc(strike, "ar", when, ("SY07",)), EventDoc(flood, "ar", when, ("SY07",))
    assert judge(a, b) == (False, 0.0)
    assert "diff" not in (a.feats._lazy or {}) and "diff" not in (b.feats._lazy or {})
    # template twins, one person apart: they pass the cheap features, so the difference is read and vetoes
    c = EventDoc("قُتل الشاب محمد الأحمد برصاص مجهولين أمام منزله في بلدة كفرنبل الثلاثاء.", "ar", when, ("SY07",))
    d = EventDoc("قُتل الشاب خالد العمر برصاص مجهولين أمام منزله في بلدة كفرنبل الثلاثاء.", "ar", when, ("SY07",))
    assert judge(c, d) == (False, 0.0)
    assert "diff" in c.feats._lazy and c.feats.diff.persons
    assert same_event(c, d).reasons[0] == "different people named"
