"""Arabic rules: regular patterns over normalised text (see normalize.py) → symbolic values.

Every rule has an id (`ar.<family>`), recorded on the mentions it produces. Patterns are
built once, at import, from the word lists in lexicon/ar.json. They run on the text as
`normalize_ar` leaves it: no diacritics, folded alef/ya/ta marbuta, ASCII digits and
attached clitics split off with a space.
"""

from __future__ import annotations

import re

from chrono.resolve.lexicon import load
from chrono.resolve.normalize import fold_ar
from chrono.resolve.engine_types import Cand
from chrono.resolve.scan import build_index, plan, scan
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
PASTW = _alt(PAST)
NEXTW = _alt(NEXT - {"التالي", "التاليه"})
THISW = _alt(THIS)
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
    rf"(?:(?:يوم\s+)?{RD}(?:\s*[,(]?\s*(?:يوم\s+)?{WD}\)?)?(?:\s*,?\s*{ANYDATE})?"
    rf"|(?:يوم\s+)?{WD}(?:\s+{MODW}|\s*,?\s*{ANYDATE})?"
    rf"|(?:يوم\s+)?{ANYDATE})"
)
CLOCK = (
    rf"الساعه\s+(?:{CLOCKW}|(?:[01]?\d|2[0-4])(?:[:.][0-5]\d)?)"
    rf"(?:\s+(?:و\s*)?(?:النصف|نصف|الربع|ربع|الا\s+ربعا|الا\s+ربع))?"
    rf"(?:\s+(?:{PODADV}))?(?:\s+(?:بتوقيت|حسب\s+توقيت)\s+(?:غرينتش|غرينيتش|جرينتش|غرينيش|دمشق|سوريا|مكه|القدس|انقره|بيروت|موسكو|واشنطن|نيويورك)(?:\s+المحلي)?)?"
)
PODPART = rf"(?:(?:في\s+)?(?:الساعات\s+الاولي\s+من|ساعات\s+الفجر\s+الاولي\s+من|وقت\s+متاخر\s+من|ساعه\s+متاخره\s+من)\s+)?{POD}"

