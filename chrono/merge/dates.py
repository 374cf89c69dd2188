"""Can two reports' dates be the same happening's?

Dates are inclusive day ranges with a grain. Two dates are compatible when they overlap or touch (one
day apart: sources in different time zones, or one counting from the previous evening), when the
wider one is at most a month (a day inside a week or a month is compatible, a day inside a year is
not: too vague to say), or when both are the same open interval ("since 2014"). A date that is only
the publication day (flag `publication_date`) is compatible with an explicit date that ends at most
`PUBLICATION_LAG` days before it: reports come out after the fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PUBLICATION_FLAGS = frozenset({"publication_date", "publication_day", "pubdate", "anchor_date"})
OPEN_FLAGS = frozenset({"open"})
PUBLICATION_LAG = 2   # days a report may come out after the happening it dates by its publication day
TOUCH = 1             # days between two explicit dates that still count as touching
WIDEST = 31           # days: the widest date that may take in a narrower one


@dataclass(frozen=True, slots=True)
class When:
    date_from: date
    date_to: date
    grain: str = "day"
    publication_day: bool = False  # the date is the publication day, not a date the text gives
    open: bool = False             # "since …": the end is only the publication day

    @property
    def width(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @classmethod
    def of(cls, date_from, date_to, grain="day", flags=(), edtf: str | None = None) -> "When":
        f = date.fromisoformat(date_from) if isinstance(date_from, str) else date_from
        t = date.fromisoformat(date_to) if isinstance(date_to, str) else (date_to or f)
        flags = set(flags or ())
        is_open = bool(flags & OPEN_FLAGS) or bool(edtf and edtf.endswith(".."))
        return cls(f, t, grain or "day", bool(flags & PUBLICATION_FLAGS), is_open)


@dataclass(frozen=True, slots=True)
class DateMatch:
    compatible: bool
    score: float     # 1 the same day … lower as the dates get vaguer or further apart
    relation: str
    exact: bool = False   # the same day or range (a publication day equal to the given day included)
    touch: bool = False   # one day apart, or published one or two days after the given date


def compare(a: When, b: When) -> DateMatch:
    if a.open or b.open:
        if a.open and b.open and a.date_from == b.date_from:
            return DateMatch(True, 0.6, "same open interval", exact=True)
        return DateMatch(False, 0.0, "open interval against a bounded date")
    if a.publication_day or b.publication_day:
        return _with_publication_day(a, b)
    gap = (max(a.date_from, b.date_from) - min(a.date_to, b.date_to)).days
    if gap > TOUCH:
        return DateMatch(False, 0.0, f"{gap} days apart")
    if (a.date_from, a.date_to) == (b.date_from, b.date_to):
        if a.width == 1:
            return DateMatch(True, 1.0, "same day", exact=True)
        if a.width <= 2:
            return DateMatch(True, 0.9, "same two days", exact=True)
        return DateMatch(True, 0.7 if a.width <= WIDEST else 0.5, f"same {a.grain}", exact=True)
    wider = max(a.width, b.width)
    if wider > WIDEST:
        return DateMatch(False, 0.0, f"a {max(a, b, key=lambda w: w.width).grain} is too vague to match a narrower date")
    if gap == TOUCH:
        return DateMatch(True, 0.5, "consecutive days", touch=True)
    inside = _contains(a, b) or _contains(b, a)
    if inside:
        if wider <= 2:
            return DateMatch(True, 0.8, "a day inside a night or two-day range")
        return DateMatch(True, 0.6 if wider <= 7 else 0.4, f"a date inside a {'week' if wider <= 7 else 'month'}")
    return DateMatch(True, 0.6, "overlapping ranges")


def _contains(outer: When, inner: When) -> bool:
    return outer.date_from <= inner.date_from and inner.date_to <= outer.date_to


def _with_publication_day(a: When, b: When) -> DateMatch:
    if a.publication_day and b.publication_day:
        days = abs((a.date_from - b.date_from).days)
        if days <= TOUCH:
            return DateMatch(True, 0.6 if days == 0 else 0.4, "publication days" + (" (same day)" if not days else " a day apart"),
                             exact=days == 0, touch=days == 1)
        return DateMatch(False, 0.0, f"publication days {days} days apart")
    pub, given = (a, b) if a.publication_day else (b, a)
    if given.width > 7:
        return DateMatch(False, 0.0, "publication day against a vague date")
    lag = (pub.date_from - given.date_to).days
    if -TOUCH <= lag <= PUBLICATION_LAG or given.date_from <= pub.date_from <= given.date_to:
        return DateMatch(True, 0.7 if lag <= 0 else 0.5, f"published {max(lag, 0)} day(s) after the given date",
                         exact=lag <= 0 and given.width == 1, touch=lag > 0)
    return DateMatch(False, 0.0, f"published {lag} days after the given date")
