"""English rules: regular patterns over the original text → symbolic values.

Every rule has an id (`en.<family>`), recorded on the mentions it produces. Patterns are
built once, at import, from lexicon/en.json, and match case-insensitively except for the
month names that are also ordinary words (May, March), which must be capitalised.
"""

from __future__ import annotations

import re

from chrono.resolve import clause, readers
from chrono.resolve.engine_types import Cand
from chrono.resolve.lexicon import load
from chrono.resolve.prefix import compile_guarded
from chrono.resolve.scan import Reader, Scanner, TokenPlan, number_flags, split_words, word_set
from chrono.resolve.trie import trie_regex
from chrono.resolve.values import Sym

PREFIX = "en"
_L = load("en")
I = re.IGNORECASE


def _esc(ch: str) -> str:
    return r"\s+" if ch == " " else "['’]" if ch == "'" else re.escape(ch)


def _alt(words) -> str:
    return trie_regex(words, _esc)


WEEKDAYS = {k: v for k, v in _L["weekdays"].items() if len(k) > 4}
MONTHS = _L["months"]
MONTHS_FULL = {k: v for k, v in MONTHS.items() if len(k) > 3 or k == "may"}
HMONTHS = _L["hijri_months"]
HOLIDAYS = _L["holidays"]
NUMBERS = {k: v for k, v in _L["numbers"].items() if v is not None}
ORDINALS = _L["ordinals"]
UNITS = _L["units"]
PARTS = _L["period_parts"]
DECADE_WORDS = _L["decade_words"]
FUTURE = _L["future_words"]
COUNTED = _L["counted_nouns_re"]
NAME_AFTER_DATE = _alt(_L["name_words_after_date"])

def _src(pattern: str, flags: int = 0) -> str:
    """Pattern sources are collected first and compiled once, lower-case, below."""
    return pattern


# A word starts (B) or ends (E) here. The classes name a-z and 0-9 before \w (the same set): the
# regex engine tests a class item by item, and a letter then passes the first, cheap test instead
# of a Unicode look-up; these tests run at every position of every scan.
B = r"(?<![a-z0-9\w'’-])"
E = r"(?![a-z0-9\w-])(?!['’](?!s\b)\w)"  # a word ends here; a possessive 's may follow (last year's)
WD = _alt(WEEKDAYS)
# month names: ambiguous ones (May, March) capitalised, abbreviations with an optional dot
MON_FULL = _alt(MONTHS_FULL)  # patterns run on lower-cased text; 'May'/'March' are checked for capitals in code
MON_ABBR = r"(?:(?i:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
MON = rf"(?:{MON_FULL}|{MON_ABBR})"
DAYN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
ORDW = _alt(ORDINALS)
YEAR = r"(?:1[89]\d\d|20\d\d)"
NUMW = _alt(NUMBERS)
NUM = rf"(?:\d{{1,4}}|{NUMW})"
UNIT = r"(?:days?|weeks?|months?|years?|hours?|decades?|fortnights?|minutes?|quarters?)"
RD = r"(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight|overnight)"
PODW = r"(?:morning|afternoon|evening|night|dawn|noon|midday|midnight)"

DATE_MDY = rf"(?:{MON}\s+{DAYN}(?:\s*,\s*|\s+){YEAR}|{MON}\s+{DAYN}(?!\s*,?\s*\d))"
DATE_DMY = rf"(?:(?:the\s+)?(?:{DAYN}|{ORDW})\s+(?:of\s+)?{MON}(?:\s*,?\s*{YEAR})?)"
DATE_NUM = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}\.\d{2}\.\d{2})"
DATE = rf"(?:{DATE_NUM}|{DATE_MDY}|{DATE_DMY})"
HDATE = rf"(?:{DAYN}\s+(?i:{_alt(HMONTHS)})(?:\s*,?\s*1[34]\d\d)?(?:\s*(?:ah|a\.h\.|h))?)"