DAYEXPR = re.compile(
    rf"{B}(?P<clock>{CLOCK}\s+(?:من\s+|في\s+)?)?(?P<pod>{PODPART}\s+)?(?P<core>{CORE}){E}"
    rf"|{B}(?P<clock2>{CLOCK})(?:\s+(?P<pod2>{PODPART}))?{E}"
)
NIGHT = re.compile(
    rf"{B}(?:ليل|ليله|ليلتي|ليلي)\s+(?:يوم\s+)?(?P<a>{WD})\s*(?:[-–—/]|و|الي|علي)\s*(?:يوم\s+)?(?P<b>{WD}){E}"
)
POD_RELDAY = re.compile(rf"{B}(?P<pod>{POD})\s+(?:يوم\s+)?(?P<rd>اليوم|امس|الامس|البارحه|غد|الغد)(?:\s+(?P<wd>{WD}))?{E}")
MONTHEXPR = re.compile(
    rf"{B}(?P<m>{MONTHP})(?:\s*,?\s*(?P<y>{YEARP})|\s+(?P<ry>{REL_YEAR})|\s+(?P<mod>{MODW}))?{E}"
)
HMONTHEXPR = re.compile(
    rf"{B}(?P<shahr>شهر\s+)?(?P<m>{HMON})(?:\s+(?:ال)?مبارك)?(?:\s+(?:عام\s+|سنه\s+)?(?P<y>{HYEAR})(?:\s*(?:هـ|ه){E})?|\s+(?P<ry>{REL_YEAR})|\s+(?P<mod>{MODW}))?{E}"
)
HYEAREXPR = re.compile(rf"{B}(?:(?:عام|العام|سنه)\s+)?(?P<y>{HYEAR})\s*(?:هـ|ه|للهجره|هجريه|هجري){E}")
HOLIDAYEXPR = re.compile(
    rf"{B}(?:(?P<ord>{_alt(HOLIDAY_ORD)})\s+(?:ايام\s+|يوم\s+(?:من\s+)?)?)?(?P<h>{_alt(HOLIDAYS)})(?:\s+(?:ال)?(?:مبارك|شريف|سعيد))?"
    rf"(?:\s+(?P<y>{HYEAR}|{YEAR4})(?:\s*(?:هـ|ه|م){E})?|\s+(?P<mod>{MODW})|\s+(?P<ry>{REL_YEAR}))?{E}"
)
YEAREXPR = re.compile(rf"{B}(?P<kw>(?:عام|العام|سنه|السنه|لعام)\s+)?(?P<y>{YEAR4})(?P<m>\s*م{E})?(?!\s*[-/.]\d){E}")
RELUNIT = re.compile(
    rf"{B}(?:(?P<this>هذا|هذه)\s+(?P<u1>الاسبوع|الشهر|العام|السنه)|(?P<u2>الاسبوع|الشهر|العام|السنه)\s+(?P<mod>{MODW})(?:\s+(?P<prev>قبل\s+(?:الماضي|الماضيه)))?){E}"
)
PARTEXPR = re.compile(
    rf"{B}(?P<part>{PART})\s+(?:من\s+)?(?:(?P<rel>(?:الاسبوع|الشهر|العام|السنه)(?:\s+(?:{MODW}))?|(?:هذا|هذه)\s+(?:الاسبوع|الشهر|العام|السنه))"
    rf"|(?P<mon>{MONTHP}(?:\s*,?\s*{YEARP}|\s+{REL_YEAR}|\s+{MODW})?)|(?P<yr>(?:(?:عام|العام|سنه)\s+)?{YEAR4})|(?P<hm>(?:شهر\s+)?{HMON}(?:\s+{HYEAR})?)|(?P<dec>{DEC}))(?:\s+(?:القرن\s+(?:الماضي|العشرين)))?{E}"
)
DECADEEXPR = re.compile(
    rf"{B}(?:(?:عقد|حقبه|فتره)\s+)?(?P<d>{DEC}|(?:عشرينيات|ثلاثينيات|اربعينيات|خمسينيات|ستينيات|سبعينيات|ثمانينيات|تسعينيات|عشرينات|ثلاثينات|اربعينات|خمسينات|ستينات|سبعينات|ثمانينات|تسعينات))"
    rf"(?:\s+(?:من\s+)?(?P<c>القرن\s+(?:الماضي|العشرين|التاسع\s+عشر|الحالي|الحادي\s+والعشرين)))?{E}"
)
CENTURYEXPR = re.compile(rf"{B}القرن\s+(?P<c>الماضي|العشرين|التاسع\s+عشر|الحالي|الحادي\s+والعشرين|الثامن\s+عشر){E}")
NUMUNIT = rf"(?:(?P<num>\d{{1,4}}|{NUMW})\s+(?P<unit>{UNIT})|(?P<unit1>{UNIT})(?:\s+(?P<num1>{NUMW}))?)"
AGOEXPR = re.compile(rf"{B}(?P<prep>قبل|منذ)\s+(?:(?:نحو|حوالي|قرابه|اكثر\s+من|اقل\s+من|ما\s+يقارب|ما\s+يزيد\s+عن|ما\s+يزيد\s+علي)\s+)?(?:(?P<num>\d{{1,4}}|{NUMW})\s+(?P<unit>{UNIT})|(?P<unit1>{UNIT})){E}")
PASTN = re.compile(
    rf"{B}(?:(?:خلال|في|طيله|طوال|علي\s+مدي|علي\s+مدار)\s+)?(?:ال\s?)?(?:(?P<n1>\d{{1,4}})\s+(?:ال)?(?P<u1>ساعه|ساعات|يوما|يوم|ايام|اسبوعا|اسابيع|شهرا|شهر|اشهر|شهور|عاما|عام|اعوام|سنه|سنوات|سنين)"
    rf"|(?P<u2>الساعات|الايام|الاسابيع|الاشهر|الشهور|الاعوام|السنوات|السنين|العقود)\s+(?:ال\s?)?(?P<n2>\d{{1,4}}|{_alt(['ال' + w for w in NUMBERS] + list(NUMBERS))})"
    rf"|(?P<u3>اليومين|الاسبوعين|الشهرين|العامين|السنتين|الساعتين|العقدين|الاسبوع|الشهر|العام|السنه|العقد))"
    rf"\s+(?P<past>الماضيه|الماضيين|الماضيتين|الماضي|الاخيره|الاخيرين|الاخيرتين|الاخير|المنصرمه|المنصرم|المنصرمين|الفائته|الفائت|السابقه){E}"
)
DURATION = re.compile(
    rf"{B}(?:(?P<lead>(?:ل\s?)?مده|طيله|طوال|خلال|علي\s+مدي|علي\s+مدار|مده|مدتها|مدته|استمر|استمرت|تستمر|يستمر)\s+)?(?:(?:نحو|حوالي|قرابه|اكثر\s+من|اقل\s+من|ما\s+يقارب|ما\s+يزيد\s+عن|ما\s+يزيد\s+علي)\s+)?"
    rf"(?:(?P<num>\d{{1,4}}|{NUMW})\s+(?P<unit>{UNIT})|(?P<dual>يومين|يومان|اسبوعين|شهرين|عامين|سنتين|ساعتين|عقدين|دقيقتين)){E}"
)
SETEXPR = re.compile(
    rf"{B}(?:كل\s+(?:يوم\s+)?(?:{_alt(WEEKDAYS_BARE)}|{WD}|يوم|اسبوع|شهر|عام|سنه|ساعه|صباح|مساء|ليله)|يوميا|اسبوعيا|شهريا|سنويا|مرتين\s+(?:في|كل)\s+(?:الاسبوع|الشهر|اسبوع|شهر|العام)){E}"
)
SINCE_THEN = re.compile(rf"{B}(?:منذ\s+(?:ذلك\s+(?:الحين|الوقت|التاريخ|اليوم)|حينه|حينها|ذاك\s+الحين)|منذئذ){E}")
ANAPHOR = re.compile(
    rf"{B}(?:(?P<pod>{POD})\s+)?(?:(?P<next>(?:اليوم|الاسبوع|الشهر|العام|السنه)\s+(?:التالي|التاليه|الذي\s+تلاه|اللاحق|الذي\s+يليه))"
    rf"|(?P<prevd>(?:اليوم|الاسبوع|الشهر|العام|السنه)\s+(?:السابق|الذي\s+سبقه))"
    rf"|(?P<same>(?:اليوم|الاسبوع|الشهر|العام|السنه)\s+(?:نفسه|ذاته|عينه)|(?:نفس|ذات)\s+(?:اليوم|الاسبوع|الشهر|العام|السنه)|ذلك\s+(?:اليوم|الاسبوع|الشهر|العام))"
    rf"|(?P<after>(?:بعد|قبل)\s+ذلك\s+(?:ب\s*)?(?:(?P<n>\d{{1,3}}|{NUMW})\s+(?P<u>{UNIT})|(?P<u2>{UNIT})))"
    rf"|(?P<after2>(?:بعد|قبل)\s+(?:(?P<n3>\d{{1,3}}|{NUMW})\s+(?P<u3>{UNIT})|(?P<u4>{UNIT}))\s+(?:من\s+)?(?:ذلك|ذلك\s+التاريخ|ذلك\s+اليوم)))"
    rf"{E}"
)
BETWEEN_DAYS = re.compile(
    rf"{B}(?P<lead>من|بين)\s+(?P<d1>(?:[12]\d|3[01]|0?[1-9]))\s*(?:الي|حتي|و|-|–)\s*(?P<d2>(?:[12]\d|3[01]|0?[1-9]))\s+(?:من\s+)?(?P<rest>{MONTHP}(?:\s*,?\s*{YEARP}|\s+{REL_YEAR}|\s+{MODW})?){E}"
)
DAY_OF_RELMONTH = re.compile(
    rf"{B}(?P<d>{DAYNUM})\s+(?:من\s+)?(?:(?P<this>هذا|هذه)\s+)?(?:الشهر|الشهر)(?:\s+(?P<mod>{MODW}))?{E}"
)
YEAR_RANGE = re.compile(rf"{B}(?P<a>{YEAR4})\s*[-–/]\s*(?P<b>{YEAR4}|\d\d)(?![\w/.-]){E}")
DUAL_YEARS = re.compile(rf"{B}(?:(?P<lead>بين|خلال|في|منذ)\s+)?(?:عامي|سنتي|العامين|السنتين)\s+(?P<a>{YEAR4})\s*(?:و|-|الي)\s*(?P<b>{YEAR4}){E}")
HALVES = re.compile(
    rf"{B}(?P<which>الربع|النصف)\s+(?P<ord>الاول|الثاني|الثالث|الرابع|الاخير)\s+(?:من\s+)?(?:(?P<rel>(?:العام|السنه)(?:\s+{MODW})?|هذا\s+العام|هذه\s+السنه)|(?:(?:عام|العام|سنه)\s+)?(?P<y>{YEAR4})"
    rf"|(?P<mrel>(?:الشهر(?:\s+{MODW})?|هذا\s+الشهر))|(?P<mon>{MONTHP}(?:\s*,?\s*{YEARP}|\s+{REL_YEAR}|\s+{MODW})?)){E}"
)
DM_NUM = re.compile(rf"{B}(?:في|يوم|بتاريخ|منذ|حتي|تاريخ)\s+(?P<dm>(?P<d>[12]\d|3[01]|0?[1-9])/(?P<m>1[0-2]|0?[1-9]))(?![/\d.]){E}")
WEEKEND_AR = re.compile(rf"{B}عطله\s+(?:نهايه\s+)?الاسبوع(?:\s+(?P<mod>{MODW}))?{E}")
EARLIER = re.compile(rf"{B}(?:في\s+)?(?P<w>(?:وقت\s+)?(?:سابق|لاحق))\s+(?:من\s+)?(?:هذا|هذه)\s+(?P<u>الاسبوع|الشهر|العام|السنه){E}")

