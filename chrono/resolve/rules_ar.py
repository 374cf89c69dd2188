"""Arabic rules: regular patterns over normalised text (see normalize.py) → symbolic values.

Every rule has an id (`ar.<family>`), recorded on the mentions it produces. Patterns are
built once, at import, from the word lists in lexicon/ar.json. They run on the text as
`normalize_ar` leaves it: no diacritics, folded alef/ya/ta marbuta, ASCII digits and
attached clitics split off with a space.
"""

from __future__ import annotations

import re

from chrono.resolve.lexicon import load
from chrono.resolve.normalize import CLITICS, clitic_splits, fold_ar, fold_word
from chrono.resolve import clause, readers
from chrono.resolve.engine_types import Cand
from chrono.resolve.prefix import compile_guarded
from chrono.resolve.scan import Reader, Scanner, TokenPlan, key_words, number_flags, split_words, word_set
from chrono.resolve.trie import trie_regex
from chrono.resolve.values import Sym

PREFIX = "ar"
_L = load("ar")


def _fold_map(d: dict) -> dict:
    return {fold_ar(k): v for k, v in d.items()}


def _alt(words) -> str:
    return trie_regex(words)


WEEKDAYS = _fold_map(_L["weekdays"])
WEEKDAYS_BARE = _fold_map(_L["weekdays_bare"])
MONTHS = _fold_map(_L["months"])
HMONTHS = _fold_map(_L["hijri_months"])
HMONTHS_STANDALONE = {fold_ar(w) for w in _L["hijri_months_standalone"]}
HOLIDAYS = _fold_map(_L["holidays"])
HOLIDAY_ORD = _fold_map(_L["holiday_day_ordinals"])
RELDAYS = _fold_map(_L["relative_days"])
PODS = _fold_map(_L["parts_of_day"])
POD_ADV = _fold_map(_L["pod_adverbs"])
NUMBERS = _fold_map(_L["numbers"])
ORDINALS = _fold_map(_L["ordinals"])
CLOCK_HOURS = _fold_map(_L["clock_hours"])
UNITS = _fold_map(_L["units"])
PAST = {fold_ar(w) for w in _L["past_words"]}
NEXT = {fold_ar(w) for w in _L["next_words"]}
THIS = {fold_ar(w) for w in _L["this_words"]}
PARTS = _fold_map(_L["period_parts"])
DECADES = _fold_map(_L["decades"])
STATE = {fold_ar(w) for w in _L["state_words"]}
FUTURE_WORDS = {fold_ar(w) for w in _L["future_words"]}
FUTURE_PHRASES = [fold_ar(w) for w in _L["future_phrases"]]
NOT_FUTURE_S = {fold_ar(w) for w in _L["not_future_s_words"]}
_NOT_FUTURE_PREFIXES = tuple(w for w in NOT_FUTURE_S if len(w) >= 4)
NAMES = {fold_ar(w) for w in _L["reporting_names"]}
COUNTED = {fold_ar(w) for w in _L["counted_nouns"]}
NAME_BEFORE_DATE = {fold_ar(w) for w in _L["name_words_before_date"]}
MONTH_CONTEXT = {fold_ar(w) for w in _L["month_context_words"]}
HIJRI_CONTEXT = MONTH_CONTEXT | {fold_ar(w) for w in ("صيام", "ليالي", "ليالى", "أيام", "حلول", "قدوم", "اقتراب", "انتهاء", "نهاية", "خلال", "بدء", "بداية", "شهر", "أول", "آخر", "منتصف", "طوال")}

B = r"(?<![\w])"
E = r"(?![\w])"
S = r"\s+"
WD = _alt(WEEKDAYS)
RD = _alt(RELDAYS)
MON = _alt(MONTHS)
HMON = _alt(HMONTHS)
ORD = _alt(ORDINALS)
NUMW = _alt(NUMBERS)
UNIT = _alt(UNITS)
MODW = _alt(PAST | (NEXT - {"التالي", "التاليه"}) | THIS)
POD = _alt(PODS)
PODADV = _alt(POD_ADV)
PART = _alt(PARTS)
DEC = _alt(DECADES)
CLOCKW = _alt(CLOCK_HOURS)

YEAR4 = r"(?:1[89]\d\d|20\d\d|2100)"
HYEAR = r"(?:1[34]\d\d)"
DAYNUM = rf"(?:(?:ال)?\s?(?:[12]\d|3[01]|0?[1-9])|{ORD})"
# a Gregorian month, possibly written in both series: تشرين الأول/أكتوبر, تشرين الأول (أكتوبر)
MONTHP = rf"(?:شهر\s+)?{MON}(?:\s*[/(-]\s*{MON}\s*\)?)?"
REL_YEAR = rf"(?:(?:من\s+)?(?:العام|السنه|عام)\s+(?:{MODW})|(?:من\s+)?هذا\s+العام|(?:من\s+)?هذه\s+السنه)"
YEARP = rf"(?:(?:من\s+)?(?:عام|العام|سنه|لعام)\s+)?{YEAR4}(?:\s*م{E})?"
NUMDATE = r"(?:(?:[12]\d|3[01]|0?[1-9])[/.-](?:1[0-2]|0?[1-9])[/.-](?:1[89]\d\d|20\d\d)|(?:1[89]\d\d|20\d\d)[/.-](?:1[0-2]|0?[1-9])[/.-](?:[12]\d|3[01]|0?[1-9]))"
# day + (Hijri or Gregorian) month written as one branch, so the day is read once per position
ANYDATE = (
    rf"(?:{NUMDATE}|{DAYNUM}\s+(?:من\s+)?(?:شهر\s+)?(?:{HMON}(?:\s+(?:عام\s+|سنه\s+)?{HYEAR})?(?:\s*(?:هـ|ه){E})?"
    rf"|{MON}(?:\s*[/(-]\s*{MON}\s*\)?)?(?:\s*,?\s*{YEARP}|\s+{REL_YEAR}|\s+{MODW})?))"
)
CORE = (
    rf"(?:(?:يوم\s+)?(?P<rd>{RD})(?:\s*[,(]?\s*(?:يوم\s+)?(?P<wd1>{WD})\)?)?(?:\s*,?\s*(?P<date1>{ANYDATE}))?"
    rf"|(?:يوم\s+)?(?P<wd2>{WD})(?:\s+(?P<mod2>{MODW})|\s*[,(]?\s*(?:الموافق\s+(?:ل\s*)?)?(?P<date2>{ANYDATE})\)?)?"
    rf"|(?:يوم\s+)?(?P<date3>{ANYDATE}))"
)
CLOCK = (
    rf"الساعه\s+(?:{CLOCKW}|(?:[01]?\d|2[0-4])(?:[:.][0-5]\d)?)"
    rf"(?:\s+(?:و\s*)?(?:النصف|نصف|الربع|ربع|الا\s+ربعا|الا\s+ربع))?"
    rf"(?:\s+(?:{PODADV}))?(?:\s+(?:بتوقيت|حسب\s+توقيت)\s+(?:غرينتش|غرينيتش|جرينتش|غرينيش|دمشق|سوريا|مكه|القدس|انقره|بيروت|موسكو|واشنطن|نيويورك)(?:\s+المحلي)?)?"
)
PODPART = rf"(?:(?:الساعات\s+الاولي\s+من|ساعات\s+الفجر\s+الاولي\s+من|وقت\s+متاخر\s+من|ساعه\s+متاخره\s+من)\s+)?{POD}"

