"""The data behind every view, built once: the JSON API returns it as is, exports and pages render it.

Each function takes a connection (dict rows) and checked parameters and returns a `View`: the data
as plain JSON values plus when it last changed (for Last-Modified). Links are path-absolute URLs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urlencode

from psycopg import sql

from chrono.store.queries import Q
from chrono.web import labels, region_lookup
from chrono.web.params import GRAINS, Cursor, TimelineParams
from chrono.web.problems import Problem
from chrono.web.search_text import like_pattern, normalize_query

REGION_LEVELS = ("country", "governorate", "district", "subdistrict", "place")


@dataclass
class View:
    data: dict
    last_modified: datetime | None = None


def iso(value):
    if isinstance(value, datetime):
        return value.astimezone(labels.DISPLAY_TZ).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


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

def _chains(conn, pcodes) -> dict[str, list[dict]]:
    chains: dict[str, list[dict]] = defaultdict(list)
    if pcodes:
        for r in conn.execute(Q.web_region_chains, {"pcodes": sorted(set(pcodes))}):
            chains[r["start"]].append(_region_brief(r))
    return chains


def _events(conn, rows) -> tuple[list[dict], datetime | None]:
    """Event rows with their sources, places and labels, as the API shows them."""
    ids = [r["id"] for r in rows]
    if not ids:
        return [], None
    reports = defaultdict(list)
    for r in conn.execute(Q.event_reports_for, {"ids": ids}):
        reports[r["event_id"]].append(r)
    places = defaultdict(list)
    for r in conn.execute(Q.event_places_for, {"ids": ids}):
        places[r["event_id"]].append(r)
    chains = _chains(conn, [p["pcode"] for ps in places.values() for p in ps])
    out, stamps = [], []
    for row in rows:
        reps = reports.get(row["id"], [])
        stamps.append(row["created_at"])
        stamps.extend(r["fetched_at"] for r in reps)
        out.append(event_json(row, reps, places.get(row["id"], []), chains))
    return out, _latest(*stamps)


def event_json(row, reports, places, chains) -> dict:
    months = labels.month_series_of(r["expression"] for r in reports)
    flags = list(row["flags"] or [])
    kind = date_kind(row, reports)
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
        "places": [dict(_region_brief(p), lat=p["lat"], lon=p["lon"], chain=chains.get(p["pcode"], [])[1:])
                   for p in places],
        "sources": sources,
        "source_count": len({r["source_id"] for r in reports}),
        "recorded_at": iso(row["created_at"]),
    }


def date_kind(row, reports) -> str:
    """point, range or open: the kind of the date mention behind the event (open: "since 2014", which
    runs to the publication day), else read from the days."""
    kinds = {r["mention_kind"] for r in reports if r["mention_kind"]}
    if "open" in kinds or "open" in (row["flags"] or []):
        return "open"
    return "point" if row["date_from"] == row["date_to"] else "range"


# --- the timeline ---------------------------------------------------------------------------------

def _query(template: str, order: str) -> sql.Composed:
    direction, cmp = ("ASC", ">") if order == "asc" else ("DESC", "<")
    return sql.SQL(template).format(dir=sql.SQL(direction), cmp=sql.SQL(cmp))


def timeline(conn, p: TimelineParams, *, path: str = "/timeline") -> View:
    region = region_lookup.resolve(conn, p.region) if p.region else None
    place = region_lookup.resolve(conn, p.place, "place") if p.place else None
    q = normalize_query(p.q) if p.q else None
    args = {
        "date_from": p.date_from, "date_to": p.date_to,
        "after_date": p.cursor.date_from if p.cursor else None, "after_id": p.cursor.event_id if p.cursor else None,
        "q": q or None, "q_like": like_pattern(q) if q else None,
        "lang": p.lang, "place": place["pcode"] if place else None,
        "grains": list(GRAINS), "max_rank": GRAINS.index(p.precision) + 1 if p.precision else None,
        "min_sources": p.min_sources, "limit": p.limit + 1,
    }
    pcodes = region_lookup.member_pcodes(conn, region) if region else None
    if pcodes and len(pcodes) == 1:
        query = _query(Q.timeline_in_region, p.order)
        args["pcode"] = pcodes[0]
    else:
        query = _query(Q.timeline_in_any, p.order)
        args["pcodes"] = pcodes
    rows = conn.execute(query, args, prepare=False).fetchall()
    more = len(rows) > p.limit
    rows = rows[: p.limit]
    events, last_modified = _events(conn, rows)
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
    return View(data, last_modified)


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
    rank = REGION_LEVELS.index(max_level) + 1
    rows = conn.execute(Q.web_regions_tree, {"max_rank": rank}).fetchall()
    nodes = {}
    for r in rows:
        nodes[r["pcode"]] = dict(_region_brief(r), url=region_url(r["slug"]), event_count=r["event_count"],
                                 last_day=iso(r["last_day"]), children=[])
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
    members = defaultdict(list)
    for r in conn.execute(Q.web_macro_members_all):
        members[r["macro_pcode"]].append(r["member_pcode"])
    for node in macros:
        node["members"] = members.get(node["pcode"], [])
        stats = region_lookup.stats(conn, [node["pcode"], *node["members"]])
        node["event_count"], node["last_day"] = stats["event_count"], iso(stats["last_day"])
    return View({"max_level": max_level, "regions": roots, "macro_regions": macros})


def region(conn, key: str) -> View:
    row = region_lookup.resolve(conn, key)
    pcodes = region_lookup.member_pcodes(conn, row)
    stats = region_lookup.stats(conn, pcodes)
    chain = _chains(conn, [row["pcode"]]).get(row["pcode"], [])[1:]
    children = [dict(c, url=region_url(c["slug"])) for c in conn.execute(Q.web_region_children, {"pcode": row["pcode"]})]
    members = [dict(m, url=region_url(m["slug"])) for m in conn.execute(Q.web_region_members, {"pcode": row["pcode"]})]
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