_SECOND_MONTH = re.compile(rf"^\s*[/(-]\s*{MON}\s*\)?")
_DAY_LEAD = re.compile(rf"(?P<d>{DAYNUM})\s+(?:من\s+)?")
_CLOCK_HOUR = re.compile(r"الساعه\s+(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d\d))?|(?P<w>" + CLOCKW + "))")
_YEAR4_RE = re.compile(YEAR4)
_HYEAR_RE = re.compile(HYEAR)
_ANYDATE_RE = re.compile(ANYDATE + E)
_CONNECT_SINCE = re.compile(r"(?:^|\s)(?P<p>منذ|حتي|لغايه|الي\s+غايه|حتي\s+تاريخ|اعتبارا\s+من|ابتداء\s+من|بدءا\s+من)\s*$")
_CONNECT_LAST = {"منذ", "حتي", "لغايه", "غايه", "تاريخ", "من", "بين"}
_CONNECT_FROM = re.compile(r"(?:^|\s)(?P<p>بين|من)\s*$")
_CONNECT_TO = re.compile(r"^\s*(?P<p>و|الي|حتي|-|–|ولغايه|و\s*حتي)\s*$")

_TIME_NOUNS_AL = {"الربع", "النصف", "الثلث", "الاسبوع", "الشهر", "اليوم", "الصيف", "الشتاء", "الربيع", "الخريف", "الفصل", "الموسم"}
_MEDIA = {"تيار", "قناه", "حزب", "صحيفه", "جريده", "مجله", "موقع", "اذاعه", "تلفزيون", "شبكه", "وكاله", "روسيا", "برنامج", "المصري", "اخبار", "صلاه", "خطبه", "مسجد", "سوق", "ساحه", "جامع", "جمعه"}
_BOTH = {"بين", "كلا"}