DAYEXPR = compile_guarded(
    rf"{B}(?P<clock>{CLOCK}\s+(?:من\s+|في\s+)?)?(?P<pod>{PODPART}\s+)?(?P<core>{CORE}){E}"
    rf"|{B}(?P<clock2>{CLOCK})(?:\s+(?P<pod2>{PODPART}))?{E}"
)
NIGHT = compile_guarded(
    rf"{B}(?:ليل|ليله|ليلتي|ليلي)\s+(?:يوم\s+)?(?P<a>{WD})\s*(?:[-–—/]|و|الي|علي)\s*(?:يوم\s+)?(?P<b>{WD}){E}"
)
MONTHEXPR = compile_guarded(
    rf"{B}(?P<m>{MONTHP})(?:\s*,?\s*(?P<y>{YEARP})|\s+(?P<ry>{REL_YEAR})|\s+(?P<ay>(?:من\s+)?(?:العام|السنه)\s+(?:التالي|التاليه|نفسه|ذاته|عينه|السابق|السابقه|الذي\s+تلاه|الذي\s+سبقه))|\s+(?P<mod>{MODW}))?{E}"
)
HMONTHEXPR = compile_guarded(
    rf"{B}(?P<shahr>شهر\s+)?(?P<m>{HMON})(?:\s+(?:ال)?مبارك)?(?:\s+(?:عام\s+|سنه\s+)?(?P<y>{HYEAR})(?:\s*(?:هـ|ه){E})?|\s+(?P<ry>{REL_YEAR})|\s+(?P<mod>{MODW}))?{E}"
)
HYEAREXPR = compile_guarded(rf"{B}(?:(?:عام|العام|سنه)\s+)?(?P<y>{HYEAR})\s*(?:هـ|ه|للهجره|هجريه|هجري){E}")
HOLIDAYEXPR = compile_guarded(
    rf"{B}(?:(?P<ord>{_alt(HOLIDAY_ORD)})\s+(?:ايام\s+|يوم\s+(?:من\s+)?)?)?(?P<h>{_alt(HOLIDAYS)})(?:\s+(?:ال)?(?:مبارك|شريف|سعيد))?"
    rf"(?:\s+(?P<y>{HYEAR}|{YEAR4})(?:\s*(?:هـ|ه|م){E})?|\s+(?P<mod>{MODW})|\s+(?P<ry>{REL_YEAR}))?{E}"
)
YEAREXPR = compile_guarded(rf"{B}(?P<kw>(?:عام|العام|سنه|السنه|لعام)\s+)?(?P<y>{YEAR4})(?P<m>\s*م{E})?(?!\s*[-/.]\d){E}")
RELUNIT = compile_guarded(
    rf"{B}(?:(?P<this>هذا|هذه)\s+(?P<u1>الاسبوع|الشهر|العام|السنه)|(?P<u2>الاسبوع|الشهر|العام|السنه)\s+(?P<mod>{MODW})|(?P<u3>الاسبوع|الشهر|العام|السنه)\s+(?P<prev2>قبل\s+(?:الماضي|الماضيه))){E}"
)
PARTEXPR = compile_guarded(
    rf"{B}(?P<part>{PART})\s+(?:من\s+)?(?:(?P<rel>(?:الاسبوع|الشهر|العام|السنه)(?:\s+(?:{MODW}))?|(?:هذا|هذه)\s+(?:الاسبوع|الشهر|العام|السنه))"
    rf"|(?P<mon>{MONTHP}(?:\s*,?\s*{YEARP}|\s+{REL_YEAR}|\s+{MODW})?)|(?P<yr>(?:(?:عام|العام|سنه)\s+)?{YEAR4})|(?P<hm>(?:شهر\s+)?{HMON}(?:\s+{HYEAR})?)|(?P<dec>{DEC}))(?:\s+(?:القرن\s+(?:الماضي|العشرين)))?{E}"
)
DECADEEXPR = compile_guarded(
    rf"{B}(?:(?:عقد|حقبه|فتره)\s+)?(?P<d>{DEC}|(?:عشرينيات|ثلاثينيات|اربعينيات|خمسينيات|ستينيات|سبعينيات|ثمانينيات|تسعينيات|عشرينات|ثلاثينات|اربعينات|خمسينات|ستينات|سبعينات|ثمانينات|تسعينات))"
    rf"(?:\s+(?:من\s+)?(?P<c>القرن\s+(?:الماضي|العشرين|التاسع\s+عشر|الحالي|الحادي\s+والعشرين)))?{E}"
)
CENTURYEXPR = compile_guarded(rf"{B}القرن\s+(?P<c>الماضي|العشرين|التاسع\s+عشر|الحالي|الحادي\s+والعشرين|الثامن\s+عشر){E}")
AGOEXPR = compile_guarded(rf"{B}(?P<prep>قبل|منذ)\s+(?:(?:نحو|حوالي|قرابه|اكثر\s+من|اقل\s+من|ما\s+يقارب|ما\s+يزيد\s+عن|ما\s+يزيد\s+علي)\s+)?(?:(?P<num>\d{{1,4}}|{NUMW})\s+(?P<unit>{UNIT})|(?P<unit1>{UNIT})){E}")
PASTN = compile_guarded(
    rf"{B}(?:(?:خلال|في|طيله|طوال|علي\s+مدي|علي\s+مدار)\s+)?(?:ال\s?)?(?:(?P<n1>\d{{1,4}})\s+(?:ال)?(?P<u1>ساعه|ساعات|يوما|يوم|ايام|اسبوعا|اسابيع|شهرا|شهر|اشهر|شهور|عاما|عام|اعوام|سنه|سنوات|سنين)"
    rf"|(?P<u2>الساعات|الايام|الاسابيع|الاشهر|الشهور|الاعوام|السنوات|السنين|العقود)\s+(?:ال\s?)?(?P<n2>\d{{1,4}}|{_alt(['ال' + w for w in NUMBERS] + list(NUMBERS))})"
    rf"|(?P<u3>اليومين|الاسبوعين|الشهرين|العامين|السنتين|الساعتين|العقدين|الاسبوع|الشهر|العام|السنه|العقد))"
    rf"\s+(?P<past>الماضيه|الماضيين|الماضيتين|الماضي|الاخيره|الاخيرين|الاخيرتين|الاخير|المنصرمه|المنصرم|المنصرمين|الفائته|الفائت|السابقه){E}"
)
DURATION = compile_guarded(
    rf"{B}(?:(?P<lead>(?:ل\s?)?مده|طيله|طوال|خلال|علي\s+مدي|علي\s+مدار|مده|مدتها|مدته|استمر|استمرت|تستمر|يستمر)\s+)?(?:(?:نحو|حوالي|قرابه|اكثر\s+من|اقل\s+من|ما\s+يقارب|ما\s+يزيد\s+عن|ما\s+يزيد\s+علي)\s+)?"
    rf"(?:(?P<num>\d{{1,4}}|{NUMW})\s+(?P<unit>{UNIT})|(?P<dual>يومين|يومان|اسبوعين|شهرين|عامين|سنتين|ساعتين|عقدين|دقيقتين)){E}"
)
AFTER_N = compile_guarded(
    rf"{B}بعد\s+(?:(?:نحو|حوالي|قرابه)\s+)?(?:(?P<num>\d{{1,4}}|{NUMW})\s+(?P<unit>{UNIT})|(?P<unit1>{UNIT})){E}(?!\s+(?:من|علي|على))"
)
SETEXPR = compile_guarded(
    rf"{B}(?:كل\s+(?:يوم\s+)?(?:{_alt(WEEKDAYS_BARE)}|{WD}|يوم|اسبوع|شهر|عام|سنه|ساعه|صباح|مساء|ليله)|يوميا|اسبوعيا|شهريا|سنويا|مرتين\s+(?:في|كل)\s+(?:الاسبوع|الشهر|اسبوع|شهر|العام)){E}"
)
SINCE_THEN = compile_guarded(rf"{B}(?:منذ\s+(?:ذلك\s+(?:الحين|الوقت|التاريخ|اليوم)|حينه|حينها|ذاك\s+الحين)|منذئذ){E}")
ANAPHOR = compile_guarded(
    rf"{B}(?:(?P<pod>{POD})\s+)?(?:(?P<next>(?:اليوم|الاسبوع|الشهر|العام|السنه)\s+(?:التالي|التاليه|الذي\s+تلاه|اللاحق|الذي\s+يليه))"
    rf"|(?P<prevd>(?:اليوم|الاسبوع|الشهر|العام|السنه)\s+(?:السابق|الذي\s+سبقه))"
    rf"|(?P<same>(?:اليوم|الاسبوع|الشهر|العام|السنه)\s+(?:نفسه|ذاته|عينه)|(?:نفس|ذات)\s+(?:اليوم|الاسبوع|الشهر|العام|السنه)|ذلك\s+(?:اليوم|الاسبوع|الشهر|العام))"
    rf"|(?P<after>(?:بعد|قبل)\s+ذلك\s+(?:ب\s*)?(?:(?P<n>\d{{1,3}}|{NUMW})\s+(?P<u>{UNIT})|(?P<u2>{UNIT})))"
    rf"|(?P<after2>(?:بعد|قبل)\s+(?:(?P<n3>\d{{1,3}}|{NUMW})\s+(?P<u3>{UNIT})|(?P<u4>{UNIT}))\s+(?:من\s+)?(?:ذلك|ذلك\s+التاريخ|ذلك\s+اليوم)))"
    rf"{E}"
)
BETWEEN_DAYS = compile_guarded(
    rf"{B}(?:(?P<lead>من|بين)\s+(?P<d1>(?:[12]\d|3[01]|0?[1-9]))\s*(?:الي|حتي|و|-|–)\s*|(?P<d1b>(?:[12]\d|3[01]|0?[1-9]))\s*[-–]\s*)(?P<d2>(?:[12]\d|3[01]|0?[1-9]))\s+(?:من\s+)?(?P<rest>{MONTHP}(?:\s*,?\s*{YEARP}|\s+{REL_YEAR}|\s+{MODW})?){E}"
)
DAY_OF_RELMONTH = compile_guarded(
    rf"{B}(?P<d>{DAYNUM})\s+(?:من\s+)?(?:(?P<this>هذا|هذه)\s+)?(?:الشهر|الشهر)(?:\s+(?P<mod>{MODW}))?{E}"
)
YEAR_RANGE = compile_guarded(rf"{B}(?P<a>{YEAR4})\s*[-–/]\s*(?P<b>{YEAR4}|\d\d)(?![\w/.-]){E}")
DUAL_DAYS = compile_guarded(rf"{B}(?:يومي\s+(?P<a>{WD})\s*و\s*(?P<b>{WD})|شهري\s+(?P<ma>{MON})\s*و\s*(?P<mb>{MON})(?:\s*,?\s*(?P<y>{YEARP})|\s+(?P<mod>{MODW}))?){E}")
DUAL_YEARS = compile_guarded(rf"{B}(?:(?P<lead>بين|خلال|في|منذ)\s+)?(?:عامي|سنتي|العامين|السنتين)\s+(?P<a>{YEAR4})\s*(?:و|-|الي)\s*(?P<b>{YEAR4}){E}")
HALVES = compile_guarded(
    rf"{B}(?P<which>الربع|النصف)\s+(?P<ord>الاول|الثاني|الثالث|الرابع|الاخير)\s+(?:من\s+)?(?:(?P<rel>(?:العام|السنه)(?:\s+{MODW})?|هذا\s+العام|هذه\s+السنه)|(?:(?:عام|العام|سنه)\s+)?(?P<y>{YEAR4})"
    rf"|(?P<mrel>(?:الشهر(?:\s+{MODW})?|هذا\s+الشهر))|(?P<mon>{MONTHP}(?:\s*,?\s*{YEARP}|\s+{REL_YEAR}|\s+{MODW})?)){E}"
)
DM_NUM = compile_guarded(rf"{B}(?:في|يوم|بتاريخ|منذ|حتي|تاريخ)\s+(?P<dm>(?P<d>[12]\d|3[01]|0?[1-9])/(?P<m>1[0-2]|0?[1-9]))(?![/\d.]){E}")
WEEKEND_AR = compile_guarded(rf"{B}عطله\s+(?:نهايه\s+)?الاسبوع(?:\s+(?P<mod>{MODW}))?{E}")
WEEK_OF_MONTH = compile_guarded(
    rf"{B}الاسبوع\s+(?P<k>الاول|الثاني|الثالث|الرابع|الاخير)\s+(?:من\s+)?(?:(?P<mrel>الشهر(?:\s+{MODW})?|هذا\s+الشهر)|(?P<mon>{MONTHP}(?:\s*,?\s*{YEARP}|\s+{REL_YEAR}|\s+{MODW})?)){E}"
)
TONIGHT = compile_guarded(
    rf"{B}(?P<w>(?:هذه\s+)?الليله(?:\s+(?P<mod>الماضيه|المقبله|القادمه|السابقه|البارحه))?|ليله\s+البارحه|(?:ساعات\s+(?:الصباح|الفجر)|الساعات\s+الاولي\s+من\s+(?:الصباح|صباح\s+اليوم))\s*(?:الاولي)?|هذا\s+الصباح|هذا\s+المساء){E}"
)
EARLIER = compile_guarded(rf"{B}(?P<w>(?:وقت\s+)?(?:سابق|لاحق))\s+(?:من\s+)?(?:هذا|هذه)\s+(?P<u>الاسبوع|الشهر|العام|السنه){E}")

