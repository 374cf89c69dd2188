"""All date arithmetic of the resolver: symbolic values (`values.Sym`) → days against the anchor.

`ground(sym, ctx)` returns an `Iv` (inclusive days, optional times, grain, TIMEX3 value,
flags, explanation) or None when the value names no real day (30 February, a Hijri year
outside the Umm al-Qura table). Nothing here reads the clock or the machine's time zone.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hijridate import Gregorian, Hijri

from chrono.resolve.values import Sym

WD_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
POD_HOURS = {  # part of day → (start hour, end hour); end may pass midnight
    "dawn": (3, 6), "morning": (6, 12), "noon": (12, 14), "afternoon": (12, 18),
    "evening": (18, 24), "night": (18, 30),
}
POD_TIMEX = {"dawn": "TMO", "morning": "TMO", "noon": "TMI", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
ZONES = {"gmt": timezone.utc, "utc": timezone.utc, "z": timezone.utc}


@dataclass(slots=True)
class Iv:
    d0: date
    d1: date
    grain: str
    value: str
    kind: str = "point"
    t0: datetime | None = None
    t1: datetime | None = None
    flags: list[str] = field(default_factory=list)
    why: str = ""
    edtf: str | None = None


class Ctx:
    """What grounding needs besides the value: the anchor, the previous dated mention, and
    whether the clause looks ahead (computed only when a value asks, since it costs a scan)."""

    __slots__ = ("anchor", "today", "prev", "ref", "_future", "_future_fn")

    def __init__(self, anchor: datetime, today: date, future: bool | None = None, prev: Iv | None = None,
                 ref: date | None = None, future_fn=None):
        self.anchor = anchor
        self.today = today
        self.prev = prev
        self.ref = ref  # for the second end of "from X to Y": first fit on or after this day
        self._future = future
        self._future_fn = future_fn

    @property
    def future(self) -> bool:
        if self._future is None:
            self._future = bool(self._future_fn()) if self._future_fn is not None else False
        return self._future

    @future.setter
    def future(self, value: bool) -> None:
        self._future = value

    @classmethod
    def of(cls, anchor: datetime) -> "Ctx":
        return cls(anchor=anchor, today=anchor.date())


class Unresolvable(Exception):
    pass


# ---------------------------------------------------------------- calendar helpers
# date.isoformat() is slow for how often explanations and values need it; the days of a
# run of articles are few, so their strings are kept (a plain dict, emptied when it grows)
_ISO: dict[date, str] = {}
_SHORT: dict[date, str] = {}


def _d(d: date) -> str:
    s = _ISO.get(d)
    if s is None:
        if len(_ISO) > 20_000:
            _ISO.clear()
        s = _ISO[d] = d.isoformat()
    return s


def _short(d: date) -> str:
    s = _SHORT.get(d)
    if s is None:
        if len(_SHORT) > 20_000:
            _SHORT.clear()
        s = _SHORT[d] = f"{WD_NAMES[d.weekday()]} {d.isoformat()}"
    return s


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def shift_months(d: date, n: int) -> date:
    y, m = add_months(d.year, d.month, n)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def shift_years(d: date, n: int) -> date:
    y = d.year + n
    return date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def week_of(d: date) -> tuple[date, date]:
    start = d - timedelta(days=d.weekday())
    return start, start + timedelta(days=6)


def week_iv(d: date, why: str) -> Iv:
    s, e = week_of(d)
    y, w, _ = s.isocalendar()
    return Iv(s, e, "week", f"{y}-W{w:02d}", "range", why=why)


def month_iv(y: int, m: int, why: str) -> Iv:
    return Iv(date(y, m, 1), month_end(y, m), "month", f"{y}-{m:02d}", "range", why=why, edtf=f"{y}-{m:02d}")


def year_iv(y: int, why: str) -> Iv:
    return Iv(date(y, 1, 1), date(y, 12, 31), "year", f"{y:04d}", "range", why=why, edtf=f"{y:04d}")


def day_iv(d: date, why: str) -> Iv:
    return Iv(d, d, "day", _d(d), "point", why=why)


def on_or_before(today: date, wd: int) -> date:
    return today - timedelta(days=(today.weekday() - wd) % 7)


def on_or_after(today: date, wd: int) -> date:
    return today + timedelta(days=(wd - today.weekday()) % 7)


def strictly_before(today: date, wd: int) -> date:
    return today - timedelta(days=(today.weekday() - wd - 1) % 7 + 1)


def strictly_after(today: date, wd: int) -> date:
    return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)


def hijri_to_greg(y: int, m: int, d: int) -> date:
    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError) as exc:
        raise Unresolvable(str(exc)) from None
    return date(g.year, g.month, g.day)


def greg_to_hijri(d: date) -> tuple[int, int, int]:
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (ValueError, OverflowError) as exc:
        raise Unresolvable(str(exc)) from None
    return h.year, h.month, h.day


def hijri_month_range(y: int, m: int) -> tuple[date, date]:
    try:
        length = Hijri(y, m, 1).month_length()
    except (ValueError, OverflowError) as exc:
        raise Unresolvable(str(exc)) from None
    start = hijri_to_greg(y, m, 1)
    return start, start + timedelta(days=length - 1)


# ---------------------------------------------------------------- the operations
def ground(sym: Sym, ctx: Ctx) -> Iv | None:
    try:
        return OPS[sym.op](sym, ctx)
    except (Unresolvable, ValueError, OverflowError, KeyError, TypeError):
        return None


def _relday(s: Sym, ctx: Ctx) -> Iv:
    n = s["n"]
    d = ctx.today + timedelta(days=n)
    word = s.get("word", "")
    return day_iv(d, f"anchor {_short(ctx.today)}; '{word}' is day {n:+d} → {_d(d)}")


def pick_weekday(wd: int, mod: str | None, ctx: Ctx) -> tuple[date, list[str], str]:
    base = ctx.ref or ctx.today
    if ctx.ref is not None and mod is None:
        return on_or_after(base, wd), [], "first on or after the start"
    if mod == "last":
        return strictly_before(base, wd), [], "last one strictly before the anchor day"
    if mod == "next":
        return strictly_after(base, wd), [], "first one strictly after the anchor day"
    if mod == "this_future" or ctx.future:  # (the look-ahead, a scan of the clause, only when it matters)
        d = on_or_after(base, wd)
        return d, (["lookahead"] if d != on_or_before(base, wd) else []), "the clause looks ahead: first on or after the anchor day"
    return on_or_before(base, wd), [], "most recent on or before the anchor day"


def _weekday(s: Sym, ctx: Ctx) -> Iv:
    d, flags, how = pick_weekday(s["wd"], s.get("mod"), ctx)
    iv = day_iv(d, f"anchor {_short(ctx.today)}; {WD_NAMES[s['wd']]}: {how} → {_d(d)}")
    iv.flags = flags
    return iv


def _relday_wd(s: Sym, ctx: Ctx) -> Iv:
    n, wd = s["n"], s["wd"]
    rel = ctx.today + timedelta(days=n)
    word = s.get("word", "")
    if rel.weekday() == wd:
        return day_iv(rel, f"anchor {_short(ctx.today)}; '{word}' is {_short(rel)}, which agrees with the weekday → {_d(rel)}")
    if n > 0:
        d = on_or_after(ctx.today, wd)
    else:
        d = on_or_before(ctx.today, wd)
    iv = day_iv(d, f"anchor {_short(ctx.today)}; '{word}' says {_short(rel)} but the weekday says {WD_NAMES[wd]}; the weekday wins → {_d(d)}")
    iv.flags = ["conflict"]
    return iv


def _pick_year_for_day(m: int, d: int, mod: str | None, ctx: Ctx) -> tuple[int, str]:
    base = ctx.ref or ctx.today
    y = base.year
    cand = date(y, m, d) if not (m == 2 and d == 29 and not calendar.isleap(y)) else None
    if ctx.ref is not None and mod is None:
        if cand is None or cand < base:
            y += 1
        return y, "first on or after the start"
    if mod == "this":
        return y, "in the anchor's month"
    if mod == "last":
        return (y if cand and cand < base else y - 1), "strictly before the anchor day"
    if mod == "next":
        return (y if cand and cand > base else y + 1), "strictly after the anchor day"
    if ctx.future:
        return (y if cand and cand >= base else y + 1), "the clause looks ahead: on or after the anchor day"
    return (y if cand and cand <= base else y - 1), "most recent on or before the anchor day"


def _date(s: Sym, ctx: Ctx) -> Iv:
    m, dd = s["m"], s["d"]
    y = s.get("y")
    how = "explicit"
    if y is None and s.get("yrel") is not None:
        y = ctx.today.year + s["yrel"]
        how = f"year {s['yrel']:+d} from the anchor's"
    elif y is None:
        y, how = _pick_year_for_day(m, dd, s.get("mod"), ctx)
    d = date(y, m, dd)
    return day_iv(d, f"anchor {_short(ctx.today)}; day {dd} month {m}: {how} → {_d(d)}")


def _date_wd(s: Sym, ctx: Ctx) -> Iv | None:
    iv = ground(s["date"], ctx)
    if iv is None:
        return None
    wd = s["wd"]
    if iv.d0.weekday() != wd:
        iv.flags = iv.flags + ["conflict"]
        iv.why += f"; the text says {WD_NAMES[wd]} but {_d(iv.d0)} is a {WD_NAMES[iv.d0.weekday()]}: the date wins"
    return iv


def _pick_year_for_month(m: int, mod: str | None, ctx: Ctx) -> tuple[int, str]:
    base = ctx.ref or ctx.today
    y = base.year
    if ctx.ref is not None and mod is None:
        return (y if m >= base.month else y + 1), "first on or after the start"
    if mod == "this":
        return y, "the anchor's year"
    if mod == "last":
        return (y if m < base.month else y - 1), "strictly before the anchor's month"
    if mod == "next":
        return (y if m > base.month else y + 1), "strictly after the anchor's month"
    if ctx.future:
        return (y if m >= base.month else y + 1), "the clause looks ahead: on or after the anchor's month"
    return (y if m <= base.month else y - 1), "most recent on or before the anchor's month"


def _month(s: Sym, ctx: Ctx) -> Iv:
    m = s["m"]
    y = s.get("y")
    how = "explicit year"
    if y is None and s.get("yrel") is not None:
        y = ctx.today.year + s["yrel"]
        how = f"year {s['yrel']:+d} from the anchor's"
    elif y is None:
        y, how = _pick_year_for_month(m, s.get("mod"), ctx)
    iv = month_iv(y, m, f"anchor {_short(ctx.today)}; month {m}: {how} → {y}-{m:02d}")
    if y is not None and s.get("y") is None and ctx.future and s.get("mod") is None and (y, m) != (ctx.today.year, ctx.today.month):
        iv.flags = ["lookahead"]
    return iv


def _year(s: Sym, ctx: Ctx) -> Iv:
    y = s["y"]
    return year_iv(y, f"the year {y} → {y}-01-01…{y}-12-31")


def _unit(s: Sym, ctx: Ctx) -> Iv:
    unit, n = s["unit"], s["n"]
    t = ctx.today
    word = s.get("word", "")
    if unit == "week":
        return week_iv(t + timedelta(weeks=n), f"anchor {_short(t)}; '{word}' is ISO week {n:+d}")
    if unit == "month":
        y, m = add_months(t.year, t.month, n)
        return month_iv(y, m, f"anchor {_short(t)}; '{word}' is calendar month {n:+d} → {y}-{m:02d}")
    if unit == "year":
        return year_iv(t.year + n, f"anchor {_short(t)}; '{word}' is calendar year {n:+d} → {t.year + n}")
    if unit == "quarter":
        q = (t.month - 1) // 3 + n
        y, q = t.year + q // 4, q % 4
        return Iv(date(y, 3 * q + 1, 1), month_end(y, 3 * q + 3), "quarter", f"{y}-Q{q + 1}", "range",
                  why=f"anchor {_short(t)}; quarter {n:+d} → {y}-Q{q + 1}")
    if unit == "day":
        return _relday(Sym("relday", n=n, word=word), ctx)
    raise Unresolvable(unit)


def _ago(s: Sym, ctx: Ctx) -> Iv:
    n, unit = s["n"], s["unit"]
    t = ctx.today
    if s.get("open"):
        if unit == "hour":
            start = (ctx.anchor - timedelta(hours=n)).date()
        else:
            start = _rolling_start(t, n, unit)
        return Iv(start, t, _GRAIN.get(unit, "day"), _d(start), "open",
                  why=f"anchor {_short(t)}; a state that still holds, for {n} {unit}(s) → {_d(start)}…{_d(t)}")
    if unit == "hour":
        d = (ctx.anchor - timedelta(hours=n)).date()
        return day_iv(d, f"anchor {ctx.anchor.isoformat()}; {n} hours back → {_d(d)}")
    if unit == "day":
        d = t - timedelta(days=n)
        return day_iv(d, f"anchor {_short(t)}; {n} days back → {_d(d)}")
    if unit == "week":
        return week_iv(t - timedelta(weeks=n), f"anchor {_short(t)}; the ISO week {n} before the anchor's")
    if unit == "month":
        y, m = add_months(t.year, t.month, -n)
        return month_iv(y, m, f"anchor {_short(t)}; the calendar month {n} before the anchor's → {y}-{m:02d}")
    if unit == "year":
        return year_iv(t.year - n, f"anchor {_short(t)}; the calendar year {n} before the anchor's → {t.year - n}")
    if unit == "decade":
        return year_iv(t.year - 10 * n, f"anchor {_short(t)}; {n} decade(s) back → {t.year - 10 * n}")
    raise Unresolvable(unit)


_GRAIN = {"day": "day", "week": "week", "month": "month", "year": "year", "hour": "day", "decade": "year", "minute": "day"}


def _rolling_start(t: date, n: int, unit: str) -> date:
    if unit == "day":
        return t - timedelta(days=n)
    if unit == "week":
        return t - timedelta(weeks=n)
    if unit == "month":
        return shift_months(t, -n)
    if unit == "year":
        return shift_years(t, -n)
    if unit == "decade":
        return shift_years(t, -10 * n)
    if unit == "minute":
        return t
    raise Unresolvable(unit)


def _pastn(s: Sym, ctx: Ctx) -> Iv:
    n, unit = s["n"], s["unit"]
    t = ctx.today
    start = (ctx.anchor - timedelta(hours=n)).date() if unit == "hour" else _rolling_start(t, n, unit)
    return Iv(start, t, _GRAIN.get(unit, "day"), f"P{n}{unit[0].upper()}", "range",
              why=f"anchor {_short(t)}; the past {n} {unit}(s), rolling → {_d(start)}…{_d(t)}")


def _thirds(iv: Iv, which: str) -> tuple[date, date]:
    if iv.grain == "month" and iv.d0.day != 1:  # a Hijri month: its days 1–10, 11–20, 21–end
        return {"early": (iv.d0, iv.d0 + timedelta(days=9)), "mid": (iv.d0 + timedelta(days=10), iv.d0 + timedelta(days=19)),
                "late": (iv.d0 + timedelta(days=20), iv.d1)}[which]
    if iv.grain == "month":
        y, m = iv.d0.year, iv.d0.month
        return {"early": (date(y, m, 1), date(y, m, 10)), "mid": (date(y, m, 11), date(y, m, 20)),
                "late": (date(y, m, 21), month_end(y, m))}[which]
    if iv.grain == "year":
        y = iv.d0.year
        return {"early": (date(y, 1, 1), date(y, 4, 30)), "mid": (date(y, 5, 1), date(y, 8, 31)),
                "late": (date(y, 9, 1), date(y, 12, 31))}[which]
    if iv.grain == "week":
        s = iv.d0
        a, b = {"early": (0, 1), "mid": (2, 3), "late": (4, 6)}[which]
        return s + timedelta(days=a), s + timedelta(days=b)
    if iv.grain in ("decade", "century"):
        span = iv.d1.year - iv.d0.year + 1
        third = span // 3
        y0 = iv.d0.year
        cuts = {"early": (y0, y0 + third), "mid": (y0 + third + 1, y0 + 2 * third), "late": (y0 + 2 * third + 1, iv.d1.year)}[which]
        return date(cuts[0], 1, 1), date(cuts[1], 12, 31)
    # any other stretch (a Hijri month, a window): split its days in three
    days = (iv.d1 - iv.d0).days + 1
    third = max(days // 3, 1)
    if which == "early":
        return iv.d0, iv.d0 + timedelta(days=third - 1)
    if which == "mid":
        return iv.d0 + timedelta(days=third), iv.d0 + timedelta(days=2 * third - 1)
    return iv.d0 + timedelta(days=2 * third), iv.d1


def _part(s: Sym, ctx: Ctx) -> Iv | None:
    base = ground(s["base"], ctx)
    if base is None:
        return None
    which = s["which"]
    d0, d1 = _thirds(base, which)
    label = {"early": "first", "mid": "middle", "late": "last"}[which]
    return Iv(d0, d1, base.grain, base.value, "range", flags=base.flags,
              why=f"{base.why}; the {label} third → {_d(d0)}…{_d(d1)}")


def _since(s: Sym, ctx: Ctx) -> Iv | None:
    base = ground(s["base"], ctx)
    if base is None:
        return None
    t = ctx.today
    start = base.d0
    return Iv(start, max(t, start), base.grain, base.value, "open", t0=base.t0, flags=base.flags,
              why=f"{base.why}; since its start, up to the anchor day → {_d(start)}…{_d(max(t, start))}")


def _until(s: Sym, ctx: Ctx) -> Iv | None:
    # an end point is usually ahead ('until Thursday'), unless the clause narrates the past
    sub = Ctx(ctx.anchor, ctx.today, future=not s.get("past_clause", False), prev=ctx.prev)
    base = ground(s["base"], sub)
    if base is None:
        return None
    t = ctx.today
    if base.d1 < t:
        return Iv(base.d1, base.d1, "day", _d(base.d1), "point", flags=base.flags,
                  why=f"{base.why}; its end is already past → {_d(base.d1)}")
    return Iv(t, base.d1, base.grain, base.value, "open", t1=base.t1, flags=base.flags,
              why=f"{base.why}; from the anchor day to its end → {_d(t)}…{_d(base.d1)}")


def _between(s: Sym, ctx: Ctx) -> Iv | None:
    sa, sb = s["a"], s["b"]
    if sa.op == sb.op and sb.get("mod") and not sa.get("mod") and sa.op in ("month", "weekday", "date", "hmonth"):
        sa = sa.with_(mod=sb["mod"])  # a shared modifier: 'بين آذار وأيار الماضيين'
    if sa.op in ("month", "date") and sb.op in ("month", "date") and sa.get("y") is None and sb.get("y") is not None and sa.get("yrel") is None:
        sa = sa.with_(y=sb["y"] if sa["m"] <= sb["m"] else sb["y"] - 1)  # 'from March to May 2021'
    a = ground(sa, ctx)
    if a is None:
        return None
    b = None
    if sb.get("mod"):
        b = ground(sb, ctx)
    if b is None or b.d1 < a.d0:
        b = ground(sb, Ctx(ctx.anchor, ctx.today, future=ctx._future, prev=ctx.prev, ref=a.d0, future_fn=ctx._future_fn))
    if b is None or b.d1 < a.d0:
        return None
    return Iv(a.d0, b.d1, a.grain, a.value, "range", flags=a.flags + [f for f in b.flags if f not in a.flags],
              why=f"from {_d(a.d0)} ({a.why}) to the end of the second, first fit on or after the start → {_d(b.d1)}")


def _shared_month_days(s: Sym, ctx: Ctx) -> Iv | None:
    """'من 5 إلى 7 تشرين الأول', 'from Oct. 5 to 7': two days sharing one month."""
    first = ground(s["date"].with_(d=s["d1"]), ctx)
    if first is None:
        return None
    try:
        last = first.d0.replace(day=s["d2"])
    except ValueError:
        return None
    if last < first.d0:
        return None
    return Iv(first.d0, last, "day", first.value, "range", flags=first.flags,
              why=f"{first.why}; days {s['d1']} to {s['d2']} of that month → {_d(first.d0)}…{_d(last)}")


def _earlier_later(s: Sym, ctx: Ctx) -> Iv | None:
    unit_iv = _unit(Sym("unit", unit=s["unit"], n=0, word=s["unit"]), ctx)
    t = ctx.today
    if s["which"] == "earlier":
        d0, d1 = unit_iv.d0, max(unit_iv.d0, t - timedelta(days=1))
    else:
        d0, d1 = min(unit_iv.d1, t + timedelta(days=1)), unit_iv.d1
    return Iv(d0, d1, unit_iv.grain, unit_iv.value, "range",
              why=f"anchor {_short(t)}; {s['which']} this {s['unit']} → {_d(d0)}…{_d(d1)}")


def _pod_times(d: date, pod: str, tz) -> tuple[datetime, datetime]:
    h0, h1 = POD_HOURS[pod]
    start = datetime.combine(d, time(h0), tz)
    end = datetime.combine(d, time(0), tz) + timedelta(hours=h1)
    return start, end


def _pod(s: Sym, ctx: Ctx) -> Iv | None:
    base = ground(s["base"], ctx) if s.get("base") is not None else day_iv(ctx.today, f"anchor {_short(ctx.today)}; no day named: the anchor day")
    if base is None:
        return None
    pod = s["pod"]
    t0, t1 = _pod_times(base.d0, pod, ctx.anchor.tzinfo)
    flags = list(base.flags) + (["ambiguous"] if s.get("ambiguous") else [])
    return Iv(base.d0, base.d0, "part_of_day", _d(base.d0) + POD_TIMEX[pod], "point", t0, t1, flags,
              why=f"{base.why}; {pod} of that day" + ("; 'ليلة' + weekday may mean its eve: taken as that day's evening" if s.get("ambiguous") else ""))


def _night(s: Sym, ctx: Ctx) -> Iv | None:
    second = ground(s["second"], ctx)
    if second is None:
        return None
    wd1 = s["wd1"]
    d1 = second.d0 - timedelta(days=(second.d0.weekday() - wd1) % 7 or 7)
    tz = ctx.anchor.tzinfo
    t0 = datetime.combine(d1, time(18), tz)
    t1 = datetime.combine(second.d0, time(6), tz)
    return Iv(d1, second.d0, "part_of_day", _d(d1) + "TNI", "range", t0, t1, list(second.flags),
              why=f"{second.why}; the night before it starts {_short(d1)} 18:00 and ends {_d(second.d0)} 06:00",
              edtf=f"{_d(d1)}/{_d(second.d0)}")


def _clock(s: Sym, ctx: Ctx) -> Iv | None:
    h, mi = s["h"], s.get("mi", 0)
    pod = s.get("pod")
    if pod in ("evening", "night", "afternoon") and h < 12:
        if not (pod == "night" and h <= 4):
            h += 12
    if pod in ("morning", "dawn") and h == 12:
        h = 0
    if not (0 <= h <= 24 and 0 <= mi < 60):
        return None
    base = ground(s["base"], ctx) if s.get("base") is not None else None
    day = base.d0 if base else ctx.today
    why = base.why if base else f"anchor {_short(ctx.today)}; no day named: the anchor day"
    zone = s.get("tz")
    tz = ctx.anchor.tzinfo
    if zone:
        src = ZONES.get(zone.lower())
        if src is None:
            try:
                src = ZoneInfo(zone)
            except Exception:
                src = None
        if src is not None:
            stamp = (datetime.combine(day, time(0), src) + timedelta(hours=h, minutes=mi)).astimezone(tz)
            return Iv(stamp.date(), stamp.date(), "time", stamp.strftime("%Y-%m-%dT%H:%M"), "point", stamp, stamp, list(base.flags) if base else [],
                      why=f"{why}; {h:02d}:{mi:02d} {zone} is {stamp.strftime('%H:%M')} at the anchor's offset → {_d(stamp.date())}")
    stamp = datetime.combine(day, time(0), tz) + timedelta(hours=h, minutes=mi)
    return Iv(day, day, "time", f"{_d(day)}T{h % 24:02d}:{mi:02d}", "point", stamp, stamp, list(base.flags) if base else [],
              why=f"{why}; at {h:02d}:{mi:02d}")


def _hijri_pick(m: int, d: int | None, mod: str | None, yrel: int | None, ctx: Ctx) -> tuple[int, str]:
    """Hijri year for a Hijri month (d None) or day without a year: rule 7 in the Hijri calendar."""
    base = ctx.ref or ctx.today
    hy, hm, hd = greg_to_hijri(base)
    if yrel is not None:
        gy = ctx.today.year + yrel
        for y in (hy - 2 + k for k in range(5)):
            try:
                start = hijri_to_greg(y, m, d or 1)
            except Unresolvable:
                continue
            if start.year == gy:
                return y, f"the one that falls in {gy}"
        raise Unresolvable("no such Hijri month in that year")
    here = (hm, hd if d is not None else 0)
    there = (m, d if d is not None else 0)
    if ctx.ref is not None and mod is None:
        return (hy if there >= here else hy + 1), "first on or after the start"
    if mod == "last":
        return (hy if there < here else hy - 1), "strictly before the anchor (Hijri calendar)"
    if mod == "next":
        return (hy if there > here else hy + 1), "strictly after the anchor (Hijri calendar)"
    if ctx.future:
        return (hy if there >= here else hy + 1), "the clause looks ahead: on or after the anchor (Hijri calendar)"
    return (hy if there <= here else hy - 1), "most recent on or before the anchor (Hijri calendar)"


def _hdate(s: Sym, ctx: Ctx) -> Iv:
    m, d = s["m"], s["d"]
    y = s.get("y")
    how = "explicit Hijri year"
    if y is None:
        y, how = _hijri_pick(m, d, s.get("mod"), s.get("yrel"), ctx)
    g = hijri_to_greg(y, m, d)
    return day_iv(g, f"{d}/{m}/{y} AH (Umm al-Qura; {how}) → {_d(g)}")


def _hmonth(s: Sym, ctx: Ctx) -> Iv:
    m = s["m"]
    y = s.get("y")
    how = "explicit Hijri year"
    if y is None:
        y, how = _hijri_pick(m, None, s.get("mod"), s.get("yrel"), ctx)
    d0, d1 = hijri_month_range(y, m)
    iv = Iv(d0, d1, "month", f"{_d(d0)}/{_d(d1)}", "range",
            why=f"Hijri month {m} of {y} AH (Umm al-Qura; {how}) → {_d(d0)}…{_d(d1)}")
    if s.get("y") is None and d0 > ctx.today and ctx.future:
        iv.flags = ["lookahead"]
    return iv


def _hyear(s: Sym, ctx: Ctx) -> Iv:
    y = s["y"]
    d0 = hijri_to_greg(y, 1, 1)
    d1 = hijri_to_greg(y + 1, 1, 1) - timedelta(days=1) if y < 1500 else hijri_month_range(y, 12)[1]
    return Iv(d0, d1, "year", f"{_d(d0)}/{_d(d1)}", "range", why=f"Hijri year {y} AH (Umm al-Qura) → {_d(d0)}…{_d(d1)}")


def _holiday(s: Sym, ctx: Ctx) -> Iv:
    cal, m, d = s["cal"], s["m"], s["d"]
    offset = s.get("offset", 0)
    name = s.get("name", "")
    if cal == "hijri":
        if s.get("y") is not None:
            y, how = s["y"], "explicit Hijri year"
        else:
            y, how = _hijri_pick(m, d, s.get("mod"), s.get("yrel"), ctx)
        g = hijri_to_greg(y, m, d)
        how = f"{d}/{m}/{y} AH ({how})"
    else:
        if s.get("y") is not None:
            y, how = s["y"], "explicit year"
        elif s.get("yrel") is not None:
            y, how = ctx.today.year + s["yrel"], "relative year"
        else:
            y, how = _pick_year_for_day(m, d, s.get("mod"), ctx)
        g = date(y, m, d)
    if offset == -1:  # last day of Eid: Fitr lasts 3 days, Adha 4
        offset = 2 if (cal, m) == ("hijri", 10) else 3
    g = g + timedelta(days=offset)
    iv = day_iv(g, f"anchor {_short(ctx.today)}; '{name}' is {how}" + (f", day {offset + 1} of it" if offset else "") + f" → {_d(g)}")
    if s.get("y") is None and s.get("mod") is None and g > ctx.today and ctx.future:
        iv.flags = ["lookahead"]
    return iv


def _decade(s: Sym, ctx: Ctx) -> Iv:
    y0 = s["start"]
    return Iv(date(y0, 1, 1), date(y0 + 9, 12, 31), "decade", f"{y0 // 10:03d}", "range",
              why=f"the decade {y0}s → {y0}-01-01…{y0 + 9}-12-31", edtf=f"{y0 // 10:03d}X")


def _century(s: Sym, ctx: Ctx) -> Iv:
    c = s["c"]  # 20 for the twentieth century, taken as 1900-1999
    y0 = (c - 1) * 100
    return Iv(date(max(y0, 1), 1, 1), date(y0 + 99, 12, 31), "century", f"{c - 1:02d}", "range",
              why=f"century {c} → {y0}…{y0 + 99}", edtf=f"{c - 1:02d}XX")


def _anaphor(s: Sym, ctx: Ctx) -> Iv | None:
    prev = ctx.prev
    if prev is None:
        return None
    kind = s["kind"]
    tag = f"previous dated mention {_d(prev.d0)}…{_d(prev.d1)}"
    if kind == "since":
        t = ctx.today
        return Iv(prev.d0, max(t, prev.d0), prev.grain, prev.value, "open", why=f"{tag}; from its start to the anchor day")
    if kind == "same":
        unit = s.get("unit", "day")
        if unit == "day":
            return day_iv(prev.d0, f"{tag}; the same day")
        if unit == "year":
            return year_iv(prev.d0.year, f"{tag}; the same year → {prev.d0.year}")
        if unit == "month":
            return month_iv(prev.d0.year, prev.d0.month, f"{tag}; the same month")
        if unit == "week":
            return week_iv(prev.d0, f"{tag}; the same week")
    if kind == "shift":
        n, unit = s["n"], s.get("unit", "day")
        ref = prev.d0 if n < 0 or prev.grain in ("part_of_day", "time", "day") else prev.d1
        if unit == "day":
            d = ref + timedelta(days=n)
            return day_iv(d, f"{tag}; {n:+d} day(s) → {_d(d)}")
        if unit == "hour":
            return day_iv(ref, f"{tag}; hours later, same day")
        if unit == "week":
            return week_iv(ref + timedelta(weeks=n), f"{tag}; ISO week {n:+d}")
        if unit == "month":
            y, m = add_months(ref.year, ref.month, n)
            return month_iv(y, m, f"{tag}; month {n:+d} → {y}-{m:02d}")
        if unit == "year":
            return year_iv(ref.year + n, f"{tag}; year {n:+d} → {ref.year + n}")
    raise Unresolvable(kind)


def _with_pod(s: Sym, ctx: Ctx) -> Iv | None:
    """A day-level value read with a part of the day: 'صباح اليوم التالي'."""
    base = ground(s["base"], ctx)
    if base is None:
        return None
    pod = s["pod"]
    t0, t1 = _pod_times(base.d0, pod, ctx.anchor.tzinfo)
    return Iv(base.d0, base.d0, "part_of_day", _d(base.d0) + POD_TIMEX[pod], "point", t0, t1, base.flags, why=f"{base.why}; {pod}")


def _flagged(s: Sym, ctx: Ctx) -> Iv | None:
    iv = ground(s["base"], ctx)
    if iv is not None:
        iv.flags = iv.flags + [f for f in s["flags"] if f not in iv.flags]
    return iv


def _quarter_of(s: Sym, ctx: Ctx) -> Iv | None:
    year = ground(s["year"], ctx)
    if year is None:
        return None
    y, q = year.d0.year, s["q"]
    return Iv(date(y, 3 * q - 2, 1), month_end(y, 3 * q), "quarter", f"{y}-Q{q}", "range",
              why=f"quarter {q} of {y} → {y}-{3 * q - 2:02d}-01…{_d(month_end(y, 3 * q))}")


def _date_relmonth(s: Sym, ctx: Ctx) -> Iv:
    y, m = add_months(ctx.today.year, ctx.today.month, s["n"])
    d = date(y, m, s["d"])
    return day_iv(d, f"anchor {_short(ctx.today)}; day {s['d']} of calendar month {s['n']:+d} → {_d(d)}")


def _half_of(s: Sym, ctx: Ctx) -> Iv | None:
    year = ground(s["year"], ctx)
    if year is None:
        return None
    y, h = year.d0.year, s["h"]
    m0 = 1 if h == 1 else 7
    return Iv(date(y, m0, 1), month_end(y, m0 + 5), "quarter", f"{y}-H{h}", "range",
              why=f"half {h} of {y} → {y}-{m0:02d}-01…{_d(month_end(y, m0 + 5))}")


def _weekend(s: Sym, ctx: Ctx) -> Iv:
    """Saturday and Sunday: of the ISO week n away, or (n None) the latest on or before the anchor day."""
    n = s.get("n")
    first = s.get("first", 5)  # Saturday; Arabic (Syrian) sources rest Friday–Saturday: first=4
    t = ctx.today
    if n is None:
        sat = on_or_after(t, first) if (ctx.future and t.weekday() < first) else on_or_before(t, first)
        how = "the weekend of rule 3 (latest on or before the anchor day, or the next when the clause looks ahead)"
    else:
        sat = week_of(t + timedelta(weeks=n))[0] + timedelta(days=first)
        how = f"the weekend of ISO week {n:+d}"
    y, w, _ = sat.isocalendar()
    return Iv(sat, sat + timedelta(days=1), "day", f"{y}-W{w:02d}-WE", "range", why=f"anchor {_short(t)}; {how} → {_d(sat)}…{_d(sat + timedelta(days=1))}")


def _half_month(s: Sym, ctx: Ctx) -> Iv | None:
    base = ground(s["base"], ctx)
    if base is None:
        return None
    d0, d1 = (base.d0, base.d0 + timedelta(days=14)) if s["h"] == 1 else (base.d0 + timedelta(days=15), base.d1)
    return Iv(d0, d1, base.grain, base.value, "range", flags=base.flags, why=f"{base.why}; its {'first' if s['h'] == 1 else 'second'} half → {_d(d0)}…{_d(d1)}")


def _week_of_month(s: Sym, ctx: Ctx) -> Iv | None:
    base = ground(s["base"], ctx)
    if base is None:
        return None
    k = s["k"]
    if k == -1:
        d1 = base.d1
        d0 = d1 - timedelta(days=6)
    else:
        d0 = base.d0 + timedelta(days=7 * (k - 1))
        d1 = min(base.d1, d0 + timedelta(days=6))
    if d0 > base.d1:
        return None
    return Iv(d0, d1, "day", base.value, "range", flags=base.flags, why=f"{base.why}; week {k if k > 0 else 'last'} of it → {_d(d0)}…{_d(d1)}")


def _after(s: Sym, ctx: Ctx) -> Iv | None:
    """'بعد يومين', 'in two weeks': from the anchor when the clause looks ahead; in a narrative of
    the past, from the previous dated mention (like 'two days later'); otherwise no date."""
    n, unit = s["n"], s["unit"]
    if ctx.future:
        t = ctx.today
        if unit == "day":
            d = t + timedelta(days=n)
            return day_iv(d, f"anchor {_short(t)}; {n} days ahead → {_d(d)}")
        if unit == "hour":
            d = (ctx.anchor + timedelta(hours=n)).date()
            return day_iv(d, f"anchor {ctx.anchor.isoformat()}; {n} hours ahead → {_d(d)}")
        if unit == "week":
            return week_iv(t + timedelta(weeks=n), f"anchor {_short(t)}; the ISO week {n} after the anchor's")
        if unit == "month":
            y, m = add_months(t.year, t.month, n)
            return month_iv(y, m, f"anchor {_short(t)}; the calendar month {n} after the anchor's → {y}-{m:02d}")
        if unit == "year":
            return year_iv(t.year + n, f"anchor {_short(t)}; the calendar year {n} after the anchor's → {t.year + n}")
        return None
    if s.get("only_future") or ctx.prev is None:
        return None
    return _anaphor(Sym("anaphor", kind="shift", n=n, unit=unit), ctx)


def _month_prev_year(s: Sym, ctx: Ctx) -> Iv | None:
    """'كانون الثاني من العام التالي', 'January of the following year': the year of the previous dated
    mention, shifted by k; without one, the month reads as a bare month (rule 7)."""
    if ctx.prev is None:
        return _month(Sym("month", m=s["m"]), ctx)
    y = ctx.prev.d0.year + s["k"]
    return month_iv(y, s["m"], f"previous dated mention in {ctx.prev.d0.year}; year {s['k']:+d} → {y}-{s['m']:02d}")


OPS = {
    "month_prev_year": _month_prev_year,
    "after": _after,
    "week_of_month": _week_of_month,
    "half_month": _half_month,
    "half_of": _half_of, "weekend": _weekend,
    "date_relmonth": _date_relmonth,
    "quarter_of": _quarter_of,
    "relday": _relday, "weekday": _weekday, "relday_wd": _relday_wd, "date": _date, "date_wd": _date_wd,
    "month": _month, "year": _year, "unit": _unit, "ago": _ago, "pastn": _pastn, "part": _part,
    "since": _since, "until": _until, "between": _between, "month_days": _shared_month_days,
    "earlier_later": _earlier_later, "pod": _pod, "night": _night, "clock": _clock,
    "hdate": _hdate, "hmonth": _hmonth, "hyear": _hyear, "holiday": _holiday, "decade": _decade,
    "century": _century, "anaphor": _anaphor, "with_pod": _with_pod, "flagged": _flagged,
}


def edtf_of(iv: Iv) -> str:
    if iv.edtf and iv.kind != "open":
        return iv.edtf
    if iv.kind == "open" or iv.d0 != iv.d1:
        return f"{_d(iv.d0)}/{_d(iv.d1)}"
    return _d(iv.d0)


__all__ = ["Ctx", "Iv", "ground", "edtf_of"]
