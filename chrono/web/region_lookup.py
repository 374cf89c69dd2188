"""From what a user typed (slug, P-code, Arabic or English name) to a region row, or a 404 that
suggests close matches."""

from __future__ import annotations

from functools import lru_cache

from chrono.places.normalize import fold_latin, normalize_ar
from chrono.store.queries import Q
from chrono.web import region_cache
from chrono.web.problems import Problem


def _gazetteer_lookup(name: str) -> str | None:
    """The P-code chrono.places.lookup finds for a name, when that function exists."""
    try:
        from chrono import places
    except ImportError:  # pragma: no cover - the package is part of chrono
        return None
    lookup = getattr(places, "lookup", None)
    if lookup is None:
        return None
    try:
        found = lookup(name)
    except Exception:  # noqa: BLE001 - a lookup failure must not turn a request into a 500
        return None
    return getattr(found, "pcode", None) or (found if isinstance(found, str) else None)


def _keys(name: str) -> dict:
    folded = fold_latin(name).strip()
    names = sorted({n for n in (name, name.lower(), normalize_ar(name), folded, folded.replace(" ", "-")) if n})
    return {"slug": name.lower(), "pcode": name.upper(), "name": name, "names": names}


def find(conn, name: str, regions: region_cache.Regions | None = None) -> dict | None:
    """By slug or P-code first, then the gazetteer's name lookup (both from the region tree in memory,
    `regions`), then the names stored in SQL."""
    regions = regions or region_cache.cached(conn)
    row = regions.by_slug.get(name.lower()) or regions.by_pcode.get(name.upper())
    if row:
        return dict(row)
    pcode = _gazetteer_lookup(name)
    if pcode and pcode in regions.by_pcode:
        return dict(regions.by_pcode[pcode])
    return conn.execute(Q.web_region_by_name, _keys(name), prepare=False).fetchone()


def stats(conn, pcode: str) -> dict:
    """The region's event count, first and last day (a macro-region's over its members, each event once)."""
    return conn.execute(Q.web_region_stats, {"pcode": pcode}).fetchone()


@lru_cache(maxsize=2048)
def _suggested_pcodes(name: str) -> tuple[str, ...]:
    """P-codes chrono.places.suggest offers for a name (pure and a little slow, so remembered)."""
    from chrono import places

    suggest = getattr(places, "suggest", None)
    found = suggest(name) if suggest else []
    out = []
    for item in found or []:
        pcode = getattr(item, "pcode", None) or (item.get("pcode") if isinstance(item, dict) else None)
        if pcode:
            out.append(pcode)
    return tuple(out)


def suggestions(conn, name: str) -> list[dict]:
    out: list[dict] = []
    try:
        for pcode in _suggested_pcodes(name):
            if pcode:
                row = conn.execute(Q.web_region_by_pcode, {"pcode": pcode}).fetchone()
                if row:
                    out.append({k: row[k] for k in ("slug", "pcode", "level", "name_en", "name_ar")})
    except Exception:  # noqa: BLE001 - suggestions are a courtesy; the SQL ones follow
        out = []
    from chrono import places

    if not out and not callable(getattr(places, "suggest", None)):
        rows = conn.execute(Q.web_region_suggest, {"name": name.lower()}, prepare=False).fetchall()
        out = [dict(r) for r in rows]
    return out[:5]


def resolve(conn, name: str, param: str = "region", regions: region_cache.Regions | None = None) -> dict:
    """The region called `name`, from `regions` (the copy in memory when not given; a name it does not
    know is looked up again in a copy checked against the database before it is refused)."""
    if "\x00" in name or len(name) > 200:
        raise Problem(400, "Bad request parameter", f"{param}: not a region name (too long or holds a NUL)",
                      parameter=param)
    row = find(conn, name, regions)
    if row is None:
        fresh = region_cache.current(conn)
        if regions is None or fresh is not regions:
            row = find(conn, name, fresh)
    if row is None:
        close = suggestions(conn, name)
        hint = "; did you mean " + ", ".join(s["slug"] for s in close) + "?" if close else ""
        raise Problem(404, "Unknown region", f"{param}: no region is called {name!r}{hint}",
                      parameter=param, suggestions=close)
    return row


def member_pcodes(conn, region: dict, regions: region_cache.Regions | None = None) -> list[str]:
    """The P-codes whose event_regions rows make up the region: itself, and a macro-region's members
    (events are placed in a macro-region directly when the text names only it)."""
    if region["level"] == "macro":
        regions = regions or region_cache.cached(conn)
        return [region["pcode"], *(m["pcode"] for m in regions.members.get(region["pcode"], []))]
    return [region["pcode"]]