_SECOND_MONTH = re.compile(rf"^\s*[/(-]\s*{MON}\s*\)?")
_DAY_LEAD = re.compile(rf"(?P<d>{DAYNUM})\s+(?:من\s+)?")
_CLOCK_HOUR = re.compile(r"الساعه\s+(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d\d))?|(?P<w>" + CLOCKW + "))")
_YEAR4_RE = re.compile(YEAR4)
_HYEAR_RE = re.compile(HYEAR)
_CONNECT_SINCE = re.compile(r"(?:^|\s)(?P<p>منذ|حتي|لغايه|الي\s+غايه|حتي\s+تاريخ|اعتبارا\s+من|ابتداء\s+من|بدءا\s+من)\s*$")
_CONNECT_LAST = {"منذ", "حتي", "لغايه", "غايه", "تاريخ", "من", "بين"}
_CONNECT_FROM = re.compile(r"(?:^|\s)(?P<p>بين|من)\s*$")
_CONNECT_TO = re.compile(r"^\s*(?P<p>و|الي|حتي|-|–|ولغايه|و\s*حتي)\s*$")

# small patterns the readers below use, compiled once
_THIS_YEAR_RE = re.compile(r"(?:هذا\s+العام|هذه\s+السنه)")
_YEAR_WORD_RE = re.compile(r"(?:العام|السنه|عام)")
_YMD_RE = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")
_DMY_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_HALF_HOUR_RE = re.compile(r"النصف|نصف")
_QUARTER_TO_RE = re.compile(r"الا\s+ربع")
_QUARTER_PAST_RE = re.compile(r"الربع|ربع")
_ZONE_RE = re.compile(r"توقيت\s+(\w+)")
_LAYLA_END_RE = re.compile(r"ليله\s*$")
_DIGIT_BEFORE_RE = re.compile(r"\d\s*$")
_NEXT_WORD_RE = re.compile(r"\s*(\w+|%|\$)")
_DECIMAL_AFTER_RE = re.compile(r"\s*[,.]\d")
_DECIMAL_BEFORE_RE = re.compile(r"\d[,.]\s*$")
_UNIT_WORD_RE = re.compile(r"الاسبوع|الشهر|العام|السنه")
_DAY_UNIT_WORD_RE = re.compile(r"اليوم|الاسبوع|الشهر|العام|السنه")

_TIME_NOUNS_AL = {"الربع", "النصف", "الثلث", "الاسبوع", "الشهر", "اليوم", "الصيف", "الشتاء", "الربيع", "الخريف", "الفصل", "الموسم"}
_MEDIA = {"تيار", "قناه", "حزب", "صحيفه", "جريده", "مجله", "موقع", "اذاعه", "تلفزيون", "شبكه", "وكاله", "روسيا", "برنامج", "المصري", "اخبار", "صلاه", "خطبه", "مسجد", "سوق", "ساحه", "جامع", "جمعه"}
_BOTH = {"بين", "كلا"}


def _num(word: str | None) -> int | None:
    if word is None:
        return None
    word = " ".join((word.strip()).split())
    if word.startswith("ال") and word[2:].strip().isdigit():
        return int(word[2:].strip())
    if word.startswith("ال") and word[2:] in NUMBERS:
        word = word[2:]
    if word.isdigit():
        return int(word)
    if word in NUMBERS:
        return NUMBERS[word]
    if word in ORDINALS:
        return ORDINALS[word]
    w2 = word[2:] if word.startswith("ال") else word
    return NUMBERS.get(w2)


def _unit(word: str) -> tuple[str, int | None]:
    u = UNITS.get(word.strip())
    if u is None:
        return "day", None
    if u.endswith("2"):
        return u[:-1], 2
    return u, None


_KEY_RES: dict[int, tuple[re.Pattern, dict]] = {}