def _num(word: str | None) -> int | None:
    if word is None:
        return None
    word = re.sub(r"\s+", " ", word.strip())
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
        entry = (re.compile(B + _alt(table) + E), {re.sub(r"\s+", " ", k): k for k in table})
        _KEY_RES[id(table)] = entry
    best = None
    for m in entry[0].finditer(text):
        k = entry[1].get(re.sub(r"\s+", " ", m.group()))
        if k is not None and (best is None or len(k) > len(best)):
            best = k
    return best


def _mod_of(word: str | None) -> str | None:
    if not word:
        return None
    w = re.sub(r"\s+", " ", word.strip()).split(" ")[-1]
    if w in PAST:
        return "last"
    if w in NEXT:
        return "next"
    if w in THIS:
        return "this"
    return None


def _rel_year(text: str) -> int | None:
    """'العام الماضي' → -1, 'هذا العام' → 0, 'العام المقبل' → +1."""
    if re.search(r"(?:هذا\s+العام|هذه\s+السنه)", text):
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
    if re.search(r"(?:العام|السنه|عام)", rest):
        ry = _rel_year(rest)
        if ry is not None:
            return Sym("month", m=m, yrel=ry)
    return Sym("month", m=m, mod=_mod_of(rest))


def _gdate_sym(text: str) -> Sym | None:
    """A Gregorian date: numeric (day first) or 'day month [year]'."""
    t = text.strip()
    m = re.fullmatch(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})", t)
    if m:
        return Sym("date", y=int(m.group(1)), m=int(m.group(2)), d=int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", t)
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


def _core_sym(core: str) -> tuple[Sym | None, str]:
    """The day named by CORE: relative day / weekday / date and their combinations."""
    core = core.strip()
    date_m = _ANYDATE_RE.search(core)
    date_sym = None
    head = core
    if date_m and date_m.start() > 0 or (date_m and date_m.start() == 0 and date_m.end() == len(core)):
        date_sym = _date_sym(date_m.group())
        head = core[: date_m.start()]
    rd_k = _find_key(head, RELDAYS)
    wd_k = _find_key(head, WEEKDAYS)
    if rd_k and wd_k and head.find(wd_k) < head.find(rd_k):
        rd_k = None
    if date_sym is not None:
        if wd_k:
            return Sym("date_wd", date=date_sym, wd=WEEKDAYS[wd_k]), "ar.date_weekday"
        return date_sym, ("ar.hijri_date" if date_sym.op == "hdate" else "ar.explicit_date")
    if rd_k and wd_k:
        return Sym("relday_wd", n=RELDAYS[rd_k], wd=WEEKDAYS[wd_k], word=f"{rd_k}"), "ar.relday_weekday"
    if rd_k:
        return Sym("relday", n=RELDAYS[rd_k], word=rd_k), "ar.relday"
    if wd_k:
        after = head[head.find(wd_k) + len(wd_k):]
        return Sym("weekday", wd=WEEKDAYS[wd_k], mod=_mod_of(after)), "ar.weekday"
    return None, ""


def _clock_sym(clock: str, base: Sym | None, pod_word: str | None) -> Sym | None:
    m = _CLOCK_HOUR.search(clock)
    if not m:
        return None
    h = int(m.group("h")) if m.group("h") else CLOCK_HOURS.get(re.sub(r"\s+", " ", m.group("w")))
    if h is None:
        return None
    mi = int(m.group("mi")) if m.group("mi") else 0
    if re.search(r"النصف|نصف", clock):
        mi = 30
    elif re.search(r"الا\s+ربع", clock):
        h, mi = h - 1, 45
    elif re.search(r"الربع|ربع", clock):
        mi = 15
    pod = None
    adv = _find_key(clock, POD_ADV)
    if adv:
        pod = POD_ADV[adv]
    elif pod_word:
        pk = _find_key(pod_word, PODS)
        pod = PODS.get(pk) if pk else None
    tz = None
    tzm = re.search(r"توقيت\s+(\w+)", clock)
    if tzm:
        z = tzm.group(1)
        tz = "GMT" if z.startswith(("غر", "جر")) else {"دمشق": "Asia/Damascus", "سوريا": "Asia/Damascus", "مكه": "Asia/Riyadh",
                                                       "القدس": "Asia/Jerusalem", "انقره": "Europe/Istanbul", "بيروت": "Asia/Beirut",
                                                       "موسكو": "Europe/Moscow", "واشنطن": "America/New_York", "نيويورك": "America/New_York"}.get(z)
    return Sym("clock", h=h, mi=mi, pod=pod, tz=tz, base=base)


def _words(text: str) -> list[str]:
    """The words of `text`, with a clitic و/ف still glued to an unknown word taken off."""
    out = []
    for w in re.findall(r"\w+", text):
        out.append(w)
        if len(w) >= 3 and w[0] in "وف":
            out.append(w[1:])
    return out


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, start - 40):start])
    return m.group(1) if m else ""


