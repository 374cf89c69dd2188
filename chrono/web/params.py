"""Query parameters: parsed and checked in one place; anything wrong is a 400 problem that says what.

`timeline_params(args)` reads the parameters shared by `GET /timeline`, the region page and the
exports. Region and place names stay strings here; `chrono.web.region_lookup` turns them into regions.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from chrono.web.problems import Problem

GRAINS = ("time", "part_of_day", "day", "week", "month", "quarter", "year", "decade", "century")
ORDERS = ("asc", "desc")
LANGS = ("ar", "en")
TIMELINE_FORMATS = ("json", "csv", "timelinejs", "ics")
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_TEXT = 200
DATE_MIN, DATE_MAX = date(1, 1, 1), date(9999, 12, 31)

TIMELINE_NAMES = ("region", "from", "to", "q", "lang", "place", "min_sources", "precision", "order", "limit",
                  "cursor", "format")


def bad(param: str, detail: str, **extra) -> Problem:
    return Problem(400, "Bad request parameter", f"{param}: {detail}", parameter=param, **extra)


def check_names(args, allowed) -> None:
    """Unknown parameter names are refused (a typo must not silently widen a query); names starting
    with `_` are left to caches and cache-busters."""
    unknown = sorted(k for k in args.keys() if k not in allowed and not k.startswith("_"))
    if unknown:
        raise Problem(400, "Unknown request parameter",
                      f"unknown parameter(s): {', '.join(unknown[:5])}; allowed: {', '.join(allowed)}",
                      parameter=unknown[0], allowed=list(allowed))
    for name in allowed:
        if len(args.getlist(name)) > 1:
            raise bad(name, "given more than once")


def text(args, name: str, *, max_len: int = MAX_TEXT) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if "\x00" in value:
        raise bad(name, "contains a NUL character")
    value = value.strip()
    if not value:
        return None
    if len(value) > max_len:
        raise bad(name, f"longer than {max_len} characters")
    return value


def choice(args, name: str, options, default=None):
    value = text(args, name)
    if value is None:
        return default
    value = value.lower()
    if value not in options:
        raise bad(name, f"{value[:40]!r} is not one of {', '.join(options)}")
    return value


def integer(args, name: str, lo: int, hi: int, default=None):
    value = text(args, name)
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise bad(name, f"{value[:40]!r} is not a whole number")
    number = int(value)
    if not lo <= number <= hi:
        raise bad(name, f"{number} is out of range ({lo}–{hi})")
    return number


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def iso_date(args, name: str, *, end: bool) -> date | None:
    """YYYY-MM-DD, or YYYY-MM / YYYY for a whole month / year (its first day for `from`, last for `to`)."""
    value = text(args, name, max_len=40)
    if value is None:
        return None
    m = _ISO.fullmatch(value)
    if not m:
        raise bad(name, f"{value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day is not None:
            return date(year, int(month), int(day))
        if month is not None:
            mo = int(month)
            return date(year, mo, calendar.monthrange(year, mo)[1] if end else 1)
        return date(year, 12, 31) if end else date(year, 1, 1)
    except ValueError:
        raise bad(name, f"{value!r} is not a valid date") from None


@dataclass(frozen=True)
class Cursor:
    order: str
    date_from: date
    event_id: int

    def encode(self) -> str:
        raw = json.dumps({"o": self.order, "d": self.date_from.isoformat(), "i": self.event_id}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(value: str, order: str) -> Cursor:
    try:
        padded = value + "=" * (-len(value) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        cursor = Cursor(raw["o"], date.fromisoformat(raw["d"]), int(raw["i"]))
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError, AttributeError):
        raise bad("cursor", "not a cursor this API gave out (take `next` from a previous page)") from None
    if cursor.order not in ORDERS or not 0 < cursor.event_id < 2**63:
        raise bad("cursor", "not a cursor this API gave out")
    if cursor.order != order:
        raise bad("cursor", f"this cursor pages in {cursor.order!r} order, the request asks for {order!r}")
    return cursor


@dataclass(frozen=True)
class TimelineParams:
    region: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    lang: str | None = None
    place: str | None = None
    min_sources: int | None = None
    precision: str | None = None
    order: str = "asc"
    limit: int = DEFAULT_LIMIT
    cursor: Cursor | None = None
    format: str = "json"
    extra: dict = field(default_factory=dict)

    def query_args(self, **override) -> dict[str, str]:
        """The parameters as they would be written in a URL (for links to pages and formats)."""
        p = replace(self, **{k: v for k, v in override.items() if k != "cursor_token"})
        args = {
            "region": p.region, "from": p.date_from and p.date_from.isoformat(),
            "to": p.date_to and p.date_to.isoformat(), "q": p.q, "lang": p.lang, "place": p.place,
            "min_sources": p.min_sources, "precision": p.precision,
            "order": p.order if p.order != "asc" else None,
            "limit": p.limit if p.limit != DEFAULT_LIMIT else None,
            "cursor": override.get("cursor_token"),
            "format": p.format if p.format != "json" else None,
        }
        return {k: str(v) for k, v in args.items() if v is not None}


def timeline_params(args, *, allowed=TIMELINE_NAMES, formats=TIMELINE_FORMATS, region: str | None = None,
                    max_limit: int = MAX_LIMIT, lang_filters: bool = True) -> TimelineParams:
    """`lang_filters=False` for pages, where `lang` is the interface language, not a filter."""
    check_names(args, allowed)
    order = choice(args, "order", ORDERS, "asc")
    date_from = iso_date(args, "from", end=False)
    date_to = iso_date(args, "to", end=True)
    if date_from and date_to and date_from > date_to:
        raise bad("from", f"from ({date_from}) is after to ({date_to})", parameter2="to")
    cursor_text = text(args, "cursor", max_len=400)
    return TimelineParams(
        region=region if region is not None else text(args, "region"),
        date_from=date_from,
        date_to=date_to,
        q=text(args, "q"),
        lang=choice(args, "lang", LANGS) if lang_filters and "lang" in allowed else None,
        place=text(args, "place"),
        min_sources=integer(args, "min_sources", 1, 1000),
        precision=choice(args, "precision", GRAINS),
        order=order,
        limit=integer(args, "limit", 1, max_limit, DEFAULT_LIMIT),
        cursor=decode_cursor(cursor_text, order) if cursor_text else None,
        format=choice(args, "format", formats, formats[0]) if "format" in allowed else formats[0],
    )


def anchor_param(value: str | None, name: str = "anchor") -> datetime:
    """An ISO 8601 timestamp with its UTC offset (the resolver never guesses "now")."""
    if value is None or not str(value).strip():
        raise bad(name, "required: the publication time the text is resolved against, e.g. 2022-10-08T17:41:00+03:00")
    value = str(value).strip()
    if len(value) > 40:
        raise bad(name, "too long for a timestamp")
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad(name, f"{value!r} is not an ISO 8601 timestamp") from None
    if stamp.tzinfo is None:
        raise bad(name, f"{value!r} has no UTC offset (write e.g. +03:00)")
    return stamp
