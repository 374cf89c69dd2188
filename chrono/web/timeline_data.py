"""The data behind every view, built once: the JSON API returns it as is, exports and pages render it.

Each function takes a connection (dict rows) and checked parameters and returns a `View`: the data
as plain JSON values plus when it last changed (for Last-Modified). Links are path-absolute URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from urllib.parse import quote, urlencode

from psycopg import sql

from chrono.store.queries import Q
from chrono.web import labels, region_cache, region_lookup
from chrono.web.kept import Kept
from chrono.web.jsonenc import loads as json_loads
from chrono.web.params import GRAINS, Cursor, TimelineParams
from chrono.web.problems import Problem
from chrono.web.search_text import like_pattern, normalize_query, query_words

REGION_LEVELS = ("country", "governorate", "district", "subdistrict", "place")


@dataclass
class View:
    data: dict
    last_modified: datetime | None = None


def iso(value):
    if isinstance(value, datetime):
        return _iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@lru_cache(maxsize=65536)
def _iso_datetime(value: datetime) -> str:
    # remembered: converting to the display time zone is the slow part, and pages repeat their times
    return value.astimezone(labels.DISPLAY_TZ).isoformat()


def _latest(*stamps) -> datetime | None:
    found = [s for s in stamps if isinstance(s, datetime)]
    return max(found) if found else None


def url(path: str, args: dict | None = None) -> str:
    args = {k: v for k, v in (args or {}).items() if v is not None}
    return path + ("?" + urlencode(args) if args else "")


def region_url(slug: str) -> str:
    return f"/regions/{quote(slug)}"


def _region_brief(row) -> dict:
    return {"pcode": row["pcode"], "slug": row["slug"], "level": row["level"],
            "name_en": row["name_en"], "name_ar": row["name_ar"]}


# --- events ---------------------------------------------------------------------------------------

def _report(r: dict) -> dict:
    published = r["published_at"]
    r["published_at"] = _timestamp(published) if published is not None else None
    return r


def _timestamp(text: str) -> datetime:
    # JSON from PostgreSQL writes a timestamptz as 2022-10-08T17:41:00+03:00, with 0 to 6 decimals
    head, sep, rest = text.partition(".")
    if sep:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        rest = rest[:digits].ljust(6, "0")[:6] + rest[digits:]
        text = head + "." + rest
    return datetime.fromisoformat(text)


def _events(conn, rows) -> tuple[list[dict], datetime | None]:
    """Event rows (the columns of event_by_id) as the API shows them, and when the newest last changed."""
    events, last_modified, _ = _events_seen(conn, rows)
    return events, last_modified


class BuiltEvent(dict):
    """An event as `event_json` builds it, shared by the requests that show it unchanged: read it, never
    change it. `key` says everything it was built from (the same key, the same event)."""

    __slots__ = ("key",)


def _built_event(key: tuple, event: dict) -> BuiltEvent:
    built = BuiltEvent({k: _untracked(v) for k, v in event.items()})
    built.key = key
    return built


# Events already built, by the rows and details they were built from. While an ingest writes, every write
# renews the data version and whole answers are built again (answer_cache.py), but most events of a
# timeline are the ones it showed before: their rows and details are read again (that is how a change is
# seen), and only the events whose data differs are built again.
_built = Kept(8192)


def _untracked(value):
    """The same JSON value with tuples for lists: kept for long, dicts and tuples of plain values are left
    out of the cyclic collector's runs (lists never are), and a run over thousands of kept events stalls
    every thread of the process."""
    if isinstance(value, list):
        return tuple(_untracked(v) for v in value)
    if isinstance(value, dict):
        return {k: _untracked(v) for k, v in value.items()}
    return value


def _events_seen(conn, rows, *, shared: bool = False) -> tuple[list[dict], datetime | None, str | None]:
    """The same, and the regions version the database had (None without rows). `shared`: the events may be
    ones built earlier from the same data (BuiltEvent: read-only), for lists nothing changes afterwards."""
    if not rows:
        return [], None, None
    details = {d["id"]: d for d in conn.execute(Q.event_details, {"ids": [r["id"] for r in rows]})}
    seen = next(iter(details.values()))["regions_version"]
    regions = region_cache.at(conn, seen)
    out, stamps = [], []
    for row in rows:
        more = details[row["id"]]
        stamps.append(row["created_at"])
        stamps.append(more["reports_fetched"])
        if shared:
            key = (row["id"], row["date_from"], row["date_to"], row["time_from"], row["time_to"], row["grain"],
                   row["value"], row["edtf"], tuple(row["flags"] or ()), row["text"], row["lang"], row["created_at"],
                   more["entry"], more["reports"], tuple(more["place_pcodes"]), seen)
            found = _built.get(key)
            if found is not None:
                out.append(found)
                continue
        entry = json_loads(more["entry"]) if more["entry"] else None
        reps = [_report(r) for r in json_loads(more["reports"])] if more["reports"] else []
        own = [r for r in reps if r["event_id"] == row["id"]] if entry else reps
        event = event_json(row, reps, regions.places(more["place_pcodes"]), entry=entry, own=own)
        out.append(_built.put(key, _built_event(key, event)) if shared else event)
    return out, _latest(*stamps), seen


def event_json(row, reports, places, entry=None, own=None) -> dict:
    """`reports`: every report of the event's timeline entry (its own when it has none); `own`: the
    event's own reports, which its date label and kind come from; `places`: as `Regions.place` gives them."""
    own = reports if own is None else own
    months = labels.month_series_of(r["expression"] for r in own)
    flags = list(row["flags"] or [])
    kind = date_kind(row, own)
    label_flags = flags + ["open"] if kind == "open" and "open" not in flags else flags
    date_args = (row["date_from"], row["date_to"], row["grain"], row["value"], row["time_from"], row["time_to"],
                 label_flags)
    sources = [{
        "article_id": r["article_id"],
        "article": f"/articles/{r['article_id']}",
        "source": r["source_name"],
        "source_id": r["source_id"],
        "url": r["url"],
        "title": r["title"],
        "published_at": iso(r["published_at"]),
        "sentence": r["sentence"],
        "expression": r["expression"],
        "span": [r["span_start"], r["span_end"]] if r["span_start"] is not None else None,
        "rule": r["rule"],
        "explanation": r["explanation"],
        "flags": list(r["mention_flags"] or []),
    } for r in reports]
    return {
        "id": row["id"],
        "url": f"/events/{row['id']}",
        "date_from": iso(row["date_from"]),
        "date_to": iso(row["date_to"]),
        "time_from": iso(row["time_from"]),
        "time_to": iso(row["time_to"]),
        "kind": kind,
        "grain": row["grain"],
        "value": row["value"],
        "edtf": row["edtf"],
        "flags": flags,
        "label": labels.labels(*date_args, months=months),
        "precision": {"en": labels.precision(row["grain"], row["date_from"], row["date_to"], label_flags),
                      "ar": labels.precision(row["grain"], row["date_from"], row["date_to"], label_flags, lang="ar")},
        "text": row["text"],
        "lang": row["lang"],
        "places": places,
        "sources": sources,
        "source_count": len({r["source_id"] for r in reports}),
        "independent_sources": entry["independent_sources"] if entry else len({r["source_id"] for r in reports}),
        "entry": entry_json(entry),
        "recorded_at": iso(row["created_at"]),
    }