CORE = _src(
    rf"{B}(?:(?P<podpre>(?i:(?:dawn|daybreak|noon|midday|midnight)\s+on|the\s+(?:early|small|late|first)\s+hours\s+of|(?:on\s+)?the\s+(?:morning|afternoon|evening|night)\s+of|early\s+on|late\s+on|early|late|overnight))\s+)?"
    rf"(?P<core>"
    rf"(?:(?i:earlier|later)\s+(?=(?i:today)))?(?P<rd>(?i:{RD}))(?:\s+(?P<podmid>(?i:morning|afternoon|evening|night)))?(?:\s*(?:,|\()\s*(?i:on\s+)?(?P<wd1>(?i:{WD}))\)?)?(?:\s*,?\s*(?P<date1>{DATE}))?"
    rf"|(?P<mod>(?i:last|next|this\s+past|this\s+coming|this|coming))\s+(?P<wd2>(?i:{WD}))"
    rf"|(?P<wd3>(?i:{WD}))(?:\s*[,(]?\s*(?P<date3>{DATE}|{HDATE})\)?)?"
    rf"|(?P<date4>{DATE})"
    rf"|(?P<hdate>{HDATE})"
    rf")"
    rf"(?:\s+(?P<podpost>(?i:{PODW})))?{E}"
)
POD_ALONE = _src(
    rf"{B}(?P<all>(?i:(?:this|tomorrow|yesterday)\s+(?P<pod1>morning|afternoon|evening|night)|last\s+night|tonight|(?:at\s+)?(?P<pod2>dawn|daybreak|midday|noon|midnight)(?=\s*(?:[,.;)]|$)|\s+(?:today|on|and|to|when|as|in|with|after|before)\b)))"
    rf"{E}"
)
CLOCK = _src(
    rf"{B}(?P<clock>(?i:(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am|pm)(?!\w)|(?P<hhmm>[01]\d|2[0-3])(?P<mm>[0-5]\d)\s*(?P<z>gmt|utc)|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?:\s*(?P<z2>gmt|utc))?)(?:\s+local\s+time)?(?:\s*\((?:[01]\d|2[0-3])[0-5]\d\s*(?:gmt|utc)\))?))"
    rf"(?:\s+(?P<day>(?i:(?:on\s+)?(?:{RD}|{WD}|(?:last|next)\s+{WD})))|\s+(?P<date>(?i:on\s+)?{DATE}))?{E}"
)
NIGHT = _src(
    rf"{B}(?:(?i:the\s+night\s+(?:of|between)\s+))?(?P<a>(?i:{WD}))(?:\s+(?i:night))?\s*(?:[-–—/]|(?i:to|and|into))\s*(?P<b>(?i:{WD}))(?:\s+(?i:night))?{E}"
)
MONTHEXPR = _src(
    rf"{B}(?:(?P<mod>(?i:last|next|this|this\s+past|this\s+coming))\s+)?(?P<m>{MON_FULL}|{MON_ABBR}(?=\s*,?\s*{YEAR}))"
    rf"(?:\s*,?\s*(?P<y>{YEAR})|\s+(?P<ry>(?i:(?:of\s+)?(?:last|next|this)\s+year))|\s+(?i:of\s+)(?P<y2>{YEAR})"
    rf"|\s+(?P<ay>(?:of\s+)?(?:the\s+(?:following|same|previous|next)|that)\s+year))?{E}"
)
HMONTHEXPR = _src(
    rf"{B}(?:(?P<mod>(?i:last|next|this))\s+|(?i:the\s+(?:holy\s+)?(?:fasting\s+)?month\s+of\s+))?(?P<m>(?i:{_alt(HMONTHS)}))"
    rf"(?:\s+(?P<y>1[34]\d\d)(?:\s*(?:ah|a\.h\.))?|\s+(?P<ry>(?i:(?:of\s+)?(?:last|next|this)\s+year)))?{E}"
)
HOLIDAYEXPR = _src(
    rf"{B}(?:(?i:the\s+)?(?P<ord>(?i:first|second|third|fourth|last))\s+(?i:day)\s+(?i:of)\s+)?(?:(?P<mod>(?i:last|next|this))\s+|(?i:the)\s+(?=(?i:islamic|hijri|prophet|day\s+of|feast|eve)))?(?P<h>(?i:{_alt(HOLIDAYS)}))"
    rf"(?:\s+(?P<y>1[34]\d\d|{YEAR}))?{E}"
)
YEAR_RANGE = _src(rf"{B}(?P<a>{YEAR})\s*[-–/]\s*(?P<b>{YEAR}|\d\d){E}(?![/.-]\d)")
HYEAREXPR = _src(rf"{B}(?:(?i:the\s+)?(?i:hijri|islamic)\s+(?i:year)\s+(?P<y>1[34]\d\d)(?:\s*(?:ah|a\.h\.))?|(?P<y2>1[34]\d\d)\s*(?:ah|a\.h\.)){E}")
YEAREXPR = _src(rf"{B}(?P<kw>(?i:the\s+year\s+|year\s+))?(?P<y>{YEAR}){E}(?!\s*[-–/]\s*\d)(?!%)")
DECADEEXPR = _src(
    rf"{B}(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?:(?P<y>(?:1[89]|20)\d0)['’]?s|['’](?P<yy>\d0)['’]?s|(?<=the\s)(?P<yy2>[2-9]0)['’]?s|['’]?(?P<w>(?i:{_alt(DECADE_WORDS)})))"
    rf"{E}"
)
CENTURYEXPR = _src(
    rf"{B}(?i:the\s+)(?P<c>(?i:(?:1[5-9]|2[01])(?:st|nd|rd|th)|nineteenth|twentieth|twenty-first|eighteenth|last|previous))\s+(?i:century){E}"
)
RELUNIT = _src(
    rf"{B}(?P<mod>(?i:last|this\s+past|this|next|the\s+coming|the\s+current|the\s+previous))\s+(?P<u>(?i:week|month|year|quarter|weekend)){E}"
    rf"|{B}(?i:the\s+)(?P<u2>(?i:week|month|year))\s+(?i:before\s+last){E}"
)
WEEKEND = _src(rf"{B}(?i:(?:over|at|during|on|since|until|through|before|after|by)\s+)(?P<w>(?i:the\s+weekend)){E}")
HALVES = _src(
    rf"{B}(?i:the\s+)(?P<ord>(?i:first|second|third|fourth|last|1st|2nd|3rd|4th))\s+(?P<which>(?i:half|quarter))\s+(?i:of)\s+(?:(?i:the\s+)?(?P<y>{YEAR}|(?i:this|last|next)\s+year|(?i:year))|(?P<mrel>(?:the|this|last|next)\s+month)|(?P<mon>{MON_FULL}(?:\s*,?\s*{YEAR})?))(?!\w)"
)
WEEK_OF_MONTH = _src(
    rf"{B}(?:the\s+)?(?P<k>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+week\s+of\s+(?:(?P<mrel>(?:this|last|next|the)\s+month)|(?P<mon>{MON_FULL}(?:\s*,?\s*{YEAR})?)){E}"
)
EARLIER = _src(rf"{B}(?P<w>(?i:earlier|later))\s+(?i:this|in\s+the)\s+(?P<u>(?i:week|month|year)){E}")
PARTEXPR = _src(
    rf"{B}(?P<part>(?i:early|mid|late|(?:by\s+)?(?:the\s+)?(?:start|beginning|end|middle|close|first\s+days|last\s+days|first\s+week|last\s+week)\s+of))[\s-]+"
    rf"(?:(?P<rel>(?i:(?:last|this|next|the|the\s+current|the\s+coming)\s+(?:week|month|year)))"
    rf"|(?P<mon>{MON_FULL}(?:\s*,?\s*{YEAR}|\s+(?i:(?:of\s+)?(?:last|next|this)\s+year))?)"
    rf"|(?P<yr>{YEAR})|(?P<hm>(?:the\s+(?:holy\s+)?month\s+of\s+)?(?:ramadan|ramadhan|muharram|shawwal)))"
    rf"{E}"
)
QUARTEREXPR = _src(
    rf"{B}(?i:the\s+)?(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))\s+(?i:quarter)(?:\s+(?i:of)\s+(?P<y>{YEAR}|(?i:this|last|next)\s+year))?{E}"
    rf"|{B}(?P<q2>q[1-4])\s+(?P<y2>{YEAR}){E}"
)
AGO = _src(rf"{B}(?P<num>(?i:{NUM}|a\s+couple\s+of|a|an))\s+(?P<unit>(?i:{UNIT}))\s+(?i:ago|back){E}")
PASTN = _src(
    rf"{B}(?:(?P<lead>(?i:over|in|during|within|for|throughout))\s+)?(?i:the)\s+(?i:past|last|previous)\s+(?:(?P<num>(?i:{NUM}))\s+)?(?P<unit>(?i:{UNIT})){E}"
)
ANAPHOR = _src(
    rf"{B}(?:(?P<shift>(?P<num>(?i:{NUM}|a|an|one))\s+(?P<unit>(?i:{UNIT}))\s+(?P<dir>(?i:later|earlier|afterwards|after\s+that|before\s+that)))"
    rf"|(?P<next>(?i:the\s+(?:next|following)\s+(?:day|morning|evening|night|week|month|year)|the\s+day\s+after(?!\s+tomorrow)))"
    rf"|(?P<prev>(?i:the\s+(?:previous|preceding)\s+(?:day|week|month|year)|the\s+day\s+before(?!\s+yesterday)|the\s+night\s+before))"
    rf"|(?P<same>(?i:the\s+same\s+(?:day|week|month|year)|that\s+(?:same\s+)?(?:day|week|month|year)|later\s+that\s+(?:day|week|month|year)))"
    rf"|(?P<since>(?i:since\s+then|ever\s+since|since\s+that\s+(?:time|day|date))))"
    rf"{E}"
)
DURATION = _src(
    rf"{B}(?:(?P<lead>(?i:for|over|lasting|during|within|after))\s+)?(?:(?i:more\s+than|less\s+than|nearly|about|almost|at\s+least|around|up\s+to|some|over|roughly|just\s+over|another|several)\s+)?"
    rf"(?:(?P<num>(?i:{NUM}|a|an|a\s+few|few|several|a\s+couple\s+of))[\s-]+(?P<unit>(?i:{UNIT}))(?:[\s-]+(?i:long|old))?|(?i:decades|years|months|weeks|days|hours))(?!\s+(?i:ago|later|earlier|back)){E}"
)
IN_N = _src(rf"{B}in\s+(?P<num>{NUM}|a|an|a\s+couple\s+of)\s+(?P<unit>days?|weeks?|months?|years?)(?:['’]\s*time|\s+time)?{E}(?!\s+(?:of|after|before|from|since|to)\b)")
SETEXPR = _src(
    rf"{B}(?i:(?:every|each)\s+(?:other\s+)?(?:day|week|month|year|morning|evening|night|weekend|{WD})|(?:once|twice|three\s+times|\d+\s+times)\s+(?:a|per|every)\s+(?:day|week|month|year)|daily|weekly|monthly|annually|yearly|on\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)){E}"
)
FROM_DAYS = _src(
    rf"{B}(?P<lead>(?i:from|between))\s+(?:(?P<m1>{MON})\s+(?P<d1>{DAYN})\s*(?:-|–|(?i:to|and|until|through|till))\s*(?P<d2>{DAYN})(?:\s*,?\s*(?P<y1>{YEAR}))?"
    rf"|(?P<d3>{DAYN})\s*(?:-|–|(?i:to|and|until|through|till))\s*(?P<d4>{DAYN})\s+(?:(?i:of)\s+)?(?P<m2>{MON})(?:\s*,?\s*(?P<y2>{YEAR}))?){E}"
    rf"|{B}(?P<m3>{MON})\s+(?P<d5>{DAYN})\s*[-–]\s*(?P<d6>{DAYN})(?:\s*,?\s*(?P<y3>{YEAR}))?{E}"
    rf"|{B}(?P<d7>{DAYN})\s*[-–]\s*(?P<d8>{DAYN})\s+(?:of\s+)?(?P<m4>{MON})(?:\s*,?\s*(?P<y4>{YEAR}))?{E}"
)

