"""From a stored raw article to its title, body, language and anchor (the publication time).

The anchor, in order of trust:
1. `given`: the caller said so (`chrono ingest FILE --published …`);
2. `feed` / `page` / `record`: the feed entry, the page's metadata, the JSON record;
3. `dateline`: printed near the top of the text (see dateline.py);
4. the source's policy: `fetched` (the first fetch time, flagged) or `pending` (the article waits).
A time without an offset takes the source's time zone; a time with one is read in the source's zone
too (the same instant; a feed's GMT stamp for a Damascus outlet falls on a Damascus day). A page that gives only a day takes the
dateline's time when the dateline names the same day, else local midnight.
"""

from __future__ import annotations

import email.utils
import json
from dataclasses import dataclass
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from chrono.ingest import dateline, limits, text

LANGS = ("ar", "en")


class BadArticle(ValueError):
    """The raw article cannot be read; the message says what is wrong."""


class Pending(Exception):
    """No publication time and the source says to wait for one."""


@dataclass(frozen=True)
class Prepared:
    title: str | None
    body: str
    lang: str | None
    anchor: datetime
    published_from: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extracted:
    title: str | None
    text: str
    published: datetime | None
    published_from: str | None
    lang: str | None
    day_only: bool = False


def prepare(raw: str, raw_format: str, *, zone: ZoneInfo, lang: str = "auto", on_missing: str = "fetched",
            given: datetime | None = None, fetched_at: datetime | None = None) -> Prepared:
    ex = extract(raw, raw_format, zone)
    line = dateline.find(ex.text, zone)
    cleaned = text.clean(ex.text, title=ex.title, drop=line.span if line else None,
                         take_headline=raw_format == "text")
    if len(cleaned.body) > limits.MAX_BODY_CHARS:
        raise BadArticle(f"the article text is {len(cleaned.body):,} characters, over the limit of "
                         f"{limits.MAX_BODY_CHARS:,} (CHRONO_MAX_ARTICLE_CHARS); it is kept raw, unprocessed")
    flags: tuple[str, ...] = ()
    if given is not None:
        anchor, source_of = _aware(given, zone).astimezone(zone), "given"
    elif ex.published is not None and not (ex.day_only and line and line.has_time
                                           and line.when.date() == ex.published.date()):
        anchor, source_of = ex.published.astimezone(zone), ex.published_from
    elif line is not None:
        anchor, source_of = line.when.astimezone(zone), "dateline"
    elif on_missing == "fetched" and fetched_at is not None:
        anchor, source_of, flags = fetched_at.astimezone(zone), "fetched", ("anchor_fetched",)
    else:
        raise Pending("no publication time in the article and the source waits for one "
                      "(give it with --published, or set on_missing_published = \"fetched\")")
    if lang not in LANGS:
        lang = ex.lang if ex.lang in LANGS else text.detect_lang(cleaned.body)
    return Prepared(limits.storable(cleaned.title), limits.storable(cleaned.body), lang, anchor, source_of, flags)


def extract(raw: str, raw_format: str, zone: ZoneInfo) -> Extracted:
    if raw_format == "text":
        return Extracted(None, raw, None, None, None)
    if raw_format == "html":
        return _from_html(raw, zone, "page")
    if raw_format != "record":
        raise BadArticle(f"unknown raw format {raw_format!r}")
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadArticle(f"not valid JSON: {exc}") from None
    if not isinstance(record, dict):
        raise BadArticle("a record must be a JSON object")
    origin = "feed" if record.get("published_from") == "feed" else "record"
    published = parse_time(record.get("published"), zone) if record.get("published") not in (None, "") else None
    lang = record.get("lang") if record.get("lang") in LANGS else None
    title = record.get("title") if isinstance(record.get("title"), str) else None
    if isinstance(record.get("html"), str) and not record.get("text"):
        page = _from_html(record["html"], zone, "page")
        if published is None:
            return Extracted(title or page.title, page.text, page.published, page.published_from, lang, page.day_only)
        return Extracted(title or page.title, page.text, published, origin, lang)
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise BadArticle('the record has no "text"')
    return Extracted(title, body, published, origin if published else None, lang)


def _from_html(html: str, zone: ZoneInfo, origin: str) -> Extracted:
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True,
                               deduplicate=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None else None
    published, day_only = _page_date(html, zone)
    if not body.strip():
        raise BadArticle("no article text found in the HTML page")
    return Extracted(title, body, published, origin if published else None, None, day_only)


def _page_date(html: str, zone: ZoneInfo) -> tuple[datetime | None, bool]:
    import htmldate

    found = htmldate.find_date(html, original_date=True, extensive_search=False,
                               outputformat="%Y-%m-%dT%H:%M:%S%z")
    if not found:
        return None, False
    when = datetime.fromisoformat(found)
    day_only = when.tzinfo is None and when.time() == time(0, 0)
    return _aware(when, zone), day_only


def parse_time(value, zone: ZoneInfo) -> datetime:
    """An ISO 8601, RFC 822 or dateline-style time; naive times take `zone`."""
    when = _parse_time(value, zone)
    try:  # 0001-01-01T00:00+14:00 parses but is no instant Python can move between zones
        when.astimezone(timezone.utc)
        when.astimezone(zone)
    except OverflowError:
        raise BadArticle(f"published {value!r} is out of the range of dates (years 1–9999)") from None
    return when


def _parse_time(value, zone: ZoneInfo) -> datetime:
    if not isinstance(value, str):
        raise BadArticle(f"published {value!r} is not a time")
    s = value.strip()
    try:
        return _aware(datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s), zone)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(s)
        if parsed is not None:
            return _aware(parsed, zone)
    except (TypeError, ValueError, IndexError):
        pass
    line = dateline.find(s, zone)
    if line is not None:
        return line.when
    raise BadArticle(f"published {value!r} is not a time (expected ISO 8601, e.g. 2022-10-08T17:41:00+03:00)")


def _aware(when: datetime, zone: ZoneInfo) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=zone)