def entry_json(entry) -> dict | None:
    """The timeline entry an event belongs to: its members, counts, and the members' dates when they
    disagree (chrono.merge)."""
    if entry is None:
        return None
    return {"id": entry["entry_id"], "date_from": iso(entry["date_from"]), "date_to": iso(entry["date_to"]),
            "reports": entry["reports"], "sources": entry["sources"],
            "independent_sources": entry["independent_sources"], "flags": list(entry["flags"] or []),
            "member_dates": entry["member_dates"] or [], "members": list(entry["members"]),
            "lead_event_id": entry["lead_event_id"]}


def date_kind(row, reports) -> str:
    """point, range or open: the kind of the date mention behind the event (open: "since 2014", which
    runs to the publication day), else read from the days."""
    kinds = {r["mention_kind"] for r in reports if r["mention_kind"]}
    if "open" in kinds or "open" in (row["flags"] or []):
        return "open"
    return "point" if row["date_from"] == row["date_to"] else "range"


# --- the timeline ---------------------------------------------------------------------------------

def timeline(conn, p: TimelineParams, *, path: str = "/timeline") -> View:
    regions = region_cache.cached(conn)
    view, seen = _timeline(conn, p, path, regions)
    if seen != regions.version:  # the regions changed since this process read them: look the names up again
        view, _ = _timeline(conn, p, path, region_cache.at(conn, seen))
    return view