def _day_cands(text: str, out: list[Cand], gate) -> None:
    for m in _scan(DAYEXPR, text, gate):
        clock = m.group("clock") or m.group("clock2")
        pod_word = m.group("pod") or m.group("pod2")
        core = m.group("core")
        base, rule = (None, "")
        if core:
            base, rule = _core_sym(core)
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
            amb = pod == "night" and re.search(r"ليله\s*$", pod_word.strip()) is not None and base.op == "weekday" and base.get("mod") is None
            out.append(Cand(m.start(), m.end(), Sym("pod", pod=pod, base=base, ambiguous=bool(amb)), "ar.part_of_day"))
            continue
        out.append(Cand(m.start(), m.end(), base, rule))


def _month_cands(text: str, out: list[Cand], gate) -> None:
    for m in _scan(MONTHEXPR, text, gate):
        s = m.group()
        k = _find_key(s, MONTHS)
        if not (m.group("y") or m.group("mod") or m.group("ry")) and not m.group("m").startswith("شهر"):
            # a bare month name is also a word or a name (سيارة نيسان, سد تشرين, مارس = he practised):
            # only after a word that introduces a time
            if _prev_word(text, m.start()) not in MONTH_CONTEXT:
                continue
        if re.search(r"\d\s*$", text[max(0, m.start() - 3):m.start()]) and not m.group("y"):
            continue  # '14 آذار' that the day rule turned down is a name ('قوى 14 آذار')
        sym = _month_sym(s)
        if sym is not None:
            out.append(Cand(m.start(), m.end(), sym, "ar.named_month"))
    for m in _scan(HMONTHEXPR, text, gate):
        name = re.sub(r"\s+", " ", m.group("m"))
        if not (m.group("shahr") or m.group("y") or m.group("mod") or m.group("ry") or name in HMONTHS_STANDALONE):
            continue
        if name == "محرم" and not (m.group("shahr") or m.group("y")):
            continue
        hm = HMONTHS[name]
        if m.group("y"):
            sym = Sym("hmonth", m=hm, y=int(m.group("y")))
        elif m.group("ry"):
            ry = _rel_year(m.group("ry"))
            sym = Sym("hmonth", m=hm, yrel=ry) if ry is not None else Sym("hmonth", m=hm)
        else:
            sym = Sym("hmonth", m=hm, mod=_mod_of(m.group("mod")))
        out.append(Cand(m.start(), m.end(), sym, "ar.hijri_month"))
    for m in _scan(HYEAREXPR, text, gate):
        out.append(Cand(m.start(), m.end(), Sym("hyear", y=int(m.group("y"))), "ar.hijri_year"))
    for m in _scan(HOLIDAYEXPR, text, gate):
        name = re.sub(r"\s+", " ", m.group("h"))
        cal, hm, hd = HOLIDAYS[name]
        off = HOLIDAY_ORD.get(re.sub(r"\s+", " ", m.group("ord"))) if m.group("ord") else 0
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
    nxt = re.match(r"\s*(\w+|%|\$)", text[m.end():m.end() + 30])
    if nxt and (nxt.group(1) in COUNTED or nxt.group(1).startswith(("%", "$"))):
        return False
    if re.match(r"\s*[,.]\d", text[m.end():m.end() + 3]) or re.search(r"\d[,.]\s*$", text[max(0, m.start() - 2):m.start()]):
        return False
    return True