# The patterns above run on a lower-cased copy of the text (same length), which is about twice
# as fast as case-insensitive matching; words whose capitals matter are checked in code.
for _name in ("IN_N", "WEEK_OF_MONTH", "YEAR_RANGE", "CORE", "POD_ALONE", "CLOCK", "NIGHT", "MONTHEXPR", "HMONTHEXPR", "HOLIDAYEXPR", "HYEAREXPR", "YEAREXPR",
              "DECADEEXPR", "CENTURYEXPR", "RELUNIT", "WEEKEND", "HALVES", "EARLIER", "PARTEXPR", "QUARTEREXPR", "AGO",
              "PASTN", "ANAPHOR", "DURATION", "SETEXPR", "FROM_DAYS"):
    _p = globals()[_name]
    globals()[_name] = compile_guarded(_p.replace("(?i:", "(?:"))
_NAME_AFTER_RE = re.compile(rf"\s+{NAME_AFTER_DATE}\b", re.I)
_COUNTED_RE = re.compile(rf"\s+(?:{COUNTED})\b", re.I)
_MON_RE = re.compile(MON)
_HMONTH_RE = re.compile(_alt(HMONTHS), re.I)
_YEAR_END_RE = re.compile(YEAR + r"$")
_SINCE = re.compile(r"(?:^|[\s(])(?P<p>(?i:since|ever\s+since|until|till|'til|through|up\s+until|until\s+at\s+least|as\s+of|starting(?:\s+from)?|beginning))\s+(?:(?i:on|in)\s+)?$")
_CONNECT_LAST = {"since", "until", "till", "'til", "’til", "through", "of", "from", "between", "on", "in", "starting", "beginning"}
_FROM = re.compile(r"(?:^|[\s(])(?P<p>(?i:from|between))\s+(?:(?i:on|in)\s+)?$")
# the last words of the connectors of _SINCE and _FROM
_BEFORE_ON_IN = frozenset({"since", "until", "till", "'til", "through", "least", "of", "from", "starting", "beginning", "between"})
_TO = re.compile(r"^\s*(?:-|–|—|(?i:to|and|until|till|through|thru|into))\s+(?:(?i:on|in)\s+)?$|^\s*[-–—]\s*$")


# small patterns the readers below use, compiled once
_THE_RE = re.compile(r"^the\s+")
_THE_SPACE_RE = re.compile(r"(?i)the\s")
_BY_RE = re.compile(r"(?i)by\s+")
_ON_RE = re.compile(r"^(?i:on\s+)")
_OF_END_RE = re.compile(r"\s+of\s*$")
_DAY_DIGITS_RE = re.compile(r"(\d{1,2})")
_DAY_NUMBER_RE = re.compile(r"\d{1,2}")
_DIGITS_RE = re.compile(r"\d+")
_ANY_DIGIT_RE = re.compile(r"\d")
_ISO_DATE_RE = re.compile(r"(\d{4})[-.](\d{2})[-.](\d{2})")
_SLASH_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DOT_DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_HIJRI_YEAR_RE = re.compile(r"1[34]\d\d")
_PREV_TOKEN_RE = re.compile(r"[\w.$£€#]+")
_NUMBERISH_END_RE = re.compile(r"[\d$£€#.,:/-]$")
_DIGIT_END_RE = re.compile(r"\d\s*$")
_DIGIT_SPACE_END_RE = re.compile(r"\d\s+$")
_SPACE_DIGIT_RE = re.compile(r"\s+\d")
_NOT_YEAR_AFTER_RE = re.compile(r"[.,:/]\d|\s*-\s*(?:magnitude|kilo|strong|member|year|page|metre|meter|km|tonne|ton)|[-–]?\s*(?:%|percent|per\s+cent)", re.I)
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?\n\"“(:]\s*|^\s*)$")
_NIGHT_WORD_RE = re.compile(r"(?i:night|overnight)")
_NIGHT_LEAD_RE = re.compile(r"(?i:overnight|night\s+of|night\s+between)\s*$")
_HOLIDAY_OBJECT_RE = re.compile(r"\s+(?:tree|trees|decoration|decorations|market|markets|lights|card|cards|carol|carols|song|songs|gift|gifts|shopping|dinner|message|address|speech|truce|resolution|resolutions)\b", re.I)
_BACKWARD_RE = re.compile(r"(?i)earlier|before")


def _num(word: str | None) -> int | None:
    if not word:
        return None
    w = " ".join((word.strip().lower()).split())
    if w.isdigit():
        return int(w)
    if w in ("a couple of", "couple of"):
        return 2
    return NUMBERS.get(w)


