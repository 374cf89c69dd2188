"""Readable date labels, Arabic and English, that never claim more precision than the date has.

`label(...)` renders one label from an event's or mention's fields: the inclusive days
`date_from`..`date_to`, the `grain`, the TIMEX3 `value` (its part-of-day suffix: `2022-10-05TNI`),
optional times, and flags (`open` marks "since …" intervals that run to the anchor day).

    night of 5–6 Oct 2022      ليل 5–6 تشرين الأول 2022
    week of 3–9 Oct 2022       أسبوع 3–9 تشرين الأول 2022
    Oct 2022                   تشرين الأول 2022
    since 2014 (to 8 Oct 2022) منذ 2014 (حتى 8 تشرين الأول 2022)

Arabic month names come in two series: the Levantine (كانون الثاني … كانون الأول, the default for
Syrian sources) and the Gregorian transliterations (يناير … ديسمبر); `months="both"` writes
`تشرين الأول/أكتوبر`.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# Times are shown in the sources' home time zone; see docs/api.md.
DISPLAY_TZ = ZoneInfo("Asia/Damascus")

EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
AR_MONTHS_LEVANT = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                    "تشرين الأول", "تشرين الثاني", "كانون الأول")
AR_MONTHS_GREGORIAN = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
                       "أكتوبر", "نوفمبر", "ديسمبر")
MONTH_SERIES = ("levant", "gregorian", "both")

# TIMEX3 part-of-day suffixes.
PARTS = {
    "NI": ("night of", "ليل"),
    "MO": ("morning of", "صباح"),
    "MI": ("noon of", "ظهر"),
    "AF": ("afternoon of", "بعد ظهر"),
    "EV": ("evening of", "مساء"),
    "DT": ("daytime of", "نهار"),
    "DA": ("dawn of", "فجر"),
}

AR_QUARTERS = ("الربع الأول", "الربع الثاني", "الربع الثالث", "الربع الرابع")
AR_DECADES = {0: "العقد الأول", 10: "العقد الثاني", 20: "العشرينيات", 30: "الثلاثينيات", 40: "الأربعينيات",
              50: "الخمسينيات", 60: "الستينيات", 70: "السبعينيات", 80: "الثمانينيات", 90: "التسعينيات"}

DASH = "–"


def month_series_of(texts) -> str:
    """Which Arabic month series a source used ('levant', 'gregorian' or 'both'), from its expressions."""
    levant = gregorian = False
    for text in texts:
        if not text:
            continue
        levant = levant or any(m in text for m in AR_MONTHS_LEVANT + ("تشرين", "كانون"))
        gregorian = gregorian or any(m in text for m in AR_MONTHS_GREGORIAN)
    if levant and gregorian:
        return "both"
    return "gregorian" if gregorian else "levant"


class _Lang:
    def __init__(self, lang: str, months: str):
        self.ar = lang == "ar"
        self.months = months if months in MONTH_SERIES else "levant"

    def month(self, m: int) -> str:
        if not self.ar:
            return EN_MONTHS[m - 1]
        if self.months == "gregorian":
            return AR_MONTHS_GREGORIAN[m - 1]
        if self.months == "both":
            return f"{AR_MONTHS_LEVANT[m - 1]}/{AR_MONTHS_GREGORIAN[m - 1]}"
        return AR_MONTHS_LEVANT[m - 1]

    def day(self, d: date) -> str:
        return f"{d.day} {self.month(d.month)} {d.year}"

    def t(self, en: str, ar: str) -> str:
        return ar if self.ar else en


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _is_full_months(a: date, b: date) -> bool:
    return a.day == 1 and b == _month_end(b)


def _is_full_years(a: date, b: date) -> bool:
    return (a.month, a.day) == (1, 1) and (b.month, b.day) == (12, 31)


def _days(a: date, b: date, L: _Lang) -> str:
    """A span of days, collapsing what the two ends share."""
    if a == b:
        return L.day(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}{DASH}{b.day} {L.month(a.month)} {a.year}"
    if a.year == b.year:
        return f"{a.day} {L.month(a.month)} {DASH} {b.day} {L.month(b.month)} {a.year}"
    return f"{L.day(a)} {DASH} {L.day(b)}"


def _months(a: date, b: date, L: _Lang) -> str:
    if (a.year, a.month) == (b.year, b.month):
        return f"{L.month(a.month)} {a.year}"
    if a.year == b.year:
        return f"{L.month(a.month)}{DASH}{L.month(b.month)} {a.year}" if not L.ar else \
            f"{L.month(a.month)} {DASH} {L.month(b.month)} {a.year}"
    return f"{L.month(a.month)} {a.year} {DASH} {L.month(b.month)} {b.year}"


def _span(a: date, b: date, L: _Lang) -> str:
    """The plainest honest words for the inclusive days a..b."""
    if _is_full_years(a, b):
        if (b.year - a.year) == 9 and a.year % 10 == 0:
            return _decade(a.year, L)
        return str(a.year) if a.year == b.year else f"{a.year}{DASH}{b.year}"
    if _is_full_months(a, b):
        if a.month % 3 == 1 and (b.year, b.month) == (a.year, a.month + 2):
            q = (a.month - 1) // 3
            return L.t(f"Q{q + 1} {a.year}", f"{AR_QUARTERS[q]} {a.year}")
        return _months(a, b, L)
    return _days(a, b, L)


def _decade(year: int, L: _Lang) -> str:
    if L.ar:
        name = AR_DECADES.get(year % 100)
        return f"{name} ({year}{DASH}{year + 9})" if name and year % 100 >= 20 else f"{year}{DASH}{year + 9}"
    return f"the {year}s"


def _start_of(a: date, grain: str | None, L: _Lang) -> str:
    """The start of an open interval at the grain it was given in ("since 2014", "since Mar 2011")."""
    if (a.month, a.day) == (1, 1) and grain in (None, "year", "decade", "century"):
        return str(a.year)
    if a.day == 1 and grain in (None, "month", "year", "quarter"):
        return f"{L.month(a.month)} {a.year}"
    return L.day(a)


def _part_of_day(value: str | None) -> str | None:
    if value and "T" in value:
        suffix = value.rsplit("T", 1)[1]
        if suffix in PARTS:
            return suffix
    return None


def _clock(t: datetime) -> str:
    return t.astimezone(DISPLAY_TZ).strftime("%H:%M")


def label(date_from: date | None, date_to: date | None = None, grain: str | None = None, value: str | None = None,
          time_from: datetime | None = None, time_to: datetime | None = None, flags=(), *,
          lang: str = "en", months: str = "levant") -> str:
    L = _Lang(lang, months)
    if date_from is None and date_to is None:
        return L.t("undated", "بلا تاريخ")
    if date_from is None:
        return L.t(f"until {L.day(date_to)}", f"حتى {L.day(date_to)}")
    date_to = date_to or date_from
    flags = set(flags or ())
    if "open" in flags or (grain and grain.startswith("open")):
        since = _start_of(date_from, grain, L)
        return L.t(f"since {since} (to {L.day(date_to)})", f"منذ {since} (حتى {L.day(date_to)})")
    part = _part_of_day(value)
    if part:
        en, ar = PARTS[part]
        return L.t(f"{en} {_days(date_from, date_to, L)}", f"{ar} {_days(date_from, date_to, L)}")
    if grain == "time" and time_from is not None:
        clock = _clock(time_from)
        if time_to is not None and _clock(time_to) != clock and time_to - time_from < timedelta(days=1):
            clock = f"{clock}{DASH}{_clock(time_to)}"
        day = time_from.astimezone(DISPLAY_TZ).date()
        day = day if date_from <= day <= date_to else date_from
        return L.t(f"{L.day(day)}, {clock}", f"{L.day(day)}، الساعة {clock}")
    if grain == "week" and (date_to - date_from).days == 6 and date_from.weekday() == 0:
        return L.t(f"week of {_days(date_from, date_to, L)}", f"أسبوع {_days(date_from, date_to, L)}")
    if grain in ("day", "part_of_day", "time"):
        return _days(date_from, date_to, L)
    return _span(date_from, date_to, L)


def labels(date_from, date_to=None, grain=None, value=None, time_from=None, time_to=None, flags=(), *,
           months: str = "levant") -> dict[str, str]:
    """Both labels: {"ar": …, "en": …}."""
    ar, en = _both(date_from, date_to, grain, value, time_from, time_to, tuple(flags or ()), months)
    return {"ar": ar, "en": en}


@lru_cache(maxsize=16384)
def _both(date_from, date_to, grain, value, time_from, time_to, flags: tuple, months: str) -> tuple[str, str]:
    # remembered: labels are pure, and a timeline page repeats the same few dates
    args = (date_from, date_to, grain, value, time_from, time_to, flags)
    return label(*args, lang="ar", months=months), label(*args, lang="en")


PRECISION_WORDS = {
    "time": ("to the minute", "بالدقيقة"),
    "part_of_day": ("part of a day", "جزء من يوم"),
    "day": ("day", "يوم"),
    "week": ("week", "أسبوع"),
    "month": ("month", "شهر"),
    "quarter": ("quarter", "ربع سنة"),
    "year": ("year", "سنة"),
    "decade": ("decade", "عقد"),
    "century": ("century", "قرن"),
}


def precision(grain: str | None, date_from: date | None, date_to: date | None, flags=(), *, lang="en") -> str:
    """The date's precision in words: what the reader may rely on."""
    ar = lang == "ar"
    if "open" in set(flags or ()):
        return "مفتوح (منذ…)" if ar else "open-ended (since…)"
    words = PRECISION_WORDS.get(grain or "", (grain or "unknown", grain or "غير معروف"))
    text = words[1] if ar else words[0]
    if date_from and date_to and date_to > date_from and grain in ("day", "part_of_day", "time"):
        n = (date_to - date_from).days + 1
        text = f"{text}، {n} أيام" if ar else f"{text}, {n} days"
    return text
