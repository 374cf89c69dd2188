"""Datelines: the publication time printed near the top of an article.

    2022.10.08 | 17:41 دمشق          دمشق - 8 تشرين الأول 2022          Oct 8, 2022 5:41 PM
    نشر في: 08/10/2022 - 17:41        DAMASCUS, Oct 8 (Reuters) -        2022-10-08T17:41:00+03:00

Only the first lines are looked at, and only a date that stands alone on a short line (with a city,
a label, a time) or opens a line after a city and a dash counts: a date in the body's prose is a
mention, not a dateline. A dateline without an offset takes the source's time zone; one without a
time of day stands at local midnight (the day is what the resolver needs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

LINES_LOOKED_AT = 12
SHORT_LINE_WORDS = 7  # words besides the date on a line that is "just a dateline"
LINE_HEAD = 400  # a dateline opens its line: only this much of a long line is looked at (keeps it linear)
_UPDATE_LABEL = re.compile(r"(updated|آخر تحديث|تحديث|محدث)", re.IGNORECASE)
_DIGITS = str.maketrans({chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)})


@dataclass(frozen=True)
class Dateline:
    when: datetime          # aware
    span: tuple[int, int]   # what to cut from the text: the whole line, or the lead-in before the story
    has_time: bool


def _ar_letters(word: str) -> str:
    """A regex for an Arabic word that tolerates the usual spelling variants of its letters."""
    from chrono.resolve.normalize import fold_ar

    out = []
    for ch in fold_ar(word):
        out.append({"ا": "[اأإآٱ]", "ه": "[هة]", "ي": "[يى]", " ": r"\s+"}.get(ch, re.escape(ch)))
    return "".join(out)


@lru_cache(maxsize=1)
def _patterns():
    from chrono.resolve.lexicon import load

    ar_months = load("ar")["months"]
    en_months = load("en")["months"]
    ar_alt = "|".join(_ar_letters(m) for m in sorted(ar_months, key=len, reverse=True))
    en_alt = "|".join(sorted(en_months, key=len, reverse=True))
    clock = (r"(?:(?:الساعة|at)\s*)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?"
             r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?|ص(?:باحا)?|م(?:ساء)?)(?![\w\u0621-\u064A]))?")
    sep = r"\s*(?:[|,،\-–—/]|\s)\s*"
    ar_month = rf"(?P<mon_ar>{ar_alt})(?:\s*/\s*(?:{ar_alt}))?"
    en_month = rf"(?P<mon_en>{en_alt})\.?"
    forms = [
        # ISO 8601 with a time (and maybe an offset)
        r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})[T ](?P<ih>\d{2}):(?P<imi>\d{2})(?::(?P<is>\d{2}))?"
        r"(?:\.\d+)?(?P<off>Z|[+-]\d{2}:?\d{2})?)",
        # year first: 2022.10.08, 2022-10-08, 2022/10/08
        rf"(?P<y1>\d{{4}})[./-](?P<m1>\d{{1,2}})[./-](?P<d1>\d{{1,2}})(?:{sep}{clock})?",
        # day first: 08/10/2022, 8.10.2022
        rf"(?P<d2>\d{{1,2}})[./-](?P<m2>\d{{1,2}})[./-](?P<y2>\d{{4}})(?:{sep}{clock})?",
        # 8 تشرين الأول 2022, 8 October 2022
        rf"(?P<d3>\d{{1,2}})\s+(?:{ar_month}|{en_month})\s*,?\s*(?P<y3>\d{{4}})(?:\s*م)?(?:{sep}{clock})?",
        # Oct 8, 2022 5:41 PM
        rf"(?P<mon_en4>{en_alt})\.?\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y4>\d{{4}})(?:{sep}{clock})?",
    ]
    return [re.compile(f, re.IGNORECASE) for f in forms], ar_months, en_months


# The lead-in form: "DAMASCUS, Oct 8 (Reuters) -", "دمشق - 8 تشرين الأول 2022 -": a few words, a dash or comma.
_LEAD_IN = re.compile(r"^[^\d\n]{0,40}?[\-–—,،:]\s*$")
_TRAILER = re.compile(r"^\s*(?:\([^)\n]{0,30}\))?\s*[\-–—:|]\s*")
_WORD = re.compile(r"[\w\u0621-\u064A]+")


def find(text: str, zone: ZoneInfo) -> Dateline | None:
    """The article's dateline, if its first lines hold one."""
    candidates = []
    pos = 0
    seen = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > LINES_LOOKED_AT:
            break
        found = _in_line(line, start, zone)
        if found:
            candidates.append((bool(_UPDATE_LABEL.search(line)), found))
    if not candidates:
        return None
    # A "published" line beats an "updated" one; among equals, the first.
    candidates.sort(key=lambda c: c[0])
    return candidates[0][1]


