"""The place matcher on small examples: each names the rule it checks."""

from __future__ import annotations

import pytest

from chrono.places import find, gazetteer


def _found(text, **kw):
    return [(m.text, m.pcode) for m in find(text, **kw)]


def _admin1(text, **kw):
    return [(m.text, m.admin1_pcode) for m in find(text, **kw)]


def test_spans_slice_the_original_text():
    text = "وقالت مصادر إنّ القوات اعتقلت عناصر في قرية \"ملوك سراي\" بريفِ القامشلي، والحسكة."
    found = find(text)
    assert found
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.span == (m.start, m.end)


@pytest.mark.parametrize("text, surface, admin1", [
    ("والقامشلي", "القامشلي", "SY08"),  # attached و
    ("وصلوا للرقة أمس", "للرقة", "SY11"),  # ل + ال contracted: the whole word is kept
    ("بمنطقة القامشلي", "منطقة القامشلي", "SY08"),  # ب on the cue word
    ("لمدينة الحسكة", "الحسكة", "SY08"),
    ("وبحلب", "حلب", "SY02"),
    ("في إدلِبَ", "إدلِبَ", "SY07"),  # diacritics
    ("الحسكه", "الحسكه", "SY08"),  # ه for ة
])
def test_arabic_prefixes_and_spelling(text, surface, admin1):
    assert (surface, admin1) in _admin1(text)


def test_cue_words_open_villages():
    # ملوك سراي is a village known to no list of towns: it needs a cue word
    assert _found("قصفت ملوك سراي") == []
    assert _found("قصفت قرية ملوك سراي") == [("ملوك سراي", "C4576")]
    assert _found("قصفت قرية \"ملوك سراي\"") == [("ملوك سراي", "C4576")]
    assert _found("قصفت قرية، ملوك سراي") == []  # the cue must stand right before the name


def test_a_village_named_with_a_cue_may_be_named_again_without():
    found = find("قصفت القوات قرية ملوك سراي صباحاً. وقال سكان من ملوك سراي إن القصف استمر.")
    assert [(m.text, m.pcode, m.rule) for m in found] == [("ملوك سراي", "C4576", "cue"),
                                                         ("ملوك سراي", "C4576", "repeat")]
    # not when the name is also a common word
    found = find("تعرضت قرية الحرية في ريف القنيطرة للقصف. وطالب المتظاهرون بالحرية.")
    assert [m.text for m in found] == ["الحرية", "ريف القنيطرة"]


def test_cue_word_picks_the_level():
    assert _found("محافظة الحسكة") == [("محافظة الحسكة", "SY08")]
    assert find("مدينة الحسكة")[0].level == "place"
    assert find("منطقة القامشلي")[0].level == "district"
    assert find("ناحية عامودا")[0].level == "subdistrict"
    assert find("قرب القامشلي")[0].level == "place"


def test_countryside_is_the_district_or_governorate():
    m = find("بريف القامشلي")[0]
    assert (m.text, m.pcode, m.qualifier) == ("ريف القامشلي", "SY0802", "countryside")
    assert find("في ريف حلب الشمالي")[0].pcode == "SY02"
    assert find("ريف دمشق")[0].pcode == "SY03"  # a governorate of its own
    assert find("in the Qamishli countryside")[0].pcode == "SY0802"
    assert find("rural Idlib")[0].pcode == "SY07"


def test_north_of_x_is_in_x():
    m = find("بمنطقة القامشلي شمالي الحسكة")[1]
    assert (m.text, m.admin1_pcode, m.qualifier) == ("الحسكة", "SY08", "near")
    assert find("north of Raqqa")[0].admin1_pcode == "SY11"


@pytest.mark.parametrize("text, admin1", [
    ("Al-Hasakah", "SY08"), ("al-Hasakah", "SY08"), ("El-Hasakeh", "SY08"), ("Hasakah", "SY08"),
    ("Hassakeh", "SY08"), ("Tell Abyad", "SY11"), ("Tal Abyad", "SY11"), ("Tall Abyad", "SY11"),
    ("Deir ez-Zor", "SY09"), ("Deir al-Zor", "SY09"), ("Raqqa", "SY11"), ("Raqqah", "SY11"),
    ("Ar-Raqqa", "SY11"), ("Qamishli", "SY08"), ("Latakia", "SY06"), ("Lattakia", "SY06"),
    ("Ras al-Ain", "SY08"), ("Ras al-Ayn", "SY08"), ("Maarrat al-Nu'man", "SY07"),
])
def test_english_spellings(text, admin1):
    found = find(f"Fighting was reported in {text} on Monday.")
    assert [(m.text, m.admin1_pcode) for m in found] == [(text, admin1)]


def test_english_article_belongs_to_the_span():
    m = find("near al-Qahtaniyah")[0]
    assert m.text == "al-Qahtaniyah" and m.admin1_pcode == "SY08"


def test_english_names_need_a_capital():
    assert _found("the turkey was roasted") == []
    assert _found("homs") == []
    assert [p for _, p in _found("Turkey said")] == ["TR"]