def _find_key(text: str, table: dict):
    """Longest lexicon key of `table` occurring in `text` as whole words (folded spacing)."""
    entry = _KEY_RES.get(id(table))
    if entry is None:
        entry = (re.compile(B + _alt(table) + E), {" ".join((k).split()): k for k in table})
        _KEY_RES[id(table)] = entry
    best = None
    for m in entry[0].finditer(text):
        k = entry[1].get(" ".join((m.group()).split()))
        if k is not None and (best is None or len(k) > len(best)):
            best = k
    return best


def _mod_of(word: str | None) -> str | None:
    if not word:
        return None
    w = " ".join((word.strip()).split()).split(" ")[-1]
    if w in PAST:
        return "last"
    if w in NEXT:
        return "next"
    if w in THIS:
        return "this"
    return None


def _rel_year(text: str) -> int | None:
    """'العام الماضي' → -1, 'هذا العام' → 0, 'العام المقبل' → +1."""
    if _THIS_YEAR_RE.search(text):
        return 0
    m = _mod_of(text)
    return {"last": -1, "next": 1, "this": 0}.get(m)


def _year_of(text: str) -> int | None:
    m = _YEAR4_RE.search(text)
    return int(m.group()) if m else None


def _month_sym(text: str) -> Sym | None:
    """A Gregorian month phrase (no day): 'تشرين الأول/أكتوبر الماضي', 'يونيو من العام الماضي', 'آب 2023'."""
    k = _find_key(text, MONTHS)
    if k is None:
        return None
    m = MONTHS[k]
    y = _year_of(text)
    if y is not None:
        return Sym("month", m=m, y=y)
    rest = text[text.find(k.split()[-1]) + len(k.split()[-1]):] if k.split()[-1] in text else ""
    rest = _SECOND_MONTH.sub("", rest)
    if _YEAR_WORD_RE.search(rest):
        ry = _rel_year(rest)
        if ry is not None:
            return Sym("month", m=m, yrel=ry)
    return Sym("month", m=m, mod=_mod_of(rest))


def _gdate_sym(text: str) -> Sym | None:
    """A Gregorian date: numeric (day first) or 'day month [year]'."""
    t = text.strip()
    m = _YMD_RE.fullmatch(t)
    if m:
        return Sym("date", y=int(m.group(1)), m=int(m.group(2)), d=int(m.group(3)))
    m = _DMY_RE.fullmatch(t)
    if m:
        return Sym("date", y=int(m.group(3)), m=int(m.group(2)), d=int(m.group(1)))
    m = _DAY_LEAD.match(t)
    if not m:
        return None
    d = _num(m.group("d").replace(" ", ""))
    if d is None:
        d = _num(m.group("d"))
    rest = t[m.end():]
    ms = _month_sym(rest)
    if ms is None or d is None:
        return None
    args = dict(ms.args)
    return Sym("date", d=d, **args)


def _hdate_sym(text: str) -> Sym | None:
    k = _find_key(text, HMONTHS)
    if k is None:
        return None
    m = _DAY_LEAD.match(text.strip())
    d = _num(m.group("d").replace(" ", "")) if m else None
    if d is None and m:
        d = _num(m.group("d"))
    ym = _HYEAR_RE.search(text)
    y = int(ym.group()) if ym else None
    if d is None:
        return None
    return Sym("hdate", m=HMONTHS[k], d=d, y=y, mod=_mod_of(text))


def _date_sym(text: str) -> Sym | None:
    if _find_key(text, HMONTHS) and not _find_key(text, MONTHS):
        return _hdate_sym(text)
    return _gdate_sym(text)


def _core_sym(m: re.Match) -> tuple[Sym | None, str]:
    """The day named by CORE: relative day / weekday / date and their combinations."""
    g = m.group
    date_text = g("date1") or g("date2") or g("date3")
    wd_text = g("wd1") or g("wd2")
    wd = WEEKDAYS.get(" ".join(wd_text.split())) if wd_text else None
    if date_text:
        date_sym = _date_sym(date_text)
        if date_sym is None:
            return None, ""
        if wd is not None:
            return Sym("date_wd", date=date_sym, wd=wd), "ar.date_weekday"
        return date_sym, ("ar.hijri_date" if date_sym.op == "hdate" else "ar.explicit_date")
    if g("rd"):
        rd_k = " ".join(g("rd").split())
        n = RELDAYS.get(rd_k)
        if n is None:
            return None, ""
        if wd is not None:
            return Sym("relday_wd", n=n, wd=wd, word=rd_k), "ar.relday_weekday"
        return Sym("relday", n=n, word=rd_k), "ar.relday"
    if wd is not None:
        return Sym("weekday", wd=wd, mod=_mod_of(g("mod2"))), "ar.weekday"
    return None, ""


def _clock_sym(clock: str, base: Sym | None, pod_word: str | None) -> Sym | None:
    m = _CLOCK_HOUR.search(clock)
    if not m:
        return None
    h = int(m.group("h")) if m.group("h") else CLOCK_HOURS.get(" ".join((m.group("w")).split()))
    if h is None:
        return None
    mi = int(m.group("mi")) if m.group("mi") else 0
    if _HALF_HOUR_RE.search(clock):
        mi = 30
    elif _QUARTER_TO_RE.search(clock):
        h, mi = h - 1, 45
    elif _QUARTER_PAST_RE.search(clock):
        mi = 15
    pod = None
    adv = _find_key(clock, POD_ADV)
    if adv:
        pod = POD_ADV[adv]
    elif pod_word:
        pk = _find_key(pod_word, PODS)
        pod = PODS.get(pk) if pk else None
    tz = None
    tzm = _ZONE_RE.search(clock)
    if tzm:
        z = tzm.group(1)
        tz = "GMT" if z.startswith(("غر", "جر")) else {"دمشق": "Asia/Damascus", "سوريا": "Asia/Damascus", "مكه": "Asia/Riyadh",
                                                       "القدس": "Asia/Jerusalem", "انقره": "Europe/Istanbul", "بيروت": "Asia/Beirut",
                                                       "موسكو": "Europe/Moscow", "واشنطن": "America/New_York", "نيويورك": "America/New_York"}.get(z)
    return Sym("clock", h=h, mi=mi, pod=pod, tz=tz, base=base)


_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """The words of `text`, plus each word that starts with و/ف without that letter (a clitic the
    normaliser left glued to a word it does not know)."""
    ws = _WORD_RE.findall(text)
    return ws + [w[1:] for w in ws if len(w) >= 3 and (w[0] == "و" or w[0] == "ف")]


_PUNCT = "\"'()[]{}«»,.;:!?-–—/…"


def _prev_word(text: str, start: int) -> str:
    """The word just before `start`, punctuation ignored."""
    for tok in reversed(text[max(0, start - 40):start].split()):
        tok = tok.strip(_PUNCT)
        if tok:
            return tok
    return ""


def _read_dayexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        clock = m.group("clock") or m.group("clock2")
        pod_word = m.group("pod") or m.group("pod2")
        core = m.group("core")
        base, rule = (None, "")
        if core:
            base, rule = _core_sym(m)
            if base is None:
                continue
            if base.op in ("relday", "weekday", "relday_wd") and not clock and not pod_word:
                pw = _prev_word(text, m.start())
                if pw in _MEDIA or (base.op == "weekday" and (pw in NAMES or pw in _BOTH)):
                    continue
        if base is not None and base.op == "date" and base.get("y") is None and not clock and not pod_word and _prev_word(text, m.start()) in NAME_BEFORE_DATE:
            continue
        if clock:
            sym = _clock_sym(clock, base, pod_word)
            if sym is None:
                continue
            out.append(Cand(m.start(), m.end(), sym, "ar.clock_time"))
            continue
        if pod_word:
            pk = _find_key(pod_word, PODS)
            pod = PODS[pk]
            amb = pod == "night" and _LAYLA_END_RE.search(pod_word.strip()) is not None and base.op == "weekday" and base.get("mod") is None
            out.append(Cand(m.start(), m.end(), Sym("pod", pod=pod, base=base, ambiguous=bool(amb)), "ar.part_of_day"))
            continue
        out.append(Cand(m.start(), m.end(), base, rule))