def _year_cands(text: str, out: list[Cand], gate) -> None:
    for m in _scan(YEAREXPR, text, gate):
        if _year_ok(text, m):
            out.append(Cand(m.start(), m.end(), Sym("year", y=int(m.group("y"))), "ar.year"))
    for m in _scan(RELUNIT, text, gate):
        u = m.group("u1") or m.group("u2")
        if u == "العام" and m.group("u2"):
            pw = _prev_word(text, m.start())
            if pw.startswith("ال") and not pw.endswith(("ه", "ات", "ين", "ون", "يه")) and pw not in PARTS and pw not in _TIME_NOUNS_AL:
                continue  # 'الأمين العام الحالي': العام is the adjective 'general'

        unit = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[u]
        if m.group("this"):
            n = 0
        else:
            n = {"last": -1, "next": 1, "this": 0}[_mod_of(m.group("mod"))]
            if m.group("prev"):
                n = -2
        out.append(Cand(m.start(), m.end(), Sym("unit", unit=unit, n=n, word=m.group()), f"ar.{unit}_relative"))
    for m in _scan(PARTEXPR, text, gate):
        which = PARTS[m.group("part")]
        if m.group("rel"):
            rel = m.group("rel")
            u = re.search(r"الاسبوع|الشهر|العام|السنه", rel).group()
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
    for m in _scan(DECADEEXPR, text, gate):
        w = m.group("d")
        key = w if w in DECADES else "ال" + w
        dec = DECADES.get(key)
        if dec is None:
            continue
        c = m.group("c") or ""
        century = 1800 if "التاسع" in c else (2000 if ("الحالي" in c or "الحادي" in c) else 1900)
        out.append(Cand(m.start(), m.end(), Sym("decade", start=century + dec), "ar.decade"))
    for m in _scan(CENTURYEXPR, text, gate):
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