@pytest.mark.parametrize("text", [
    "قال الرئيس إن الباب مفتوح أمام الحوار",
    "خرجت المظاهرات السلمية",
    "أحيا السوريون ذكرى الثورة",
    "نقل إلى السجن المركزي",
    "في هذا الصدد",
    "تم افتتاح قنوات اتصال",
    "التقطت الصورة والصور",
    "الحرب الأوكرانية",
    "بتفجير جسر القرم",
    "بتفجير جسر الرقم",
    "قوات سوريا الديمقراطية",
    "The Russian Duma approved the bill.",
    "Ali told reporters that the talks would resume.",
    "على المدى القصير",
    "بدأ توزيع الكسوة الشتوية على النازحين",
    "SANA reported that the talks ended.",
    "He flew to San Francisco.",
    "President Ahmed al-Sharaa said",
    "Use of force was condemned.",
])
def test_common_words_do_not_match(text):
    assert _found(text) == []


def test_common_word_names_match_with_a_cue():
    assert _admin1("في مدينة الباب") == [("الباب", "SY02")]
    assert _admin1("مدينة السلمية") == [("السلمية", "SY05")]
    assert _admin1("in the town of al-Bab") == [("al-Bab", "SY02")]


def test_a_list_shares_its_cue():
    found = _admin1("قصفت القوات قرى عين دقنة ومرعناز في ريف حلب")
    assert ("عين دقنة", "SY02") in found and ("مرعناز", "SY02") in found


def test_ambiguous_village_is_left_open_without_context():
    # قرية الحرية: villages in seven governorates
    m = find("تعرضت قرية الحرية لقصف مدفعي")[0]
    assert m.pcode is None and m.rule == "ambiguous"
    assert len(m.candidates) >= 5
    assert m.chain == [] and m.admin1_pcode is None


def test_a_governorate_named_nearby_decides():
    m = find("تعرضت قرية الحرية في ريف القنيطرة لقصف")[0]
    assert m.admin1_pcode == "SY14" and m.rule.startswith("context")


def test_other_text_of_the_article_decides():
    text = "عقد مجلس قرية الحرية اجتماعاً."
    assert find(text)[0].pcode is None
    m = find(text, context="وشهدت محافظة الحسكة موجة حر.")[0]
    assert m.admin1_pcode == "SY08" and m.rule.startswith("context")


def test_home_region_decides():
    text = "تعرضت قرية الحرية لقصف مدفعي"
    assert find(text, home_region="raqqa")[0].admin1_pcode == "SY11"
    assert find(text, home_region="SY09")[0].admin1_pcode == "SY09"
    with pytest.raises(ValueError):
        find(text, home_region="atlantis")


def test_qahtaniyah_in_raqqa_when_the_sentence_says_so():
    assert _admin1("بلدة القحطانية في ريف الرقة")[0] == ("القحطانية", "SY11")
    assert _admin1("بلدة القحطانية في ريف الحسكة")[0] == ("القحطانية", "SY08")
    # without a cue only the town is known, and it is in Al-Hasakah
    assert _admin1("قرب القحطانية")[0] == ("القحطانية", "SY08")


def test_same_name_in_one_governorate_gives_the_common_region():
    # تل حميس: two places, both in Qamishli district
    m = find("جرى تبادل للأسرى في قرية تل حميس")[0]
    assert m.admin1_pcode == "SY08"


def test_chain_runs_up_to_the_country():
    m = find("قرية ملوك سراي")[0]
    assert [c[0] for c in m.chain] == ["C4576", "SY080200", "SY0802", "SY08", "SY"]
    assert m.chain[-1][1] == "country"
    assert m.region is gazetteer()["C4576"]


def test_macro_regions_and_countries():
    assert _found("في شمال شرقي سوريا") == [("شمال شرقي سوريا", "SYM-NE")]
    assert _found("US troops in northeast Syria") == [("northeast Syria", "SYM-NE")]
    assert [p for _, p in _found("روسيا وإيران وتركيا وأوكرانيا")] == ["RU", "IR", "TR", "UA"]
    assert [p for _, p in _found("من بيروت إلى إسطنبول")] == ["LB-BEIRUT", "TR-ISTANBUL"]


def test_lang_is_checked():
    with pytest.raises(ValueError):
        find("حلب", "fr")
    assert find("حلب", "ar")[0].admin1_pcode == "SY02"


def test_nothing_in_empty_or_odd_text():
    assert find("") == []
    assert find("   \n\t") == []
    assert find("12345 !!! ***") == []
    assert find("\x00حلب\x00")[0].admin1_pcode == "SY02"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["قرية ", "ريف ", "الحسكة", "و", "ب", "لل", "ملوك سراي", " ", "، ", ". ", "\"", "al-",
                           "Tal ", "Raqqa", "village of ", "north of ", "ً", "ـ", "حلب", "قامشلو", "x", "\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30))
def test_any_text_gives_well_formed_mentions(parts):
    text = "".join(parts)
    found = find(text)
    previous_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= previous_end  # no overlaps, in order
        previous_end = m.end
        if m.pcode is None:
            assert len(m.candidates) > 1 and m.chain == []
        else:
            assert m.chain[0][0] == m.pcode and m.chain[-1][1] == "country"
