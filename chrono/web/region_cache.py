"""The region tree held in memory by each web process, so that a request does not ask the database for
region names, chains, children or macro-region members.

Regions change only when the gazetteer is (re)loaded. A trigger gives `regions_version` a new random
version after every statement that changes `regions` or `region_members` (sql/migrations/0001_core.sql).
A copy is kept per database and version; whoever reads a version the copy does not have asks for
`at(conn, version)`, which reloads it. The query that completes every page of events
(`event_details`) returns the version beside its rows, so checking the copy costs no extra round trip.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field

from chrono.store.queries import Q

BRIEF = ("pcode", "slug", "level", "name_en", "name_ar")
MAX_CHILDREN = 500  # as web_region_children
TREE_ORDER = {level: i for i, level in enumerate(("country", "macro", "governorate", "district", "subdistrict", "place"))}
PLACE_RANKS = {level: i for i, level in enumerate(("country", "governorate", "district", "subdistrict", "place"), 1)}


@dataclass
class Regions:
    """One version of the regions: rows with the columns of web_regions_all (but child_rank). Read only."""

    version: str
    by_pcode: dict[str, dict]
    by_slug: dict[str, dict]
    children: dict[str, list[dict]]  # parent P-code -> its children (BRIEF), in web_region_children's order
    members: dict[str, list[dict]]  # macro-region P-code -> its members (BRIEF), by P-code
    _chains: dict[str, list[dict]] = field(default_factory=dict)
    _places: dict[str, dict] = field(default_factory=dict)
    _trees: dict[str, list[dict]] = field(default_factory=dict)

    def tree(self, max_level: str) -> list[dict]:
        """The regions down to `max_level` (a level of PLACE_RANKS) and the macro-regions, in the
        tree's order: by level (country, macro, governorate …), then P-code."""
        found = self._trees.get(max_level)
        if found is None:
            allowed = {lv for lv, rank in PLACE_RANKS.items() if rank <= PLACE_RANKS[max_level]} | {"macro"}
            found = self._trees[max_level] = sorted((r for r in self.by_pcode.values() if r["level"] in allowed),
                                                    key=lambda r: (TREE_ORDER[r["level"]], r["pcode"]))
        return found

    def chain(self, pcode: str) -> list[dict]:
        """The region and its ancestors (BRIEF), nearest first: its `path` (country first) reversed."""
        found = self._chains.get(pcode)
        if found is None:
            row = self.by_pcode.get(pcode)
            path = row["path"] if row else []
            found = [brief(self.by_pcode[p]) for p in reversed(path) if p in self.by_pcode] if row else []
            self._chains[pcode] = found
        return found

    def places(self, pcodes) -> list[dict]:
        """The places an event lies in directly, finest level first, then by P-code; a macro-region
        (no rank among the levels) first."""
        if len(pcodes) > 1:
            pcodes = sorted(pcodes, key=self._place_order)
        return [self.place(pcode) for pcode in pcodes]

    def _place_order(self, pcode: str):
        rank = PLACE_RANKS.get(self.by_pcode[pcode]["level"])
        return (0, 0, pcode) if rank is None else (1, -rank, pcode)

    def place(self, pcode: str) -> dict:
        """A place an event lies in, as the API shows it: names, coordinates and its chain upwards
        (a new dict and list each time; the regions in the chain are shared)."""
        found = self._places.get(pcode)
        if found is None:
            row = self.by_pcode[pcode]
            found = self._places[pcode] = dict(brief(row), lat=row["lat"], lon=row["lon"], chain=self.chain(pcode)[1:])
        return dict(found, chain=found["chain"][:])


def brief(row) -> dict:
    return {k: row[k] for k in BRIEF}


_copies: dict[tuple, Regions] = {}
_lock = threading.Lock()


def _key(conn) -> tuple:
    """The database a connection is to (cheaper than conn.info.dsn, which parses its parameters)."""
    pg = conn.pgconn
    return pg.host, pg.port, pg.db


def cached(conn) -> Regions:
    """The copy this process holds for the connection's database (loaded when it has none); not checked
    against the database: callers check it with `at` against a version they read."""
    copy = _copies.get(_key(conn))
    return copy if copy is not None else current(conn)


def version(conn) -> str:
    return conn.execute(Q.web_regions_version).fetchone()["version"]


def current(conn) -> Regions:
    """The copy, checked against the database's version (one small query)."""
    return at(conn, version(conn))


def at(conn, seen: str) -> Regions:
    """The copy at version `seen`, reloading it when the one held is older."""
    copy = _copies.get(_key(conn))
    if copy is not None and copy.version == seen:
        return copy
    with _lock:
        copy = _copies.get(_key(conn))
        if copy is None or copy.version != seen:
            copy = _load(conn)
            _copies[_key(conn)] = copy
            # The copy, the modules and the app live as long as the process: some 140,000 objects that every
            # full run of the cyclic collector would go over again, 50-100 ms during which every thread of
            # the process waits (a latency spike for the requests in flight). Frozen, they are left out of
            # those runs (still freed when nothing refers to them). Once per version of the regions.
            gc.freeze()
        return copy


def _load(conn) -> Regions:
    """Read the regions between two reads of the version; again if a load committed in between."""
    while True:
        before = version(conn)
        rows = conn.execute(Q.web_regions_all).fetchall()
        links = conn.execute(Q.web_macro_members_all).fetchall()
        if version(conn) == before:
            break
    by_pcode, by_slug, children = {}, {}, {}
    for r in rows:
        row = {k: r[k] for k in r.keys() if k != "child_rank"}
        by_pcode[row["pcode"]] = row
        by_slug[row["slug"]] = row
        children.setdefault(row["parent_pcode"], []).append((r["child_rank"], brief(row)))
    members: dict[str, list[dict]] = {}
    for link in links:  # ordered by macro, then member P-code
        if link["member_pcode"] in by_pcode:
            members.setdefault(link["macro_pcode"], []).append(brief(by_pcode[link["member_pcode"]]))
    ordered = {parent: [b for _, b in sorted(kids, key=lambda kid: kid[0])][:MAX_CHILDREN]
               for parent, kids in children.items() if parent is not None}
    return Regions(before, by_pcode, by_slug, ordered, members)