def _timeline(conn, p: TimelineParams, path: str, regions: region_cache.Regions) -> tuple[View, str]:
    """The view, and the regions version the database had (which `regions` must have for it to hold)."""
    region = region_lookup.resolve(conn, p.region, regions=regions) if p.region else None
    place = region_lookup.resolve(conn, p.place, "place", regions=regions) if p.place else None
    q = normalize_query(p.q) if p.q else None
    words = query_words(p.q) if p.q else []
    args = {
        "date_from": p.date_from, "date_to": p.date_to,
        "after_date": p.cursor.date_from if p.cursor else None, "after_id": p.cursor.event_id if p.cursor else None,
        "q_like": like_pattern(words[0]) if words else None, "q_likes": [like_pattern(w) for w in words[1:]],
        "lang": p.lang, "place": place["pcode"] if place else None,
        "grains": list(GRAINS), "max_rank": GRAINS.index(p.precision) + 1 if p.precision else None,
        "min_sources": p.min_sources, "limit": p.limit + 1,
    }
    pcodes = region_lookup.member_pcodes(conn, region, regions) if region else None
    if pcodes and len(pcodes) == 1:
        query = Q.timeline_in_region
        args["pcode"] = pcodes[0]
        if place and place["pcode"] != pcodes[0] and pcodes[0] in (place["path"] or ()):
            # A place inside the region: the events in both are read from the place's (shorter) index range,
            # and the region is checked instead (an event's event_regions rows all have its days).
            args["pcode"], args["place"] = place["pcode"], pcodes[0]
    else:
        query = Q.timeline_in_any
        args["pcodes"] = pcodes
    rows = _window_rows(conn, query, args, p)
    more = len(rows) > p.limit
    rows = rows[: p.limit]
    events, last_modified, seen = _events_seen(conn, rows, shared=True)
    seen = seen or region_cache.version(conn)
    next_cursor = Cursor(p.order, rows[-1]["date_from"], rows[-1]["id"]).encode() if more and rows else None
    links = {
        "self": url(path, p.query_args(cursor_token=_token(p))),
        "next": url(path, p.query_args(cursor_token=next_cursor)) if next_cursor else None,
        "first": url(path, p.query_args()),
    }
    for fmt in ("json", "csv", "timelinejs", "ics"):
        links[fmt] = url("/timeline", p.query_args(format=fmt, cursor_token=_token(p)))
    if region:
        page_args = p.query_args(region=None, format="json", cursor_token=_token(p))
        links["html"] = url(region_url(region["slug"]), page_args)
        links["atom"] = region_url(region["slug"]) + "/feed.atom"
    data = {
        "region": _region_brief(region) if region else None,
        "place": _region_brief(place) if place else None,
        "query": {
            "from": iso(p.date_from), "to": iso(p.date_to), "q": p.q, "q_normalized": q or None, "lang": p.lang,
            "min_sources": p.min_sources, "precision": p.precision, "order": p.order, "limit": p.limit,
        },
        "count": len(events),
        "events": events,
        "next_cursor": next_cursor,
        "links": links,
    }
    return View(data, last_modified), seen