def _read_monthexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        s = m.group()
        k = _find_key(s, MONTHS)
        if not (m.group("y") or m.group("mod") or m.group("ry") or m.group("ay")) and not m.group("m").startswith("شهر"):
            # a bare month name is also a word or a name (سيارة نيسان, سد تشرين, مارس = he practised):
            # only after a word that introduces a time
            if _prev_word(text, m.start()) not in MONTH_CONTEXT:
                continue
        if _DIGIT_BEFORE_RE.search(text[max(0, m.start() - 3):m.start()]) and not (m.group("y") or m.group("ay")):
            continue  # '14 آذار' that the day rule turned down is a name ('قوى 14 آذار')
        if m.group("ay"):
            ay = m.group("ay")
            shift = 1 if ("التالي" in ay or "تلاه" in ay) else -1 if ("السابق" in ay or "سبقه" in ay) else 0
            month_key = _find_key(m.group("m"), MONTHS)
            if month_key is not None:
                out.append(Cand(m.start(), m.end(), Sym("month_prev_year", m=MONTHS[month_key], k=shift), "ar.named_month"))
            continue
        sym = _month_sym(s)
        if sym is not None:
            out.append(Cand(m.start(), m.end(), sym, "ar.named_month"))


def _read_hmonthexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        name = " ".join((m.group("m")).split())
        if not (m.group("shahr") or m.group("y") or m.group("mod") or m.group("ry") or name in HMONTHS_STANDALONE):
            continue
        if name == "محرم" and not (m.group("shahr") or m.group("y")):
            continue
        if not (m.group("shahr") or m.group("y") or m.group("mod") or m.group("ry")) and _prev_word(text, m.start()) not in HIJRI_CONTEXT:
            continue  # a bare 'رمضان' is also a name (رمضان قديروف)
        hm = HMONTHS[name]
        if m.group("y"):
            sym = Sym("hmonth", m=hm, y=int(m.group("y")))
        elif m.group("ry"):
            ry = _rel_year(m.group("ry"))
            sym = Sym("hmonth", m=hm, yrel=ry) if ry is not None else Sym("hmonth", m=hm)
        else:
            sym = Sym("hmonth", m=hm, mod=_mod_of(m.group("mod")))
        out.append(Cand(m.start(), m.end(), sym, "ar.hijri_month"))


def _read_hyearexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        out.append(Cand(m.start(), m.end(), Sym("hyear", y=int(m.group("y"))), "ar.hijri_year"))


def _read_holidayexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        name = " ".join((m.group("h")).split())
        cal, hm, hd = HOLIDAYS[name]
        off = HOLIDAY_ORD.get(" ".join((m.group("ord")).split())) if m.group("ord") else 0
        y = int(m.group("y")) if m.group("y") else None
        if y is not None and (cal == "hijri") != (y < 1600):
            y = None
        yrel = _rel_year(m.group("ry")) if m.group("ry") else None
        sym = Sym("holiday", cal=cal, m=hm, d=hd, offset=off or 0, y=y, yrel=yrel, mod=_mod_of(m.group("mod")), name=m.group("h"))
        out.append(Cand(m.start(), m.end(), sym, "ar.holiday"))


def _year_ok(text: str, m: re.Match) -> bool:
    if m.group("kw") or m.group("m"):
        return True
    pw = _prev_word(text, m.start())
    if pw in ("القرار", "قرار", "الفوج", "فوج", "رقم", "الرقم", "المرسوم", "مرسوم", "القانون", "قانون", "الطريق", "اللواء", "الكتيبه", "الفرقه", "الماده", "العدد", "بنسبه", "بقيمه", "بمبلغ", "نحو", "حوالي", "قرابه", "اكثر", "اصل", "الجوله", "المجموعه"):
        return False
    nxt = _NEXT_WORD_RE.match(text[m.end():m.end() + 30])
    if nxt and (nxt.group(1) in COUNTED or nxt.group(1).startswith(("%", "$"))):
        return False
    if _DECIMAL_AFTER_RE.match(text[m.end():m.end() + 3]) or _DECIMAL_BEFORE_RE.search(text[max(0, m.start() - 2):m.start()]):
        return False
    return True