def _month_num(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return MONTHS.get(w)


def _day_num(word: str) -> int | None:
    w = " ".join((word.lower().strip()).split())
    w = _THE_RE.sub("", w)
    m = _DAY_DIGITS_RE.match(w)
    if m:
        return int(m.group(1))
    return ORDINALS.get(w)


def _rel_year(text: str | None) -> int | None:
    if not text:
        return None
    t = text.lower()
    return -1 if "last" in t else 1 if "next" in t else 0 if "this" in t else None


def _mod(word: str | None) -> str | None:
    if not word:
        return None
    w = " ".join((word.lower()).split())
    return {"last": "last", "this past": "last", "next": "next", "this coming": "next", "coming": "next", "this": "this_future",
            "the coming": "next", "the previous": "last", "the current": "this", "the": "this"}.get(w)


def date_sym(text: str) -> Sym | None:
    t = text.strip()
    m = _ISO_DATE_RE.fullmatch(t)
    if m:
        return Sym("date", y=int(m.group(1)), m=int(m.group(2)), d=int(m.group(3)))
    m = _SLASH_DATE_RE.fullmatch(t)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        mo, d = (b, a) if a > 12 else (a, b)
        return Sym("date", y=y, m=mo, d=d)
    m = _DOT_DATE_RE.fullmatch(t)
    if m:
        return Sym("date", y=int(m.group(3)), m=int(m.group(2)), d=int(m.group(1)))
    hm = _HMONTH_RE.search(t)
    if hm:
        d = _day_num(t[: hm.start()])
        ym = _HIJRI_YEAR_RE.search(t[hm.end():])
        if d is None:
            return None
        return Sym("hdate", m=HMONTHS[" ".join((hm.group().lower()).split())], d=d, y=int(ym.group()) if ym else None)
    mm = _MON_RE.search(t)
    if not mm:
        return None
    mo = _month_num(mm.group())
    ym = _YEAR_END_RE.search(t)
    y = int(ym.group()) if ym else None
    before, after = t[: mm.start()], t[mm.end():]
    if ym:
        after = after[: after.rfind(ym.group())]
    dm = _DAY_NUMBER_RE.search(after) if _ANY_DIGIT_RE.search(after) else None
    d = int(dm.group()) if dm else _day_num(_OF_END_RE.sub("", before.strip()))
    if mo is None or d is None:
        return None
    return Sym("date", y=y, m=mo, d=d)


def _pod_of(word: str | None) -> str | None:
    if not word:
        return None
    w = " ".join((word.lower()).split())
    if "hours" in w:
        return "dawn" if ("early" in w or "small" in w or "first" in w) else "night"
    for k in ("morning", "afternoon", "evening", "night", "dawn", "noon", "midday", "midnight", "daybreak"):
        if k in w:
            return {"midday": "noon", "midnight": "night", "daybreak": "dawn"}.get(k, k)
    if w.startswith("late"):
        return "evening"
    if w.startswith("early"):
        return "dawn"
    if w == "overnight":
        return "night"
    return None


def _core_sym(m: re.Match) -> tuple[Sym | None, str]:
    g = m.group
    if g("rd"):
        rd = " ".join((g("rd").lower()).split())
        n = {"today": 0, "tonight": 0, "overnight": -1, "yesterday": -1, "tomorrow": 1,
             "the day before yesterday": -2, "the day after tomorrow": 2}[rd]
        if g("date1"):
            ds = date_sym(g("date1"))
            if ds is None:
                return None, ""
            if g("wd1"):
                return Sym("date_wd", date=ds, wd=WEEKDAYS[g("wd1").lower()]), "en.date_weekday"
            return ds, "en.explicit_date"
        if g("wd1"):
            return Sym("relday_wd", n=n, wd=WEEKDAYS[g("wd1").lower()], word=g("rd")), "en.relday_weekday"
        return Sym("relday", n=n, word=g("rd")), "en.relday"
    if g("wd2"):
        return Sym("weekday", wd=WEEKDAYS[g("wd2").lower()], mod=_mod(g("mod"))), "en.weekday_last_next"
    if g("wd3"):
        wd = WEEKDAYS[g("wd3").lower()]
        if g("date3"):
            ds = date_sym(g("date3"))
            if ds is None:
                return None, ""
            return Sym("date_wd", date=ds, wd=wd), "en.date_weekday"
        return Sym("weekday", wd=wd, mod=None), "en.weekday"
    if g("date4"):
        ds = date_sym(g("date4"))
        return ds, "en.explicit_date"
    if g("hdate"):
        return date_sym(g("hdate")), "en.hijri_date"
    return None, ""


def _capitalised_month_ok(low: str, orig: str, start: int, end: int) -> bool:
    """'may' and 'march' inside [start, end) are months only when written with a capital."""
    for mm in _MAY_MARCH.finditer(low, start, end):
        if not orig[mm.start()].isupper():
            return False
    return True


_HIJRI_CONTEXT = {"in", "during", "since", "until", "of", "before", "after", "ahead", "throughout", "holy", "this", "last", "next",
                  "the", "by", "for", "through", "month", "fasting", "start", "end", "beginning", "first", "over", "to", "and", "from", "until", "till"}
_MAY_MARCH = re.compile(r"(?<![a-z])(?:may|march|august)(?![a-z])")


def _read_core(text: str, matches, out: list[Cand], orig: str) -> None:
    for m in matches:
        sym, rule = _core_sym(m)
        if sym is None:
            continue
        if sym.op in ("date", "date_wd") and not _capitalised_month_ok(text, orig, m.start(), m.end()):
            continue
        if m.group("rd") and orig[m.start("rd")].isupper() and not _SENTENCE_START_RE.search(text[max(0, m.start("rd") - 3):m.start("rd")]):
            continue  # 'Russia Today', 'the Syrian Tomorrow Movement': names, not days
        if sym.op == "date" and sym.get("y") is None and _NAME_AFTER_RE.match(text, m.end()):
            continue  # 'the March 14 alliance'
        rd = (m.group("rd") or "").lower()
        pod = _pod_of(m.group("podpost")) or _pod_of(m.group("podmid")) or _pod_of(m.group("podpre"))
        if rd in ("tonight", "overnight"):
            pod = "night"
        if pod and sym.op in ("relday", "weekday", "relday_wd", "date", "date_wd"):
            start = m.start()
            if m.group("podpre") and not pod == _pod_of(m.group("podpre")) and not m.group("podpost"):
                start = m.start("core")
            out.append(Cand(start, m.end(), Sym("pod", pod=pod, base=sym), "en.part_of_day"))
            continue
        if m.group("podpost") and m.group("podpost").lower() not in ("morning", "afternoon", "evening", "night", "dawn", "noon", "midday", "midnight"):
            continue
        start = m.start("core") if m.group("podpre") else m.start()
        end = m.end("core")
        out.append(Cand(start, end, sym, rule))


def _read_pod_alone(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        w = m.group("all").lower()
        if w.startswith("last night"):
            sym = Sym("pod", pod="night", base=Sym("relday", n=-1, word="last night"))
        elif w == "tonight":
            sym = Sym("pod", pod="night", base=Sym("relday", n=0, word="tonight"))
        elif m.group("pod1"):
            n = -1 if w.startswith("yesterday") else 1 if w.startswith("tomorrow") else 0
            sym = Sym("pod", pod=_pod_of(m.group("pod1")), base=Sym("relday", n=n, word=w))
        else:
            sym = Sym("pod", pod=_pod_of(m.group("pod2")), base=None)
        out.append(Cand(m.start("all"), m.end("all"), sym, "en.part_of_day"))


def _read_clock(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        base = None
        if m.group("day"):
            day = _ON_RE.sub("", m.group("day"))
            dm = CORE.fullmatch(day) or CORE.match(day)
            if dm:
                base, _ = _core_sym(dm)
        elif m.group("date"):
            base = date_sym(_ON_RE.sub("", m.group("date")))
        if m.group("hhmm"):
            h, mi, tz, ap = int(m.group("hhmm")), int(m.group("mm")), m.group("z"), None
        elif m.group("h2"):
            h, mi, tz, ap = int(m.group("h2")), int(m.group("mi2")), m.group("z2"), None
        else:
            h, mi, tz, ap = int(m.group("h")), int(m.group("mi") or 0), None, m.group("ap").lower().replace(".", "")
        if ap == "pm" and h < 12:
            h += 12
        if ap == "am" and h == 12:
            h = 0
        if not tz and not ap and not base:
            continue
        start = m.start()
        out.append(Cand(start, m.end(), Sym("clock", h=h, mi=mi, tz=tz, base=base, pod=None), "en.clock_time"))


def _read_night(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        if not _NIGHT_WORD_RE.search(text[m.start():m.end() + 1]) and not _NIGHT_LEAD_RE.search(text[max(0, m.start() - 20):m.start()]):
            continue
        a, b = WEEKDAYS[m.group("a").lower()], WEEKDAYS[m.group("b").lower()]
        out.append(Cand(m.start(), m.end(), Sym("night", wd1=a, second=Sym("weekday", wd=b, mod=None)), "en.night", prio=2))


def _prev_words(text: str, start: int, n: int = 1) -> list[str]:
    return _PREV_TOKEN_RE.findall(text[max(0, start - 40):start])[-n:]


_NOT_YEAR_BEFORE = {"no.", "no", "number", "resolution", "highway", "route", "flight", "boeing", "airbus", "$", "£", "€", "article", "decree", "law",
                    "room", "apartment", "unit", "brigade", "division", "regiment", "battalion", "item", "page", "pp.", "p.", "lot", "plot", "code", "about",
                    "nearly", "some", "around", "approximately", "almost", "roughly", "than", "least", "only", "just", "exactly"}
_NOT_YEAR_BIGRAMS = {("up", "to"), ("total", "of"), ("out", "of"), ("number", "of"), ("figure", "of"), ("toll", "of"), ("population", "of")}


def _year_ok(text: str, m: re.Match) -> bool:
    if m.group("kw"):
        return True
    prev = _prev_words(text, m.start(), 2)
    p1 = prev[-1].lower() if prev else ""
    if p1 in _NOT_YEAR_BEFORE or (len(prev) > 1 and (prev[-2].lower(), p1) in _NOT_YEAR_BIGRAMS):
        return False
    before = text[max(0, m.start() - 2):m.start()]
    after = text[m.end():m.end() + 40]
    if _NUMBERISH_END_RE.search(before.strip() or " ") and before.strip():
        if not before.endswith(" ") or _DIGIT_END_RE.search(before):
            return False
    if _NOT_YEAR_AFTER_RE.match(after):
        return False
    if _COUNTED_RE.match(after):
        return False
    if _SPACE_DIGIT_RE.match(after) or _DIGIT_SPACE_END_RE.search(text[max(0, m.start() - 3):m.start()]):
        return False
    return True


def _read_monthexpr(text: str, matches, out: list[Cand], orig: str) -> None:
    for m in matches:
        mo = _month_num(m.group("m"))
        if mo is None:
            continue
        word = m.group("m")
        if word in ("may", "march", "august") and not orig[m.start("m")].isupper():
            continue
        if word in ("may", "march") and not (m.group("y") or m.group("y2") or m.group("ry") or m.group("mod") or m.group("ay")):
            pw = _prev_words(text, m.start(), 1)
            if not pw or pw[0].lower() not in ("in", "since", "until", "till", "by", "from", "of", "to", "and", "early", "mid", "late", "between", "through", "during", "last", "next", "this", "before", "after", "around", "end"):
                continue
        y = m.group("y") or m.group("y2")
        if m.group("ay"):
            ay = m.group("ay")
            sym = Sym("month_prev_year", m=mo, k=1 if ("following" in ay or "next" in ay) else -1 if "previous" in ay else 0)
        elif y:
            sym = Sym("month", m=mo, y=int(y))
        elif m.group("ry"):
            sym = Sym("month", m=mo, yrel=_rel_year(m.group("ry")))
        else:
            mod = _mod(m.group("mod"))
            sym = Sym("month", m=mo, mod="this" if mod == "this_future" else mod)
        out.append(Cand(m.start(), m.end(), sym, "en.named_month"))


def _read_hmonthexpr(text: str, matches, out: list[Cand], orig: str) -> None:
    for m in matches:
        name = " ".join((m.group("m").lower()).split())
        if name not in ("ramadan", "ramadhan", "muharram", "shawwal") and not (m.group("y") or m.group("mod")):
            continue
        if orig[m.start("m")].islower():
            continue
        if not (m.group("y") or m.group("mod") or m.group("ry")) and m.start("m") == m.start():
            # a bare 'Ramadan' is also a name (Ramadan Kadyrov): only after a word that introduces a time
            pw = _prev_words(text, m.start(), 1)
            if not pw or pw[0] not in _HIJRI_CONTEXT:
                continue
        hm = HMONTHS[name]
        if m.group("y"):
            sym = Sym("hmonth", m=hm, y=int(m.group("y")))
        elif m.group("ry"):
            sym = Sym("hmonth", m=hm, yrel=_rel_year(m.group("ry")))
        else:
            mod = _mod(m.group("mod"))
            sym = Sym("hmonth", m=hm, mod=None if mod == "this_future" else mod)
        out.append(Cand(m.start(), m.end(), sym, "en.hijri_month"))


def _read_holidayexpr(text: str, matches, out: list[Cand], orig: str) -> None:
    for m in matches:
        name = " ".join((m.group("h").lower()).split()).replace("’", "'")
        if name not in HOLIDAYS:
            continue
        if name in ("christmas", "new year", "mawlid") and (orig[m.start("h")].islower() or _HOLIDAY_OBJECT_RE.match(text[m.end():])):
            continue
        cal, hm, hd = HOLIDAYS[name]
        ordw = (m.group("ord") or "").lower()
        off = {"": 0, "first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}[ordw]
        y = int(m.group("y")) if m.group("y") else None
        if y is not None and (cal == "hijri") != (y < 1600):
            y = None
        mod = _mod(m.group("mod"))
        sym = Sym("holiday", cal=cal, m=hm, d=hd, offset=off, y=y, mod=None if mod == "this_future" else mod, name=m.group("h"))
        out.append(Cand(m.start(), m.end(), sym, "en.holiday"))


def _read_hyearexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        out.append(Cand(m.start(), m.end(), Sym("hyear", y=int(m.group("y") or m.group("y2"))), "en.hijri_year", prio=1))


def _read_decadeexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        if m.group("y"):
            start = int(m.group("y"))
        elif m.group("yy") or m.group("yy2"):
            start = 1900 + int(m.group("yy") or m.group("yy2"))
            if start + 10 < 1930:
                start += 100
        else:
            start = 1900 + DECADE_WORDS[m.group("w").lower()]
            if not _THE_SPACE_RE.match(m.group()) and not m.group("part"):
                continue
        sym = Sym("decade", start=start)
        if m.group("part"):
            sym = Sym("part", which=m.group("part").lower(), base=sym)
        out.append(Cand(m.start(), m.end(), sym, "en.decade"))


def _read_centuryexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        c = m.group("c").lower()
        num = _DIGITS_RE.match(c)
        cen = int(num.group()) if num else {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18, "last": 20, "previous": 20}[c]
        out.append(Cand(m.start(), m.end(), Sym("century", c=cen), "en.century"))


def _read_relunit(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        if m.group("u2"):
            out.append(Cand(m.start(), m.end(), Sym("unit", unit=m.group("u2").lower(), n=-2, word=m.group()), "en.relative_unit"))
            continue
        mod = " ".join((m.group("mod").lower()).split())
        n = {"last": -1, "this past": -1, "the previous": -1, "this": 0, "the current": 0, "next": 1, "the coming": 1}[mod]
        u = m.group("u").lower()
        if u == "weekend":
            out.append(Cand(m.start(), m.end(), Sym("weekend", n=n), "en.weekend", prio=1))
            continue
        out.append(Cand(m.start(), m.end(), Sym("unit", unit=u, n=n, word=m.group()), f"en.{u}_relative"))


def _read_weekend(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        out.append(Cand(m.start("w"), m.end(), Sym("weekend", n=None), "en.weekend"))


def _read_halves(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        which = m.group("which").lower()
        k = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4 if which == "quarter" else 2}[m.group("ord").lower()]
        if m.group("mrel") or m.group("mon"):
            if which != "half" or k > 2:
                continue
            msym = _month_base(m)
            if msym is None:
                continue
            out.append(Cand(m.start(), m.end(), Sym("half_month", h=k, base=msym), "en.half", prio=2))
            continue
        yw = m.group("y")
        if yw[0].isdigit():
            ysym = Sym("year", y=int(yw))
        else:
            ysym = Sym("unit", unit="year", n=_rel_year(yw) or 0, word=yw)
        if which == "half":
            if k > 2:
                continue
            out.append(Cand(m.start(), m.end(), Sym("half_of", h=k, year=ysym), "en.half"))
        else:
            out.append(Cand(m.start(), m.end(), Sym("quarter_of", q=k, year=ysym), "en.quarter"))


def _month_base(m) -> Sym | None:
    """The month a match names: `mon` (a month name, maybe with a year) or `mrel` (this/last/next
    month); None when the month name is not one."""
    if m.group("mon"):
        mm = MONTHEXPR.match(m.group("mon"))
        mo = _month_num(mm.group("m")) if mm else None
        if mo is None:
            return None
        return Sym("month", m=mo, y=int(mm.group("y")) if mm.group("y") else None)
    return Sym("unit", unit="month", n=_rel_year(m.group("mrel")) or 0, word=m.group("mrel"))


def _read_week_of_month(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        k = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}[m.group("k")]
        base = _month_base(m)
        if base is None:
            continue
        out.append(Cand(m.start(), m.end(), Sym("week_of_month", k=k, base=base), "en.week_of_month", prio=1))


def _read_earlier(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        out.append(Cand(m.start(), m.end(), Sym("earlier_later", which=m.group("w").lower(), unit=m.group("u").lower()), "en.earlier_later", prio=1))


def _read_partexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        p = m.group("part").lower()
        which = "early" if ("early" in p or "start" in p or "beginning" in p or "first" in p) else "mid" if ("mid" in p or "middle" in p) else "late"
        start = m.start()
        if p.startswith("by"):
            start = m.start() + len(_BY_RE.match(m.group()).group())
        if m.group("rel"):
            rel = " ".join((m.group("rel").lower()).split())
            unit = rel.split()[-1]
            n = -1 if "last" in rel else 1 if ("next" in rel or "coming" in rel) else 0
            base = Sym("unit", unit=unit, n=n, word=rel)
        elif m.group("mon"):
            mon = m.group("mon")
            mm = MONTHEXPR.match(mon)
            if not mm:
                continue
            mo = _month_num(mm.group("m"))
            y = mm.group("y") or mm.group("y2")
            base = Sym("month", m=mo, y=int(y)) if y else (Sym("month", m=mo, yrel=_rel_year(mm.group("ry"))) if mm.group("ry") else Sym("month", m=mo))
        elif m.group("hm"):
            base = Sym("hmonth", m=HMONTHS[m.group("hm").split()[-1]])
        else:
            base = Sym("year", y=int(m.group("yr")))
        out.append(Cand(start, m.end(), Sym("part", which=which, base=base), "en.partial_period", prio=1))


def _read_quarterexpr(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        qw = (m.group("q") or m.group("q2")).lower()
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}[qw]
        yw = m.group("y") or m.group("y2")
        if yw is None:
            continue
        if yw[0].isdigit():
            y = Sym("year", y=int(yw))
        else:
            y = Sym("unit", unit="year", n=_rel_year(yw), word=yw)
        out.append(Cand(m.start(), m.end(), Sym("quarter_of", q=q, year=y), "en.quarter"))


def _read_ago(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        n = _num(m.group("num"))
        unit = m.group("unit").lower().rstrip("s")
        if n is None or unit in ("minute", "quarter"):
            continue
        if unit == "fortnight":
            unit, n = "week", 2 * n
        out.append(Cand(m.start(), m.end(), Sym("ago", n=n, unit=unit, open=False), "en.ago"))


def _read_pastn(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        n = _num(m.group("num")) if m.group("num") else 1
        unit = m.group("unit").lower().rstrip("s")
        if n is None or unit in ("minute", "quarter"):
            continue
        if unit == "decade":
            unit, n = "year", 10 * n
        if unit == "fortnight":
            unit, n = "week", 2 * n
        out.append(Cand(m.start(), m.end(), Sym("pastn", n=n, unit=unit), "en.past_n", prio=1))


def _read_anaphor(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        if m.group("shift"):
            n = _num(m.group("num")) or 1
            unit = m.group("unit").lower().rstrip("s")
            if unit in ("minute", "quarter"):
                continue
            if unit == "fortnight":
                unit, n = "week", 2 * n
            sign = -1 if _BACKWARD_RE.match(m.group("dir")) else 1
            sym = Sym("anaphor", kind="shift", n=sign * n, unit=unit)
        elif m.group("next") or m.group("prev"):
            w = (m.group("next") or m.group("prev")).lower()
            unit = "week" if "week" in w else "month" if "month" in w else "year" if "year" in w else "day"
            sym = Sym("anaphor", kind="shift", n=1 if m.group("next") else -1, unit=unit)
            pod = _pod_of(w.split()[-1]) if w.split()[-1] in ("morning", "evening", "night") else None
            if pod:
                sym = Sym("with_pod", base=sym, pod=pod)
        elif m.group("same"):
            w = m.group("same").lower()
            unit = "week" if "week" in w else "month" if "month" in w else "year" if "year" in w else "day"
            sym = Sym("anaphor", kind="same", unit=unit)
        else:
            sym = Sym("anaphor", kind="since")
        out.append(Cand(m.start(), m.end(), sym, "en.anaphora", prio=2))


def _read_in_n(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        n = _num(m.group("num"))
        if n is None:
            continue
        out.append(Cand(m.start(), m.end(), Sym("after", n=n, unit=m.group("unit").rstrip("s"), only_future=True), "en.after", prio=-1))


def _read_from_days(text: str, matches, out: list[Cand]) -> None:
    for m in matches:
        mon = m.group("m1") or m.group("m2") or m.group("m3") or m.group("m4")
        d1 = m.group("d1") or m.group("d3") or m.group("d5") or m.group("d7")
        d2 = m.group("d2") or m.group("d4") or m.group("d6") or m.group("d8")
        y = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
        mo = _month_num(mon)
        if mo is None:
            continue
        ds = Sym("date", m=mo, d=_day_num(d1), y=int(y) if y else None)
        out.append(Cand(m.start(), m.end(), Sym("month_days", date=ds, d1=_day_num(d1), d2=_day_num(d2)), "en.between_days", prio=3))


_WORD_RE = re.compile(r"[^\W_]+")

# A pattern runs only when one of its trigger words (or a digit) is in the text. The readers
# are listed in the order their candidates are produced (see scan.py).
_MONTH_WORDS = frozenset(MONTHS)
_HIJRI_WORDS = frozenset(w for k in HMONTHS for w in re.findall(r"[a-z]+", k)) - {"al", "ul", "the"}
_UNIT_WORDS = frozenset(UNITS)
_DAY_WORDS = frozenset(WEEKDAYS) | {"today", "yesterday", "tomorrow", "tonight", "overnight"}
_POD_WORDS = frozenset({"morning", "afternoon", "evening", "night", "dawn", "daybreak", "midday", "noon", "midnight", "tonight", "hours"})
_UNIT_ALL = _UNIT_WORDS | {"decades", "years", "months", "weeks", "days", "hours"}
_ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "last", "1st", "2nd", "3rd", "4th"})
# second conditions (also=…): 'ago' needs a unit word, 'the same' needs a day/week/… word
SCANNER = Scanner([
    # 'numdate' (a digit, / . or -, and a digit) is a weak flag: decimal numbers raise it too
    Reader(CORE, _read_core, _DAY_WORDS | _MONTH_WORDS | _HIJRI_WORDS, "numdate", original=True,
           weak=(frozenset({"numdate"}), rf"{RD}|{WD}|{MON}|{_alt(HMONTHS)}|\d+[-/.]\d".replace("(?i:", "(?:"))),  # lower-cased text
    Reader(POD_ALONE, _read_pod_alone, _POD_WORDS),
    Reader(CLOCK, _read_clock, frozenset({"am", "pm", "m", "gmt", "utc"}), "clock"),
    Reader(NIGHT, _read_night, frozenset({"night", "overnight", "nights"})),
    Reader(MONTHEXPR, _read_monthexpr, _MONTH_WORDS, original=True),
    Reader(HMONTHEXPR, _read_hmonthexpr, _HIJRI_WORDS, original=True),
    Reader(HOLIDAYEXPR, _read_holidayexpr, frozenset({"eid", "arafah", "arafat", "birthday", "mawlid", "islamic", "hijri", "ashura",
                                                      "laylat", "christmas", "new", "valentine", "labour", "labor", "mother"}),
           also=(frozenset({"eid", "arafah", "arafat", "mawlid", "ashura", "laylat", "christmas", "valentine", "birthday", "year", "day"}),
                 None), original=True),
    Reader(YEAR_RANGE, readers.year_pairs("en.year_pair"), flag="year", also=(frozenset(), "dash")),
    Reader(HYEAREXPR, _read_hyearexpr, flag="year", also=(frozenset(), "hijri_year")),
    Reader(YEAREXPR, readers.years("en.year", _year_ok), flag="year"),
    Reader(DECADEEXPR, _read_decadeexpr, frozenset(DECADE_WORDS), "decade"),
    Reader(CENTURYEXPR, _read_centuryexpr, frozenset({"century"})),
    Reader(RELUNIT, _read_relunit, frozenset({"week", "month", "year", "quarter", "weekend"})),
    Reader(WEEKEND, _read_weekend, frozenset({"weekend"})),
    Reader(HALVES, _read_halves, frozenset({"half", "quarter"}), also=(_ORDINAL_WORDS, None)),
    Reader(WEEK_OF_MONTH, _read_week_of_month, frozenset({"week"}), also=(_ORDINAL_WORDS, None)),
    Reader(EARLIER, _read_earlier, frozenset({"earlier", "later"})),
    # second condition: what the part is of (a unit, a month, a year, a Hijri month)
    Reader(PARTEXPR, _read_partexpr, frozenset({"early", "mid", "late", "start", "beginning", "end", "middle", "close", "first", "last"}),
           also=(frozenset({"week", "month", "year", "ramadan", "ramadhan", "muharram", "shawwal"}) | word_set(MONTHS_FULL), "year")),
    Reader(QUARTEREXPR, _read_quarterexpr, frozenset({"quarter", "q1", "q2", "q3", "q4"}), also=(_ORDINAL_WORDS | {"q1", "q2", "q3", "q4"}, None)),
    Reader(AGO, _read_ago, frozenset({"ago", "back"}), also=(_UNIT_ALL, None)),
    Reader(PASTN, _read_pastn, frozenset({"past", "last", "previous"}), also=(_UNIT_ALL, None)),
    Reader(ANAPHOR, _read_anaphor, frozenset({"later", "earlier", "afterwards", "after", "before", "next", "following", "previous",
                                              "preceding", "same", "that", "since"}),
           also=(_UNIT_ALL | {"morning", "evening", "night", "then", "time", "date", "later", "earlier", "afterwards"}, None)),
    Reader(DURATION, readers.undated("duration", "en.duration", -2), _UNIT_ALL),
    Reader(IN_N, _read_in_n, frozenset({"in"}), also=(_UNIT_ALL, None)),
    Reader(SETEXPR, readers.undated("set", "en.set", 1), frozenset({"every", "each", "once", "twice", "times", "daily", "weekly", "monthly", "annually", "yearly",
                                              "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"})),
    Reader(FROM_DAYS, _read_from_days, _MONTH_WORDS, also=(frozenset(), "digit")),
], _WORD_RE)


def _token_words(token: str) -> tuple[str, list[str]] | None:
    low = token.lower()
    if len(low) != len(token):
        return None  # (the text is then lower-cased another way: see `prepared`)
    return low, ([low] if low.isalpha() else split_words(low, _WORD_RE)[0])


# the scanner's plan read off the tokens (see scan.TokenPlan): a token lower-cased is a token of
# the lower-cased text ('Σ' lower-cases by its neighbours, but white space ends them)
_TOKEN_PLAN = TokenPlan(SCANNER, _token_words, token_flags=lambda low: ("decade",) if _has_decade(low) else (),
                        text_flags=((":", "clock"),))  # (as `prepared` raises them)


# plan(text): the readers `candidates(text)` would run (see `run`): 0 for none, so no candidate;
# None when the tokens do not tell. Asked only for texts that are read whole.
plan = _TOKEN_PLAN.plan


def run(text: str, todo: int) -> list[Cand]:
    """The candidates of `text` for its plan (`plan`)."""
    low = text.lower()
    if len(low) != len(text):
        return candidates(text)
    return SCANNER.run(low, todo, text)


def candidates(text: str, screened: None = None, splits: None = None) -> list[Cand]:
    """The candidates of `text` (English has no screen or clitics: the other arguments are None)."""
    low, flags, words = prepared(text)
    return SCANNER.candidates(low, flags, text, words)


def prepared(text: str) -> tuple[str, set[str], list[str]]:
    """What the scanner reads: the lower-cased text, its flags and its words."""
    low = text.lower()
    if len(low) != len(text):  # a few characters grow when lower-cased ('İ'); keep offsets exact
        low = text.translate(_ASCII_LOWER)
    words, odd = split_words(low, _WORD_RE)
    flags = number_flags(odd)  # lower-casing leaves digits and punctuation as they are
    if ":" in text and "digit" in flags:
        flags.add("clock")
    if _has_decade(low):
        flags.add("decade")
    return low, flags, words


def _has_decade(low: str) -> bool:
    """Does the lower-cased text hold a decade in figures (1990s, '90s, 1990's)? The flag
    'decade' (no white space inside: a token tells as well as the text)."""
    return "0s" in low or "0's" in low or "0’s" in low


_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}


def connector_before(text: str, start: int) -> tuple[str, int] | None:
    window = text[max(0, start - 30):start]
    last = window.rsplit(None, 1)[-1].lower() if window.strip() else ""
    if last.lstrip("(") not in _CONNECT_LAST:
        return None
    if last in ("on", "in") and window.isascii():
        # both patterns want a connector right before 'on'/'in' (its last word, after any '(')
        before = window.rsplit(None, 2)[-2:-1]
        if not before or before[0].lower().rsplit("(", 1)[-1] not in _BEFORE_ON_IN:
            return None
    m = _SINCE.search(window)
    if m:
        p = " ".join((m.group("p").lower()).split())
        kind = "since" if p in ("since", "ever since", "as of", "starting", "starting from", "beginning") else "until"
        return kind, start - (len(window) - m.start("p"))
    m = _FROM.search(window)
    if m:
        return ("between" if m.group("p").lower() == "between" else "from"), start - (len(window) - m.start("p"))
    return None


def connector_between(text: str, end: int, start: int) -> bool:
    return _TO.match(text[end:start]) is not None


_FUTURE_SINGLE = frozenset(w for w in FUTURE if " " not in w and not w.startswith("'"))
_FUTURE_MULTI = tuple(w for w in FUTURE if " " in w)
_FUTURE_MULTI_RE = re.compile("|".join(re.escape(w) for w in _FUTURE_MULTI) or "(?!)")
_FUTURE_PHRASE = clause.any_phrase(_FUTURE_MULTI)  # any(p in c for p in _FUTURE_MULTI)
_IS_TO = re.compile(r"\b(?:(?:is|are|was|were)\s+to\s+[a-z]|due\s+(?:to\s+(?:be|take|start|begin|meet|arrive|hold|open|reopen|resume|end|visit|vote|sign|return|launch|expire|attend|travel|announce|release|deliver|come|close|finish|conclude|run|leave|depart|submit|go|make|present|receive|decide|hand|enter|arrive|convene|reconvene|discuss|hear|rule|issue)\b|on\b|by\b|in\b|for\b|back\b|out\b))")
_REPORTING_WORDS = {"said", "says", "told", "announced", "reported", "added", "stated", "confirmed", "declared", "wrote", "tweeted"}
_RELATIVE = ("which", "who", "when", "where")


_SPACES = re.compile(r"\s*")


def _comma_continues(s: str, i: int) -> bool:
    j = _SPACES.match(s, i).end()  # the text after the comma, white space skipped (as str.lstrip does)
    return s[j:j + 1].isdigit() or s[j:j + 5].lower().startswith(_RELATIVE)


def clause_around(text: str, start: int, end: int, width: int = 160) -> tuple[str, str]:
    """The parts of the clause left and right of [start, end): cut at . ! ? ; : newline, and at
    commas (not inside a number, and not before a relative 'which/who/when/where')."""
    return clause.clause_around(text, start, end, width, _comma_continues)


# The cues: a future word standing alone ([a-z] around it ends it; a word with other characters,
# such as "won't", is never one), 'll, "is to …"/"due to …", or a phrase of several words. Each is
# looked for in the way that is quickest for it (the regex engine tries a pattern at every position
# unless it starts with a letter or a set of letters): the same answer as one search for
# `_FUTURE_CUES`, which the tests compare it with.
_FUTURE_CUES = re.compile(rf"(?<![a-z]){trie_regex(w for w in _FUTURE_SINGLE if re.fullmatch('[a-z]+', w))}(?![a-z])"
                          rf"|'ll|’ll|{_IS_TO.pattern}|{_FUTURE_MULTI_RE.pattern}")
_FUTURE_LETTER_WORDS = frozenset(w for w in _FUTURE_SINGLE if re.fullmatch("[a-z]+", w))
_LETTER_RUN = re.compile(r"[a-z]+")
# `_IS_TO` with its leading \b moved after the first letter, so that the search skips to the letters
_WAS_TO = re.compile(r"(?:i(?<!\wi)s|a(?<!\wa)re|w(?<!\ww)(?:as|ere))\s+to\s+[a-z]")
_DUE_TO = re.compile(r"due(?<!\wdue)" + _IS_TO.pattern[_IS_TO.pattern.index(r"\s+(?:to"):-1])


def _future_in(clause: str) -> bool:
    c = clause.lower()
    return ("'ll" in c or "’ll" in c or _FUTURE_PHRASE(c)
            or not _FUTURE_LETTER_WORDS.isdisjoint(_LETTER_RUN.findall(c))
            or _WAS_TO.search(c) is not None or _DUE_TO.search(c) is not None)


def looks_ahead(text: str, start: int, end: int) -> bool:
    """Does the clause around [start, end) look ahead (will, due to, expected, next…)?"""
    before = text[max(0, start - 30):start].lower().split()
    if before and before[-1] == "on":
        before = before[:-1]
    if before and before[-1] in _REPORTING_WORDS:
        return False
    left, right = clause_around(text, start, end)
    return _future_in(left + " # " + right)


_PAST_VERBS = re.compile(r"(?i)\b(?:lasted|continued|remained|stayed|persisted|went\s+on|kept|was|were|had|ran|held|lived|served|ruled|worked)\b")


def past_clause(text: str, start: int, end: int) -> bool:
    """Does the clause of an 'until' phrase narrate the past ('fighting lasted until Wednesday')?"""
    left, _ = clause_around(text, start, end, 200)
    return _PAST_VERBS.search(left) is not None and not _future_in(left)