def _in_line(line: str, offset: int, zone: ZoneInfo) -> Dateline | None:
    digits = line[:LINE_HEAD].translate(_DIGITS)
    forms, ar_months, en_months = _patterns()
    for form in forms:
        for m in form.finditer(digits):
            when, has_time = _value(m, zone, ar_months, en_months)
            if when is None:
                continue
            before, after = digits[: m.start()], digits[m.end():]
            rest_words = len(_WORD.findall(before)) + len(_WORD.findall(after))
            body = line.rstrip("\r\n")
            trailer = _TRAILER.match(after) if _LEAD_IN.match(before) else None
            if trailer and after[trailer.end():].strip():
                return Dateline(when, (offset, offset + m.end() + trailer.end()), has_time)
            if rest_words <= SHORT_LINE_WORDS and len(body.strip()) <= 80:
                return Dateline(when, (offset, offset + len(body)), has_time)
    return None


def _value(m: re.Match, zone: ZoneInfo, ar_months: dict, en_months: dict) -> tuple[datetime | None, bool]:
    g = m.groupdict()
    try:
        if g.get("iso"):
            day = date(int(g["iy"]), int(g["im"]), int(g["id"]))
            clock = time(int(g["ih"]), int(g["imi"]), int(g["is"] or 0))
            off = g.get("off")
            tz = zone if not off else (timezone.utc if off.upper() == "Z" else _offset(off))
            return _aware(day, clock, tz), True
        if g.get("y1"):
            day = date(int(g["y1"]), int(g["m1"]), int(g["d1"]))
        elif g.get("y2"):
            day = date(int(g["y2"]), int(g["m2"]), int(g["d2"]))
        elif g.get("y3"):
            month = _month(g.get("mon_ar"), g.get("mon_en"), ar_months, en_months)
            day = date(int(g["y3"]), month, int(g["d3"]))
        elif g.get("y4"):
            day = date(int(g["y4"]), en_months[g["mon_en4"].lower()], int(g["d4"]))
        else:
            return None, False
    except (ValueError, KeyError):
        return None, False
    if not 1900 <= day.year <= 2200:
        return None, False
    if g.get("h") is None:
        return _aware(day, time(0, 0), zone), False
    hour, minute = int(g["h"]), int(g["mi"])
    ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm in ("pm", "م", "مساء") and hour < 12:
        hour += 12
    elif ampm in ("am", "ص", "صباحا") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return _aware(day, time(0, 0), zone), False
    return _aware(day, time(hour, minute, int(g.get("s") or 0)), zone), True


def _month(ar: str | None, en: str | None, ar_months: dict, en_months: dict) -> int:
    if en:
        return en_months[en.lower()]
    from chrono.resolve.normalize import fold_ar

    folded = {fold_ar(k): v for k, v in ar_months.items()}
    return folded[re.sub(r"\s+", " ", fold_ar(ar))]


def _offset(text: str) -> timezone:
    text = text.replace(":", "")
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[3:5])))


def _aware(day: date, clock: time, tz) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz)