def _read_relunit(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        u = m.group("u1") or m.group("u2") or m.group("u3")
        if u == "العام" and m.group("u2"):
            pw = _prev_word(text, m.start())
            if pw.startswith("ال") and not pw.endswith(("ه", "ات", "ين", "ون", "يه")) and pw not in PARTS and pw not in _TIME_NOUNS_AL:
                continue  # 'الأمين العام الحالي': العام is the adjective 'general'

        unit = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[u]
        if m.group("this"):
            n = 0
        elif m.group("u3"):
            n = -2
        else:
            n = {"last": -1, "next": 1, "this": 0}[_mod_of(m.group("mod"))]
        out.append(Cand(m.start(), m.end(), Sym("unit", unit=unit, n=n, word=m.group()), f"ar.{unit}_relative"))


def _read_partexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        which = PARTS[m.group("part")]
        if m.group("rel"):
            rel = m.group("rel")
            u = _UNIT_WORD_RE.search(rel).group()
            unit = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[u]
            mod = _mod_of(rel.replace(u, "", 1)) if rel.split()[0] not in ("هذا", "هذه") else "this"
            n = {"last": -1, "next": 1, "this": 0, None: 0}[mod]
            base = Sym("unit", unit=unit, n=n, word=rel)
        elif m.group("mon"):
            mon = m.group("mon")
            k = _find_key(mon, MONTHS)
            base = _month_sym(mon) if k else None
            if base is None:
                continue
        elif m.group("yr"):
            base = Sym("year", y=_year_of(m.group("yr")))
        elif m.group("hm"):
            hm = m.group("hm")
            k = _find_key(hm, HMONTHS)
            ym = _HYEAR_RE.search(hm)
            base = Sym("hmonth", m=HMONTHS[k], y=int(ym.group()) if ym else None)
        else:
            base = Sym("decade", start=1900 + DECADES[m.group("dec")])
        if m.group("part") == "اول" and not m.group("rel") and not m.group("mon"):
            continue
        out.append(Cand(m.start(), m.end(), Sym("part", which=which, base=base), "ar.partial_period"))


def _read_decadeexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        w = m.group("d")
        key = w if w in DECADES else "ال" + w
        dec = DECADES.get(key)
        if dec is None:
            continue
        c = m.group("c") or ""
        century = 1800 if "التاسع" in c else (2000 if ("الحالي" in c or "الحادي" in c) else 1900)
        out.append(Cand(m.start(), m.end(), Sym("decade", start=century + dec), "ar.decade"))


def _read_centuryexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        c = m.group("c")
        cen = 19 if "التاسع" in c else 18 if "الثامن" in c else 21 if ("الحالي" in c or "الحادي" in c) else 20
        out.append(Cand(m.start(), m.end(), Sym("century", c=cen), "ar.century", prio=-1))


def _num_unit(m: re.Match, pre: str = "") -> tuple[int | None, str]:
    g = lambda k: m.group(pre + k) if (pre + k) in m.re.groupindex else None  # noqa: E731
    unit_w = g("unit") or g("unit1")
    unit, n2 = _unit(unit_w) if unit_w else ("day", None)
    n = _num(g("num") or g("num1"))
    if n is None:
        n = n2 if n2 is not None else (1 if unit_w and UNITS.get(unit_w.strip()) and not unit_w.strip().endswith(("ات", "ايام", "اسابيع", "اشهر", "شهور", "اعوام", "سنين", "عقود", "دقائق")) else None)
    return n, unit


def _read_agoexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        n, unit = _num_unit(m)
        if n is None or unit == "minute":
            continue
        is_open = False
        if m.group("prep") == "منذ":
            window, _ = clause_around(text, m.start(), m.end(), 90)
            is_open = any(w in STATE for w in _words(window)[-8:])
        out.append(Cand(m.start(), m.end(), Sym("ago", n=n, unit=unit, open=is_open), "ar.ago"))


def _read_pastn(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        if m.group("u3"):
            u = m.group("u3")
            if u in ("الاسبوع", "الشهر", "العام", "السنه", "العقد"):
                if u == "العقد":
                    out.append(Cand(m.start(), m.end(), Sym("pastn", n=10, unit="year"), "ar.past_n"))
                continue  # 'خلال الأسبوع الماضي' is last week: the relative-unit rule reads it
            unit, n = _unit(u[2:])
        else:
            uw = m.group("u1") or m.group("u2")
            uw = uw[2:] if uw.startswith("ال") else uw
            unit, _ = _unit(uw)
            n = _num(m.group("n1") or m.group("n2"))
        if n is None:
            continue
        if unit == "decade":
            unit, n = "year", n * 10
        out.append(Cand(m.start(), m.end(), Sym("pastn", n=n, unit=unit), "ar.past_n", prio=1))


def _read_after_n(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        n, unit = _num_unit(m)
        if n is None or unit in ("minute", "decade"):
            continue
        out.append(Cand(m.start(), m.end(), Sym("after", n=n, unit=unit), "ar.after", prio=-1))


def _read_since_then(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        out.append(Cand(m.start(), m.end(), Sym("anaphor", kind="since"), "ar.since_then", prio=2))


def _read_anaphor(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        if m.group("next") or m.group("prevd"):
            w = (m.group("next") or m.group("prevd")).split()[0]
            unit = {"اليوم": "day", "الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[w]
            sym = Sym("anaphor", kind="shift", n=1 if m.group("next") else -1, unit=unit)
        elif m.group("same"):
            s = m.group("same")
            w = _DAY_UNIT_WORD_RE.search(s).group()
            sym = Sym("anaphor", kind="same", unit={"اليوم": "day", "الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[w])
        else:
            sub = m.group("after") or m.group("after2")
            sign = -1 if sub.startswith("قبل") else 1
            uw = m.group("u") or m.group("u2") or m.group("u3") or m.group("u4")
            unit, n2 = _unit(uw)
            n = _num(m.group("n") or m.group("n3"))
            if n is None:
                n = n2 or 1
            sym = Sym("anaphor", kind="shift", n=sign * n, unit=unit)
        if m.group("pod"):
            sym = Sym("with_pod", base=sym, pod=PODS[_find_key(m.group("pod"), PODS)])
        out.append(Cand(m.start(), m.end(), sym, "ar.anaphora", prio=2))


def _read_between_days(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        d1, d2 = int(m.group("d1") or m.group("d1b")), int(m.group("d2"))
        ds = _gdate_sym(f"{d1} {m.group('rest')}")
        if ds is None:
            continue
        out.append(Cand(m.start(), m.end(), Sym("month_days", date=ds, d1=d1, d2=d2), "ar.between_days", prio=3))


def _read_day_of_relmonth(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        d = _num(m.group("d").replace(" ", "")) or _num(m.group("d"))
        if d is None or not (m.group("this") or m.group("mod")):
            continue
        n = 0 if m.group("this") else {"last": -1, "next": 1, "this": 0}[_mod_of(m.group("mod"))]
        out.append(Cand(m.start(), m.end(), Sym("date_relmonth", d=d, n=n), "ar.day_of_relative_month", prio=1))


def _read_dual_days(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        if m.group("a"):
            a = Sym("weekday", wd=WEEKDAYS[" ".join(m.group("a").split())], mod=None)
            b = Sym("weekday", wd=WEEKDAYS[" ".join(m.group("b").split())], mod=None)
        else:
            ma, mb = MONTHS.get(" ".join(m.group("ma").split())), MONTHS.get(" ".join(m.group("mb").split()))
            if ma is None or mb is None:
                continue
            y = _year_of(m.group("y")) if m.group("y") else None
            mod = _mod_of(m.group("mod"))
            a = Sym("month", m=ma, y=y, mod=mod) if y is None else Sym("month", m=ma, y=y if ma <= mb else y - 1)
            b = Sym("month", m=mb, y=y, mod=mod) if y is None else Sym("month", m=mb, y=y)
        out.append(Cand(m.start(), m.end(), Sym("between", a=a, b=b), "ar.between", prio=2))


def _read_dual_years(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        a, b = int(m.group("a")), int(m.group("b"))
        if b < a:
            continue
        sym = Sym("between", a=Sym("year", y=a), b=Sym("year", y=b))
        if m.group("lead") == "منذ":
            sym = Sym("since", base=Sym("year", y=a))
        out.append(Cand(m.start(), m.end(), sym, "ar.year_pair", prio=2))


def _read_halves(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        k = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": 4 if m.group("which") == "الربع" else 2}[m.group("ord")]
        if m.group("mrel") or m.group("mon"):
            if m.group("which") != "النصف" or k > 2:
                continue
            if m.group("mon"):
                msym = _month_sym(m.group("mon"))
                if msym is None:
                    continue
            else:
                rel = m.group("mrel")
                msym = Sym("unit", unit="month", n=0 if rel.startswith("هذا") else {"last": -1, "next": 1, "this": 0, None: 0}[_mod_of(rel[5:] or None)], word=rel)
            out.append(Cand(m.start(), m.end(), Sym("half_month", h=k, base=msym), "ar.half", prio=2))
            continue
        if m.group("y"):
            ysym = Sym("year", y=int(m.group("y")))
        else:
            rel = m.group("rel")
            n = 0 if rel.startswith("هذ") else {"last": -1, "next": 1, "this": 0, None: 0}[_mod_of(rel.split(None, 1)[1] if " " in rel else None)]
            ysym = Sym("unit", unit="year", n=n, word=rel)
        if m.group("which") == "النصف":
            if k > 2:
                continue
            out.append(Cand(m.start(), m.end(), Sym("half_of", h=k, year=ysym), "ar.half", prio=1))
        else:
            out.append(Cand(m.start(), m.end(), Sym("quarter_of", q=k, year=ysym), "ar.quarter", prio=1))


def _read_dm_num(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        out.append(Cand(m.start("dm"), m.end("dm"), Sym("date", d=int(m.group("d")), m=int(m.group("m"))), "ar.day_month_numeric"))


def _read_weekend_ar(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        mod = _mod_of(m.group("mod"))
        out.append(Cand(m.start(), m.end(), Sym("weekend", n={"last": -1, "next": 1, "this": 0, None: None}[mod], first=4), "ar.weekend", prio=1))


def _read_week_of_month(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        k = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": -1}[m.group("k")]
        if m.group("mon"):
            base = _month_sym(m.group("mon"))
            if base is None:
                continue
        else:
            rel = m.group("mrel")
            base = Sym("unit", unit="month", n=0 if rel.startswith("هذا") else {"last": -1, "next": 1, "this": 0, None: 0}[_mod_of(rel[5:] or None)], word=rel)
        out.append(Cand(m.start(), m.end(), Sym("week_of_month", k=k, base=base), "ar.week_of_month", prio=2))


def _read_tonight(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        w = m.group("w")
        pw = _prev_word(text, m.start())
        if "الليله" in w or "ليله" in w:
            pod = "night"
            n = -1 if (m.group("mod") in ("الماضيه", "السابقه", "البارحه") or "البارحه" in w) else 1 if m.group("mod") else 0
        else:
            pod, n = ("evening", 0) if "المساء" in w else ("dawn" if "الفجر" in w or "ساعات" in w else "morning", 0)
        if pw in ("تلك", "ذات", "نفس"):
            sym = Sym("with_pod", base=Sym("anaphor", kind="same", unit="day"), pod=pod)
        else:
            sym = Sym("pod", pod=pod, base=Sym("relday", n=n, word=w))
        out.append(Cand(m.start(), m.end(), sym, "ar.part_of_day"))


def _read_earlier(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        unit = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[m.group("u")]
        which = "earlier" if "سابق" in m.group("w") else "later"
        out.append(Cand(m.start(), m.end(), Sym("earlier_later", which=which, unit=unit), "ar.earlier_later"))


def _read_night(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        a, b = WEEKDAYS[" ".join((m.group("a")).split())], WEEKDAYS[" ".join((m.group("b")).split())]
        out.append(Cand(m.start(), m.end(), Sym("night", wd1=a, second=Sym("weekday", wd=b, mod=None)), "ar.night", prio=2))


# A pattern runs only when one of its trigger words (or a digit) is in the text: most
# sentences hold two or three kinds of date words, and the big patterns are the expensive part.
# The readers are listed in the order their candidates are produced (see scan.py). A common word
# that a pattern needs is no trigger where the pattern needs a rarer one too: it is left out of
# the names (below), or the rarer one is the second condition (also=…). A weak trigger ('كل', a
# date in figures) makes a text worth normalising only where one of the things every match holds
# starts a word (the weekday, unit or numeric date of a match follows a space, or starts the
# match); see may_hold_dates. On the normalised text the patterns of weak triggers simply run:
# that costs no more than the search.
_NUMDATE_SHAPE = r"\d+[/.-]\d"  # every numeric date starts with digits, a separator and a digit
_UNIT_TOKENS = word_set(UNITS, {"الساعات", "الايام", "الاسابيع", "الاشهر", "الشهور", "الاعوام", "السنوات", "السنين", "العقود",
                                "اليومين", "الاسبوعين", "الشهرين", "العامين", "السنتين", "الساعتين", "العقدين", "العقد"})
_UNIT_WORDS = frozenset({"الاسبوع", "الشهر", "العام", "السنه"})
_ANAPHOR_WORDS = frozenset({"ذلك", "نفسه", "ذاته", "عينه", "التالي", "التاليه", "تلاه", "اللاحق", "يليه", "السابق", "سبقه", "نفس", "ذات"})


def _later_words(table) -> frozenset[str]:
    """The words of multi-word names after their first ('الاول' of 'تشرين الاول'): common words."""
    return frozenset(w for key in table for w in key.split()[1:]) - {key.split()[0] for key in table}


# A mention that holds a multi-word name holds each of its words, so one word of a name is trigger
# enough: common words ('من' of 'اول من امس', 'الاول' of 'تشرين الاول', 'يوم' of 'يوم عرفه') are
# left out where the name keeps another, and trigger nothing alone.
_COMMON = frozenset({"من", "قبل", "بعد", "اول", "يوم", "ليله", "السنه", "الام"}) | _later_words(MONTHS) | _later_words(HMONTHS)
_MONTH_WORDS = key_words(MONTHS, common=_COMMON)  # the first word of every month name
_HMONTH_WORDS = key_words(HMONTHS, common=_COMMON)
_ORDINAL_WORDS = frozenset({"الاول", "الثاني", "الثالث", "الرابع", "الاخير"})


SCANNER = Scanner([
    # a day: a weekday, a relative day, a month name (after a day number or ordinal), the hour
    # ('الساعه') or a date in figures
    Reader(DAYEXPR, _read_dayexpr, word_set(WEEKDAYS) | key_words(RELDAYS, common=_COMMON) | _MONTH_WORDS | _HMONTH_WORDS
           | {"الساعه"}, "numdate", weak=(frozenset({"numdate"}), f"{RD}|{WD}|{MON}|{HMON}|الساعه|{_NUMDATE_SHAPE}")),
    Reader(NIGHT, _read_night, frozenset({"ليل", "ليله", "ليلتي", "ليلي"})),
    Reader(MONTHEXPR, _read_monthexpr, _MONTH_WORDS),
    Reader(HMONTHEXPR, _read_hmonthexpr, _HMONTH_WORDS),
    Reader(HYEAREXPR, _read_hyearexpr, flag="year", also=(frozenset(), "hijri_year")),
    Reader(HOLIDAYEXPR, _read_holidayexpr, key_words(HOLIDAYS, common=_COMMON)),
    Reader(YEAREXPR, readers.years("ar.year", _year_ok), flag="year"),
    Reader(RELUNIT, _read_relunit, _UNIT_WORDS),
    # second condition: what the part is of (a unit, a month, a Hijri month, a decade, a year)
    Reader(PARTEXPR, _read_partexpr, key_words(PARTS, common=frozenset({"من"})),
           also=(_UNIT_WORDS | _MONTH_WORDS | _HMONTH_WORDS | word_set(DECADES), "year")),
    Reader(DECADEEXPR, _read_decadeexpr, word_set(DECADES, {w[2:] for w in DECADES})),
    Reader(CENTURYEXPR, _read_centuryexpr, frozenset({"القرن"})),
    # second conditions: a unit word for 'قبل/منذ/بعد', a number for durations…
    Reader(AGOEXPR, _read_agoexpr, frozenset({"قبل", "منذ"}), also=(_UNIT_TOKENS, None)),
    Reader(PASTN, _read_pastn, word_set(PAST), also=(_UNIT_TOKENS, None)),
    Reader(DURATION, readers.undated("duration", "ar.duration", -2), word_set(UNITS),
           also=(word_set(NUMBERS, {w for w, u in UNITS.items() if u.endswith("2")}), "digit")),
    Reader(AFTER_N, _read_after_n, frozenset({"بعد"}), also=(_UNIT_TOKENS, None)),
    Reader(SETEXPR, readers.undated("set", "ar.set", 1), frozenset({"كل", "يوميا", "اسبوعيا", "شهريا", "سنويا", "مرتين"}),
           weak=(frozenset({"كل"}), rf"{_alt(WEEKDAYS_BARE)}|{WD}|يوم|اسبوع|شهر|عام|سنه|ساعه|صباح|مساء|ليله|يوميا|اسبوعيا|شهريا|سنويا|مرتين")),
    Reader(SINCE_THEN, _read_since_then, frozenset({"منذ", "منذئذ"}), also=(frozenset({"ذلك", "حينه", "حينها", "ذاك", "منذئذ"}), None)),
    # second condition: the day or unit it shifts by ('بعد ذلك بيومين': the unit may keep its ب)
    Reader(ANAPHOR, _read_anaphor, _ANAPHOR_WORDS,
           also=(frozenset({"اليوم"}) | _UNIT_WORDS | frozenset(UNITS) | {"ب" + u for u in UNITS}, None)),
    Reader(BETWEEN_DAYS, _read_between_days, _MONTH_WORDS, also=(frozenset(), "digit")),
    Reader(DAY_OF_RELMONTH, _read_day_of_relmonth, frozenset({"الشهر"}), also=(word_set(ORDINALS), "digit")),
    Reader(YEAR_RANGE, readers.year_pairs("ar.year_pair"), flag="year", also=(frozenset(), "dash")),
    Reader(DUAL_DAYS, _read_dual_days, frozenset({"يومي", "شهري"})),
    Reader(DUAL_YEARS, _read_dual_years, frozenset({"عامي", "سنتي", "العامين", "السنتين"})),
    Reader(HALVES, _read_halves, frozenset({"الربع", "النصف"}), also=(_ORDINAL_WORDS, None)),
    Reader(DM_NUM, _read_dm_num, flag="numdate", weak=(frozenset({"numdate"}), r"\d+/\d")),
    Reader(WEEKEND_AR, _read_weekend_ar, frozenset({"عطله"})),
    Reader(WEEK_OF_MONTH, _read_week_of_month, frozenset({"الاسبوع"}), also=(_ORDINAL_WORDS, None)),
    Reader(TONIGHT, _read_tonight, frozenset({"الليله", "ليله", "ساعات", "الساعات", "الصباح", "المساء"})),
    Reader(EARLIER, _read_earlier, frozenset({"سابق", "لاحق"}), also=(frozenset({"هذا", "هذه"}), None)),
], _WORD_RE, confirm_weak=False)  # on the normalised text, running the patterns is as cheap



# Before normalising a text: its words as folded (clitics still attached) hold a trigger word
# only as themselves or behind one or two clitic letters, and what a weak trigger needs confirmed
# starts a word or follows such letters. So a scanner that indexes those forms plans, on the
# folded text, every reader that could find something in the normalised one. A trigger spelt
# with clitic letters only ('كل', weak) is also split off the front of a longer word
# ('كليوم' → 'كل يوم'), so a word starting with it counts too.
def _clitic_forms(word: str) -> set[str]:
    return {c2 + c1 + word for c1 in ("", *CLITICS) for c2 in ("", *CLITICS)}


_FOLDED_SCANNER = Scanner(SCANNER.readers, _WORD_RE, word_forms=_clitic_forms,
                          confirm_lead=rf"(?<![\w])(?:[{CLITICS}]{{1,2}})?")
_CLITIC_TRIGGERS = tuple(sorted(w for w in SCANNER.trigger_words() if set(w) <= set(CLITICS)))
assert all(w in r.weak[0] for r in SCANNER.readers for w in _CLITIC_TRIGGERS if w in r.words), "'كل' is a weak trigger"
assert all(len(w) <= 2 for w in _CLITIC_TRIGGERS), "the normaliser splits off at most two clitic letters"


def _token_words(token: str) -> tuple[str, set[str] | list[str]]:
    """A token as the folded text holds it, and the words the normalised text has of it: those
    `candidates` finds from `screen`'s words and the clitics split off (a word's split depends on
    the word alone, so every copy of it is split alike)."""
    form = fold_word(token)
    words = [form] if form.isalpha() else split_words(form, _WORD_RE)[0]
    return form, _split(words, clitic_splits(form))


def _split(words: list[str], splits: list[tuple[str, int]] | None) -> set[str] | list[str]:
    """`words` with each word of `splits` (a word and where its clitics end) in its two parts."""
    if not splits:
        return words
    words = set(words)
    for w, k in splits:
        words.discard(w)
        words.add(w[:k])
        words.add(w[k:])
    return words


# SCANNER's plan for the normalised text, read off the tokens of the text as written (see
# scan.TokenPlan): a token folded is a token of the folded text, and clitics are split inside it
_TOKEN_PLAN = TokenPlan(SCANNER, _token_words)


# plan(text): the readers to run on the normalised text (see `run`): 0 for none, so no
# candidate; None when the tokens do not tell. They are those `candidates` runs on a text that
# `screen` lets through; a text it turns away (a weak trigger that nothing confirms, such as 'كل'
# alone) may get readers that then find nothing. Asked only for texts that are read whole.
plan = _TOKEN_PLAN.plan


def run(text: str, todo: int) -> list[Cand]:
    """The candidates of the normalised `text`, for the plan of the text as written (`plan`)."""
    return SCANNER.run(text, todo)


def may_hold_dates(folded: str) -> bool:
    """False when no rule can fire on a text (no trigger word or flag, or only common ones that
    nothing confirms), given the text with its letters folded (`normalize.fold_keeping_offsets`):
    news sentences without a date are turned away here, before the clitics are split."""
    return screen(folded) is not None


def screen(folded: str) -> tuple[set[str], list[str]] | None:
    """`may_hold_dates`, answered with what `candidates` needs of the text when it may hold dates
    (None when not): its number flags (`scan.number_flags`), the same on the normalised text since
    splitting clitics only inserts spaces after letters, and its words (`scan.split_words`)."""
    words, odd = split_words(folded, _WORD_RE)
    flags = number_flags(odd)
    if not (_FOLDED_SCANNER.has_strong(words) or _FOLDED_SCANNER.may_run(folded, flags, words)):
        # 'كل' (weak) split off the front of a longer word
        if not (any(p in folded for p in _CLITIC_TRIGGERS) and any(w.startswith(_CLITIC_TRIGGERS) for w in words)
                and _FOLDED_SCANNER.confirms_any(folded)):
            return None
    return flags, words


def candidates(text: str, screened: tuple[set[str], list[str]] | None = None,
               splits: list[tuple[str, int]] | None = None) -> list[Cand]:
    """The candidates of the normalised `text`. `screened` is what `screen` said of the text before
    normalisation, if it was asked, and `splits` then the words `normalize.split_clitics` split."""
    if screened is None:
        words, odd = split_words(text, _WORD_RE)
        return SCANNER.candidates(text, number_flags(odd), words=words)
    flags, words = screened
    # the words of the normalised text: those of the folded one, with the split ones in two
    # (every word `split_clitics` looks at is a whole word of the folded text)
    return SCANNER.candidates(text, flags, words=_split(words, splits))


# ---------------------------------------------------------------- combining neighbours
def connector_before(text: str, start: int) -> tuple[str, int] | None:
    """A meaning-carrying preposition right before a mention: ('since'|'until'|'from', new start)."""
    window = text[max(0, start - 30):start]
    last = window.rsplit(None, 1)[-1] if window.strip() else ""
    if last not in _CONNECT_LAST:
        return None
    # 'من' and 'بين' end no 'since/until' phrase but 'اعتبارا من', 'ابتداء من', 'بدءا من'
    if last in ("من", "بين") and not (last == "من" and window.rsplit(None, 2)[-2:-1] in (["اعتبارا"], ["ابتداء"], ["بدءا"])):
        m = None
    else:
        m = _CONNECT_SINCE.search(window)
    if m:
        p = " ".join((m.group("p")).split())
        kind = "since" if p in ("منذ", "اعتبارا من", "ابتداء من", "بدءا من") else "until"
        return kind, start - (len(window) - m.start("p"))
    m = _CONNECT_FROM.search(window)
    if m:
        return ("between" if m.group("p") == "بين" else "from"), start - (len(window) - m.start("p"))
    return None


def connector_between(text: str, end: int, start: int) -> bool:
    return _CONNECT_TO.match(text[end:start]) is not None


# ---------------------------------------------------------------- look-ahead cues
_S_FUTURE = re.compile(r"(?<!\w)(?:[وف]\s?)?س(?:ي|ت|ن)\w{2,}")


# a future word, also with و/ف glued to it (a clitic the normaliser left on a word it does not know)
_FUTURE_ANY = frozenset(FUTURE_WORDS | {c + w for w in FUTURE_WORDS for c in "وف" if len(w) >= 2})
_FUTURE_PHRASE_RE = re.compile("|".join(re.escape(p) for p in FUTURE_PHRASES) or "(?!)")
# one search: a future word standing alone as a word, or a future phrase anywhere
_FUTURE_CUES = re.compile(rf"(?<!\w){_alt(_FUTURE_ANY)}(?!\w)|{_FUTURE_PHRASE_RE.pattern}")


# A word that _S_FUTURE can match starts so (with و/ف glued, or after a lone و/ف: then the next
# word starts with س…)
_S_FUTURE_STARTS = tuple(c + "س" + v for c in ("", "و", "ف") for v in "يتن")
# where a word of `split_words` starts with one of _S_FUTURE_STARTS: every such word starts where
# no word character precedes it, and every such place starts one (the regex starts with 'س', which
# the regex engine skips to)
_S_FUTURE_START = re.compile(r"س(?:(?<!\wس)|(?<=[وف]س)(?<!\w[وف]س))[يتن]")
_FUTURE_PHRASE = clause.any_phrase(FUTURE_PHRASES)


def looks_ahead(text: str, start: int, end: int) -> bool:
    """Does the clause around [start, end) look ahead (سـ/سوف/لن + verb, من المقرر, المقبل…)?"""
    left, right = clause_around(text, start, end)
    clause = left + " " + right
    # `_FUTURE_CUES.search(clause)`, looked for more quickly: a future word is a whole word (all
    # its letters are word characters, which `split_words` relies on), a phrase a plain string
    words = split_words(clause, _WORD_RE)[0]
    if not _FUTURE_ANY.isdisjoint(words) or _FUTURE_PHRASE(clause):
        return True
    if _S_FUTURE_START.search(clause) is None:  # no word starts with one of _S_FUTURE_STARTS
        return False  # nothing _S_FUTURE could match
    for m in _S_FUTURE.finditer(clause):
        w = m.group().replace(" ", "")
        if w[0] in "وف" and w[1] == "س":
            w = w[1:]
        if w not in NOT_FUTURE_S and not w.startswith(_NOT_FUTURE_PREFIXES):
            return True
    return False


def _comma_in_number(s: str, i: int) -> bool:
    return s[i:i + 1].isdigit()


def clause_around(text: str, start: int, end: int, width: int = 160) -> tuple[str, str]:
    """The parts of the clause left and right of [start, end), cut at . ! ? ; : newline and at
    commas that are not inside a number."""
    return clause.clause_around(text, start, end, width, _comma_in_number)


_PAST_VERBS = {fold_ar(w) for w in ("استمر", "استمرت", "بقي", "بقيت", "ظل", "ظلت", "دام", "دامت", "تواصل", "تواصلت", "امتد", "امتدت", "كان", "كانت", "حكم", "عاش", "عاشت")}
_PAST_ANY = frozenset(_PAST_VERBS | {c + w for w in _PAST_VERBS for c in "وف" if len(w) >= 2})


def past_clause(text: str, start: int, end: int) -> bool:
    """Does the clause of a 'حتى' phrase narrate the past ('استمرت المعارك حتى الأربعاء')?"""
    left, _ = clause_around(text, start, end)
    return not _PAST_ANY.isdisjoint(_WORD_RE.findall(left)) and not looks_ahead(text, start, end)