@cache
@lru_cache(maxsize=32)
def _query(template: str, order: str, part: str = "starts_in") -> str:
    """A timeline query template (timeline_in_region, timeline_in_any) for one order and part, as SQL text."""
    direction, cmp = ("ASC", ">") if order == "asc" else ("DESC", "<")
    sort_first = f"ORDER BY 2 {direction}, 1 {direction}" if part == "running_at" else ""
    return sql.SQL(template).format(dir=sql.SQL(direction), cmp=sql.SQL(cmp),
                                    sort_first=sql.SQL(sort_first)).as_string(None)


def _window_rows(conn, query: str, args: dict, p: TimelineParams) -> list:
    """Up to limit + 1 rows in order: events already running when the window opens (all of them
    start before it), then events starting inside it. See sql/queries/timeline.sql. Not prepared: a
    generic plan cannot drop the filters whose parameters are NULL."""
    parts = ["running_at", "starts_in"] if p.date_from else ["starts_in"]
    if p.order == "desc":
        parts.reverse()
    rows: list = []
    for part in parts:
        if len(rows) < args["limit"]:
            rows += conn.execute(_query(query, p.order, part), dict(args, part=part, limit=args["limit"] - len(rows)),
                                 prepare=False).fetchall()
    return rows


def _token(p: TimelineParams) -> str | None:
    return p.cursor.encode() if p.cursor else None


# --- one event, one article -----------------------------------------------------------------------