def _relative_cands(text: str, out: list[Cand], gate) -> None:
    for m in _scan(AGOEXPR, text, gate):
        n, unit = _num_unit(m)
        if n is None or unit == "minute":
            continue
        is_open = False
        if m.group("prep") == "منذ":
            window, _ = clause_around(text, m.start(), m.end(), 90)
            is_open = any(w in STATE for w in _words(window)[-8:])
        out.append(Cand(m.start(), m.end(), Sym("ago", n=n, unit=unit, open=is_open), "ar.ago"))
    for m in _scan(PASTN, text, gate):
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
    for m in _scan(DURATION, text, gate):
        out.append(Cand(m.start(), m.end(), Sym("duration"), "ar.duration", prio=-2))
    for m in _scan(SETEXPR, text, gate):
        out.append(Cand(m.start(), m.end(), Sym("set"), "ar.set", prio=1))
    for m in _scan(SINCE_THEN, text, gate):
        out.append(Cand(m.start(), m.end(), Sym("anaphor", kind="since"), "ar.since_then", prio=2))
    for m in _scan(ANAPHOR, text, gate):
        if m.group("next") or m.group("prevd"):
            w = (m.group("next") or m.group("prevd")).split()[0]
            unit = {"اليوم": "day", "الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[w]
            sym = Sym("anaphor", kind="shift", n=1 if m.group("next") else -1, unit=unit)
        elif m.group("same"):
            s = m.group("same")
            w = re.search(r"اليوم|الاسبوع|الشهر|العام|السنه", s).group()
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
    for m in _scan(BETWEEN_DAYS, text, gate):
        d1, d2 = int(m.group("d1")), int(m.group("d2"))
        ds = _gdate_sym(f"{d1} {m.group('rest')}")
        if ds is None:
            continue
        out.append(Cand(m.start(), m.end(), Sym("month_days", date=ds, d1=d1, d2=d2), "ar.between_days", prio=3))
    for m in _scan(DAY_OF_RELMONTH, text, gate):
        d = _num(m.group("d").replace(" ", "")) or _num(m.group("d"))
        if d is None or not (m.group("this") or m.group("mod")):
            continue
        n = 0 if m.group("this") else {"last": -1, "next": 1, "this": 0}[_mod_of(m.group("mod"))]
        out.append(Cand(m.start(), m.end(), Sym("date_relmonth", d=d, n=n), "ar.day_of_relative_month", prio=1))
    for m in _scan(YEAR_RANGE, text, gate):
        a, b = int(m.group("a")), m.group("b")
        b = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
        if a < b <= a + 30:
            out.append(Cand(m.start(), m.end(), Sym("between", a=Sym("year", y=a), b=Sym("year", y=b)), "ar.year_pair", prio=1))
    for m in _scan(DUAL_YEARS, text, gate):
        a, b = int(m.group("a")), int(m.group("b"))
        if b < a:
            continue
        sym = Sym("between", a=Sym("year", y=a), b=Sym("year", y=b))
        if m.group("lead") == "منذ":
            sym = Sym("since", base=Sym("year", y=a))
        out.append(Cand(m.start(), m.end(), sym, "ar.year_pair", prio=2))
    for m in _scan(HALVES, text, gate):
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
    for m in _scan(DM_NUM, text, gate):
        out.append(Cand(m.start("dm"), m.end("dm"), Sym("date", d=int(m.group("d")), m=int(m.group("m"))), "ar.day_month_numeric"))
    for m in _scan(WEEKEND_AR, text, gate):
        mod = _mod_of(m.group("mod"))
        out.append(Cand(m.start(), m.end(), Sym("weekend", n={"last": -1, "next": 1, "this": 0, None: None}[mod], first=4), "ar.weekend", prio=1))
    for m in _scan(EARLIER, text, gate):
        unit = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[m.group("u")]
        which = "earlier" if "سابق" in m.group("w") else "later"
        out.append(Cand(m.start(), m.end(), Sym("earlier_later", which=which, unit=unit), "ar.earlier_later"))


def _night_cands(text: str, out: list[Cand], gate) -> None:
    for m in _scan(NIGHT, text, gate):
        a, b = WEEKDAYS[re.sub(r"\s+", " ", m.group("a"))], WEEKDAYS[re.sub(r"\s+", " ", m.group("b"))]
        out.append(Cand(m.start(), m.end(), Sym("night", wd1=a, second=Sym("weekday", wd=b, mod=None)), "ar.night", prio=2))


# A pattern runs only when one of its trigger words (or a digit) is in the text: most
# sentences hold two or three kinds of date words, and the big patterns are the expensive part.
def _tokens(*tables) -> frozenset[str]:
    out: set[str] = set()
    for t in tables:
        for w in (t.keys() if isinstance(t, dict) else t):
            out.update(w.split())
    return frozenset(out)


_T = {
    "DAYEXPR": (_tokens(WEEKDAYS, RELDAYS, ORDINALS, MONTHS, HMONTHS, {"الساعه", "يوم", "غد"}), "numdate"),
    "MONTHEXPR": (_tokens(MONTHS), False), "HMONTHEXPR": (_tokens(HMONTHS), False), "HYEAREXPR": (frozenset(), "year"),
    "HOLIDAYEXPR": (_tokens(HOLIDAYS), False), "YEAREXPR": (frozenset(), "year"),
    "RELUNIT": (frozenset({"الاسبوع", "الشهر", "العام", "السنه"}), False), "PARTEXPR": (_tokens(PARTS), False),
    "DECADEEXPR": (_tokens(DECADES, {w[2:] for w in DECADES}), False), "CENTURYEXPR": (frozenset({"القرن"}), False),
    "AGOEXPR": (frozenset({"قبل", "منذ"}), False), "PASTN": (_tokens(PAST), False), "DURATION": (_tokens(UNITS), False),
    "SETEXPR": (frozenset({"كل", "يوميا", "اسبوعيا", "شهريا", "سنويا", "مرتين"}), False), "SINCE_THEN": (frozenset({"منذ", "منذئذ"}), False),
    "ANAPHOR": (frozenset({"ذلك", "نفسه", "ذاته", "عينه", "التالي", "التاليه", "تلاه", "اللاحق", "يليه", "السابق", "سبقه", "نفس", "ذات"}), False),
    "BETWEEN_DAYS": (_tokens(MONTHS), False), "DAY_OF_RELMONTH": (frozenset({"الشهر"}), False),
    "DUAL_YEARS": (frozenset({"عامي", "سنتي", "العامين", "السنتين"}), False), "YEAR_RANGE": (frozenset(), "year"), "EARLIER": (frozenset({"سابق", "لاحق"}), False),
    "NIGHT": (frozenset({"ليل", "ليله", "ليلتي", "ليلي"}), False),
    "HALVES": (frozenset({"الربع", "النصف"}), False), "DM_NUM": (frozenset(), "numdate"), "WEEKEND_AR": (frozenset({"عطله"}), False),
}
_TRIGGERS = {id(globals()[name]): trig for name, trig in _T.items()}
_WORDS = re.compile(r"\w+")
_NUMDATE = re.compile(r"\d[/.-]\d")
_YEARISH = re.compile(r"\d{4}")


_INDEX = build_index(_TRIGGERS)


_scan = scan


def candidates(text: str) -> list[Cand]:
    flags = set()
    if _YEARISH.search(text):
        flags.add("year")
    if _NUMDATE.search(text):
        flags.add("numdate")
    gate = plan(text, _INDEX, _WORDS, flags)
    out: list[Cand] = []
    _day_cands(text, out, gate)
    _night_cands(text, out, gate)
    _month_cands(text, out, gate)
    _year_cands(text, out, gate)
    _relative_cands(text, out, gate)
    return out


# ---------------------------------------------------------------- combining neighbours
def connector_before(text: str, start: int) -> tuple[str, int] | None:
    """A meaning-carrying preposition right before a mention: ('since'|'until'|'from', new start)."""
    window = text[max(0, start - 30):start]
    last = window.rsplit(None, 1)[-1] if window.strip() else ""
    if last not in _CONNECT_LAST:
        return None
    m = _CONNECT_SINCE.search(window)
    if m:
        p = re.sub(r"\s+", " ", m.group("p"))
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


def looks_ahead(text: str, start: int, end: int) -> bool:
    """Does the clause around [start, end) look ahead (سـ/سوف/لن + verb, من المقرر, المقبل…)?"""
    left, right = clause_around(text, start, end)
    clause = left + " " + right
    if not FUTURE_WORDS.isdisjoint(_words(clause)):
        return True
    for p in FUTURE_PHRASES:
        if p in clause:
            return True
    for m in _S_FUTURE.finditer(clause):
        w = m.group().replace(" ", "")
        if w[0] in "وف" and w[1] == "س":
            w = w[1:]
        if w not in NOT_FUTURE_S and not w.startswith(_NOT_FUTURE_PREFIXES):
            return True
    return False


def clause_around(text: str, start: int, end: int, width: int = 200) -> tuple[str, str]:
    """The parts of the clause left and right of [start, end), cut at . ! ? ; : newline and at
    commas that are not inside a number."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    cut = max(left.rfind(ch) for ch in ".!?;:\n")
    k = len(left)
    while True:
        k = left.rfind(",", 0, k)
        if k <= cut:
            break
        if not left[k + 1:k + 2].isdigit():
            cut = k
            break
    left = left[cut + 1:]
    stop = len(right)
    for ch in ".!?;:\n":
        i = right.find(ch)
        if 0 <= i < stop:
            stop = i
    k = -1
    while True:
        k = right.find(",", k + 1, stop)
        if k < 0:
            break
        if not right[k + 1:k + 2].isdigit():
            stop = k
            break
    return left, right[:stop]


_PAST_VERBS = {fold_ar(w) for w in ("استمر", "استمرت", "بقي", "بقيت", "ظل", "ظلت", "دام", "دامت", "تواصل", "تواصلت", "امتد", "امتدت", "كان", "كانت", "حكم", "عاش", "عاشت")}


def past_clause(text: str, start: int, end: int) -> bool:
    """Does the clause of a 'حتى' phrase narrate the past ('استمرت المعارك حتى الأربعاء')?"""
    left, _ = clause_around(text, start, end)
    words = _words(left)
    return any(w in _PAST_VERBS for w in words) and not looks_ahead(text, start, end)