def _int_id(value: str, what: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 18 or int(value) == 0:
        raise Problem(404, f"No such {what}", f"{what} ids are positive whole numbers; {value[:40]!r} is not one")
    return int(value)


def event(conn, event_id: str) -> View:
    eid = _int_id(event_id, "event")
    row = conn.execute(Q.event_by_id, {"id": eid}).fetchone()
    if row is None:
        raise Problem(404, "No such event", f"there is no event {eid}")
    (data,), last_modified = _events(conn, [row])
    related, _ = _events(conn, conn.execute(Q.events_related, {"id": eid}).fetchall())
    data["related"] = [{k: r[k] for k in ("id", "url", "date_from", "date_to", "text", "label")} for r in related]
    return View(data, last_modified)


def article(conn, article_id: str) -> View:
    aid = _int_id(article_id, "article")
    row = conn.execute(Q.article_by_id, {"id": aid}).fetchone()
    if row is None:
        raise Problem(404, "No such article", f"there is no article {aid}")
    mentions = [{
        "id": m["id"], "text": m["surface"], "span": [m["span_start"], m["span_end"]], "kind": m["kind"],
        "date_from": iso(m["date_from"]), "date_to": iso(m["date_to"]), "time_from": iso(m["time_from"]),
        "time_to": iso(m["time_to"]), "grain": m["grain"], "value": m["value"], "edtf": m["edtf"],
        "flags": list(m["flags"] or []), "rule": m["rule"], "explanation": m["explanation"],
        "label": labels.labels(m["date_from"], m["date_to"], m["grain"], m["value"], m["time_from"], m["time_to"],
                               list(m["flags"] or []) + (["open"] if m["kind"] == "open" else []),
                               months=labels.month_series_of([m["surface"]])),
    } for m in conn.execute(Q.article_mentions, {"id": aid})]
    ids = [r["event_id"] for r in conn.execute(Q.article_event_ids, {"id": aid})]
    events, last_modified = _events(conn, conn.execute(Q.events_by_ids, {"ids": ids}).fetchall()) if ids else ([], None)
    data = {
        "id": row["id"], "url": row["url"], "guid": row["guid"], "title": row["title"], "lang": row["lang"],
        "source": row["source_name"], "source_id": row["source_id"], "source_timezone": row["source_timezone"],
        "published_at": iso(row["published_at"]), "published_from": row["published_from"],
        "fetched_at": iso(row["fetched_at"]), "status": row["status"], "error": row["error"],
        "processed_at": iso(row["processed_at"]),
        "text": row["body"] if row["body"] is not None else row["raw"],
        "mentions": mentions,
        "events": events,
    }
    return View(data, _latest(last_modified, row["fetched_at"], row["processed_at"]))


# --- regions --------------------------------------------------------------------------------------

def regions(conn, max_level: str = "subdistrict") -> View:
    """The tree down to `max_level` and the macro-regions: regions from the process's copy of the tree,
    counts from region_counts."""
    tree = region_cache.current(conn)
    rows = tree.tree(max_level)
    counts = {c["pcode"]: c for c in conn.execute(Q.web_region_counts, {"pcodes": [r["pcode"] for r in rows]})}
    nodes = {}
    for r in rows:
        c = counts.get(r["pcode"])
        nodes[r["pcode"]] = dict(_region_brief(r), url=region_url(r["slug"]), event_count=c["event_count"] if c else 0,
                                 last_day=iso(c["last_day"]) if c else None, children=[])
    roots, macros = [], []
    for r in rows:
        node = nodes[r["pcode"]]
        if r["level"] == "macro":
            macros.append(node)
            node.pop("children")
        elif r["parent_pcode"] in nodes:
            nodes[r["parent_pcode"]]["children"].append(node)
        else:
            roots.append(node)
    for node in macros:
        node["members"] = [m["pcode"] for m in tree.members.get(node["pcode"], [])]
    return View({"max_level": max_level, "regions": roots, "macro_regions": macros})


def region(conn, key: str, *, counts: bool = True, regions: region_cache.Regions | None = None) -> View:
    """A region with its chain, children and members. `counts=False` (the timeline page) skips the
    event counts and the children's (a round trip it does not need). `regions`: the region tree to read
    (the timeline page passes the copy its timeline query has just checked); else the copy in memory,
    checked against the database."""
    regions = regions or region_cache.current(conn)
    row = region_lookup.resolve(conn, key, regions=regions)
    stats = region_lookup.stats(conn, row["pcode"]) if counts else {"event_count": None, "first_day": None, "last_day": None}
    chain = regions.chain(row["pcode"])[1:]
    if counts:
        children = [dict(c, url=region_url(c["slug"]))
                    for c in conn.execute(Q.web_region_children, {"pcode": row["pcode"]})]
    else:
        children = [dict(c, url=region_url(c["slug"])) for c in regions.children.get(row["pcode"], [])]
    members = [dict(m, url=region_url(m["slug"])) for m in regions.members.get(row["pcode"], [])]
    slug = row["slug"]
    data = dict(
        _region_brief(row),
        aliases_en=list(row["aliases_en"] or []), aliases_ar=list(row["aliases_ar"] or []),
        lat=row["lat"], lon=row["lon"], population=row["population"], source=row["source"],
        parent=chain[0] if chain else None, chain=chain, children=children, members=members,
        event_count=stats["event_count"], first_day=iso(stats["first_day"]), last_day=iso(stats["last_day"]),
        links={"self": region_url(slug) + ".json", "html": region_url(slug),
               "timeline": url("/timeline", {"region": slug}), "atom": region_url(slug) + "/feed.atom"},
    )
    return View(data)


def home(conn, newest: int = 20) -> View:
    tree = regions(conn, "governorate").data
    governorates = [g for country in tree["regions"] for g in country["children"]] or tree["regions"]
    rows = conn.execute(Q.newest_events, {"pcodes": None, "limit": newest}).fetchall()
    events, last_modified = _events(conn, rows)
    return View({"governorates": governorates, "macro_regions": tree["macro_regions"], "events": events},
                last_modified)
