"""Timeline entries in PostgreSQL: events put together by `same_event`, incrementally at ingest time.

`assign(conn, events)` takes newly stored events (ids to read back) and `assign_stored(conn, stored)` the
events of several articles as ingest stored them (`Stored`: the `EventRow`s it holds); each new event, in
order, is compared with the members of the entries it may join (same governorate, dates within a few
days, a concept in common) and joins the entry of the best match or opens a new one. Members are stored
in `entry_members` with the score and the reasons; events are never changed. A batch is clustered event
after event exactly as its articles would be one at a time; only the lock, the summaries and the write
are shared. `catch_up(conn)` clusters the articles a stopped process left in `merge_queue`.
`rebuild(conn)` empties the entries and assigns every event again in the order they were stored, which
is the order ingest assigned them: the result is the same as the incremental one.

The entries a process has looked at stay in memory (`Cache`), with their members' text features, for
as long as the database's `merge_version` is the token this process last wrote: every clustering write
sets a new token, and a trigger sets one whenever members go away, pins change or the tables are
emptied. Read under the clustering lock, a token that is still ours means nobody else changed entries
since, and the memory is the truth; any other token empties it. So a batch costs one round trip
before the write (the lock, the token, ids for new entries) and, once the months its events fall in
have been read, no candidate query at all.
"""

from __future__ import annotations

import gc
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta

import orjson
import psycopg

from chrono.merge import dates, origins
from chrono.merge.pair import EventDoc, default_model, judge, needs_shared_concepts, same_event
from chrono.store.queries import get as q

LEAD_PARAGRAPHS = 2               # paragraphs of an article's opening that describe its lead event
LEAD_CHARS = 700
SLACK = max(dates.PUBLICATION_LAG, dates.TOUCH)  # days around an event's dates where candidates are
_SLACK = timedelta(days=SLACK)
_DAY = timedelta(days=1)
DISAGREE_WIDTH = 2                 # members at most this many days wide that do not overlap disagree
NARROW = 33                        # entries at most this many days wide (upper - lower) are found by their days
ID_BLOCK = 256                     # entry ids taken from the sequence at a time
CACHE_MEMBERS = 30_000             # members kept in memory; the least recently used months go first


@dataclass
class Member:
    event_id: int
    entry_id: int | None
    doc: EventDoc
    admin1: str | None
    article_id: int | None
    source: str | None
    value: str | None
    edtf: str | None
    grain: str
    pinned: bool = False
    origin: str | None = None
    origin_evidence: str | None = None
    matched_event_id: int | None = None
    score: float | None = None
    reasons: list = field(default_factory=list)

    @property
    def when(self) -> dates.When:
        return self.doc.when


@dataclass
class Entry:
    id: int
    members: list[Member]
    admin1: str | None = None
    stale: bool = False
    span: tuple[date, date] | None = None   # first and last day of its members' dates
    indexed: tuple | None = None            # (admin1, first day, last day, members, concepts) as indexed
    pinned: bool = False                    # a member is kept apart by hand: the entry takes no one
    concepts: frozenset = frozenset()       # its members' concepts together
    # signature -> (first day, last day, concepts, When, members): the members telling it in the same
    # words, dates and places, oldest first, and what a candidate is screened by (the same for all of them)
    groups: dict = field(default_factory=dict)



def _months(lo: date, hi: date):
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _month_range(y: int, m: int) -> tuple[date, date]:
    first = date(y, m, 1)
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return first, nxt - timedelta(days=1)


class Cache:
    """The entries of the months (per governorate) read so far, valid while `version` is the database's
    merge_version. A month is read whole: entries at most NARROW days wide whose span meets it; wide
    dates are read by their first day. Lookups use a day index and a concept index per governorate
    (a candidate must share a concept with the new event: `pair.needs_shared_concepts`)."""

    def __init__(self, limit: int = CACHE_MEMBERS):
        self.limit = limit
        self.mutex = threading.Lock()
        self.clear()

    def clear(self) -> None:
        _release()
        self.version: str | None = None
        self.loaded: OrderedDict[tuple, None] = OrderedDict()  # ("m", admin1, y, m) / ("s", admin1, day), LRU first
        self.entries: dict[int, Entry] = {}
        self.by_day: dict[tuple, set[int]] = {}
        self.by_start: dict[tuple, set[int]] = {}
        self.by_concept: dict[tuple, set[int]] = {}  # (admin1, concept) -> entries whose members name it
        self.ids: list[int] = []
        self.size = 0

    # -- what is known ------------------------------------------------------------------------------
    def keys_for(self, ev: Member) -> list[tuple]:
        """The buckets that hold every candidate entry of `ev`."""
        w = ev.when
        if w.width > dates.WIDEST:
            return [("s", ev.admin1, w.date_from)]
        lo, hi = w.date_from - timedelta(days=SLACK), w.date_to + timedelta(days=SLACK)
        return [("m", ev.admin1, y, m) for y, m in _months(lo, hi)]

    def touch(self, keys) -> None:
        for k in keys:
            self.loaded.move_to_end(k)

    def candidates(self, ev: Member, concepts: frozenset | None = None) -> set[int]:
        """Ids of the entries of `ev`'s governorate whose span meets its dates widened by SLACK (for a date
        wider than a month: that start the same day); with `concepts`, only those naming one of them."""
        w = ev.doc.when
        admin1 = ev.admin1
        if w.width > dates.WIDEST:
            found = self.by_start.get((admin1, w.date_from), set())
        else:
            by_day = self.by_day
            found = set()
            d = w.date_from - _SLACK
            for _ in range((w.date_to - w.date_from).days + 1 + 2 * SLACK):
                ids = by_day.get((admin1, d))
                if ids:
                    found |= ids
                d += _DAY
        if concepts is None or not found:
            return set(found)
        sharing: set[int] = set()
        for c in concepts:
            ids = self.by_concept.get((admin1, c))
            if ids:
                sharing |= found & ids
        return sharing

    # -- keeping it -------------------------------------------------------------------------------
    def put(self, entry: Entry) -> None:
        """Add or re-index an entry (its members, admin1 and span as they are now)."""
        old = self.entries.get(entry.id)
        if old is not None and old.indexed is not None:
            self._unindex(old)
        self.entries[entry.id] = entry
        entry.pinned = any(m.pinned for m in entry.members)
        entry.concepts = frozenset().union(*(m.doc.feats.concepts for m in entry.members))
        groups: dict[tuple, list[Member]] = {}
        for m in sorted(entry.members, key=lambda m: m.event_id):
            groups.setdefault(m.doc.signature, []).append(m)
        entry.groups = {sig: _group(members) for sig, members in groups.items()}
        self._index(entry, min(m.when.date_from for m in entry.members), max(m.when.date_to for m in entry.members))

    def join(self, entry: Entry, m: Member) -> None:
        """`m` joins `entry` (in memory): its index, concepts and groups follow without going over the
        other members again."""
        entry.members.append(m)
        admin1 = _admin1(entry.members) if m.admin1 != entry.admin1 else entry.admin1
        lo, hi = entry.span
        lo, hi = min(lo, m.when.date_from), max(hi, m.when.date_to)
        entry.pinned = entry.pinned or m.pinned
        entry.concepts = entry.concepts | m.doc.feats.concepts
        if entry.indexed is not None and (admin1, lo, hi) == entry.indexed[:3]:
            _, _, _, counted, concepts = entry.indexed
            for c in entry.concepts - concepts:
                self.by_concept.setdefault((admin1, c), set()).add(entry.id)
            entry.indexed = (admin1, lo, hi, counted + 1, entry.concepts)
            self.size += 1
        else:
            if entry.indexed is not None:
                self._unindex(entry)
            entry.admin1 = admin1
            self._index(entry, lo, hi)
        known = entry.groups.get(m.doc.signature)
        if known is None:
            entry.groups[m.doc.signature] = _group([m])
        else:
            group = known[4]
            group.append(m)
            if group[-2].event_id > m.event_id:
                group.sort(key=lambda x: x.event_id)

    def _index(self, entry: Entry, lo: date, hi: date) -> None:
        self.size += len(entry.members)
        entry.span = (lo, hi)
        entry.indexed = (entry.admin1, lo, hi, len(entry.members), entry.concepts)
        self.by_start.setdefault((entry.admin1, lo), set()).add(entry.id)
        for c in entry.concepts:
            self.by_concept.setdefault((entry.admin1, c), set()).add(entry.id)
        if (hi - lo).days + 1 <= NARROW:
            d = lo
            while d <= hi:
                self.by_day.setdefault((entry.admin1, d), set()).add(entry.id)
                d += timedelta(days=1)

    def _unindex(self, entry: Entry) -> None:
        admin1, lo, hi, counted, concepts = entry.indexed
        entry.indexed = None
        self.size -= counted
        self.by_start.get((admin1, lo), set()).discard(entry.id)
        for c in concepts:
            self.by_concept.get((admin1, c), set()).discard(entry.id)
        if (hi - lo).days + 1 <= NARROW:
            d = lo
            while d <= hi:
                self.by_day.get((admin1, d), set()).discard(entry.id)
                d += timedelta(days=1)

    @staticmethod
    def _keys_of(entry: Entry) -> list[tuple]:
        admin1, lo, hi, _, _ = entry.indexed
        keys = [("s", admin1, lo)]
        if (hi - lo).days + 1 <= NARROW:
            keys += [("m", admin1, y, m) for y, m in _months(lo, hi)]
        return keys

    def shrink(self) -> None:
        """Over the limit, forget the least recently used quarter of the buckets and the entries that
        lie in no bucket still known."""
        if self.size <= self.limit:
            return
        _release()
        for _ in range(max(1, len(self.loaded) // 4)):
            self.loaded.popitem(last=False)
        for entry in [e for e in self.entries.values() if not any(k in self.loaded for k in self._keys_of(e))]:
            self._unindex(entry)
            del self.entries[entry.id]


# The entries in memory, with their members' text features, are some fifteen objects per member that
# live as long as the process. Python's cyclic collector goes over every such object each time the
# heap has grown by a quarter (at 45,000 members, 3 s of CPU in an ingest of 10,000 articles): after
# each batch, what the process holds is frozen out of its way (`gc.freeze`). Frozen objects are still
# freed as soon as nothing refers to them; only garbage in reference cycles at that moment waits, until
# the memory is emptied or shrinks (`_release` gives everything back to the collector). Only a large
# memory is frozen (FREEZE_FROM entries: an ingest run's): a web process clustering the odd posted
# article holds little, and freezing there would keep each request's cyclic garbage of the moment.
FREEZE_FROM = 2000


def _settle(cache: "Cache") -> None:
    global _frozen
    if len(cache.entries) < FREEZE_FROM:
        return
    gc.freeze()
    _frozen = True


def _release() -> None:
    global _frozen
    if _frozen:
        gc.unfreeze()
        _frozen = False


_frozen = False


_cache = Cache()


def _group(members: list[Member]) -> tuple:
    """A group of identical reports as an entry keeps it: (first day, last day, concepts, When, members)."""
    w = members[0].doc.when
    return (w.date_from, w.date_to, members[0].doc.feats.concepts, w, members)


def _doc(text, lang, d_from, d_to, grain, flags, edtf, places, source, event_id, title, opening) -> EventDoc:
    when = dates.When.of(d_from, d_to or d_from, grain or "day", flags or (), edtf)
    if when.publication_day and (title or opening):
        # an event dated by the publication day is the article's lead: it tells the story that the
        # title and the opening paragraphs tell, so they are what it is compared by
        text = f"{title or ''}. {_paragraphs(opening or text, LEAD_PARAGRAPHS)}"
    return EventDoc(text, lang, when, tuple(sorted(places or ())), source, event_id)


def _member(row) -> tuple[Member, bool]:
    """A member from a `merge_new` or `merge_load` row, and whether its entry is stale."""
    (event_id, entry_id, text, lang, d_from, d_to, grain, value, edtf, flags, admin1, places, article_id,
     source, origin, pinned, stale, title, opening) = row
    doc = _doc(text, lang, d_from, d_to, grain, flags, edtf, places, source, event_id, title, opening)
    return (Member(event_id, entry_id, doc, admin1, article_id, source, value, edtf, grain or "day", bool(pinned),
                   origin), bool(stale))


def _paragraphs(text: str, n: int) -> str:
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    return " ".join(parts[:n])


def _from_rows(rows, article_id: int, title: str | None, opening: str, source: str | None) -> list[Member]:
    """Members for the `EventRow`s ingest has stored (their ids set), without reading them back."""
    out = []
    for r in rows:
        doc = _doc(r.text, r.lang, r.date_from, r.date_to, r.grain, r.flags, r.edtf, r.places, source, r.id,
                   title, opening if "publication_date" in r.flags else None)
        out.append(Member(r.id, None, doc, r.admin1, article_id, source, r.value, r.edtf, r.grain or "day"))
    return out


@dataclass
class Stored:
    """One article's events as ingest stored them, waiting to be clustered: the `EventRow`s (ids set),
    the title and opening that a publication-day event is compared by, and the origin its raw text names."""
    article_id: int
    rows: list
    title: str | None
    opening: str
    origin: origins.Origin | None

    @classmethod
    def of(cls, rows, article_id: int, article: dict) -> "Stored":
        rows = [r for r in rows if r.id is not None and r.date_from is not None]
        opening = (article.get("body") or article.get("raw") or "")[:LEAD_CHARS]
        return cls(article_id, rows, article.get("title"), opening, origins.article_origin(article.get("raw")))


def assign(conn: psycopg.Connection, events, *, article_id: int | None = None,
           article: dict | None = None) -> dict[int, int]:
    """Put newly stored events into entries; returns event id -> entry id for them. `events` are event
    ids, or the `EventRow`s of one article (with `article_id` and `article`: its title, body and raw text)
    as ingest holds them. Events already in an entry keep it. Runs in the caller's transaction (or its own)."""
    events = list(events)
    if not events:
        return {}
    if not isinstance(events[0], int):
        if article_id is not None and article is not None and "raw" in article:
            return assign_stored(conn, [Stored.of(events, article_id, article)])
        events = [r.id for r in events]
    return _locked(conn, lambda: _assign(conn, ids=events))


def assign_stored(conn: psycopg.Connection, stored: list[Stored]) -> dict[int, int]:
    """Cluster the events of articles ingest has stored (and committed), in the order given, in one
    transaction: one lock statement and one write for all of them. Their articles leave `merge_queue`."""
    if not stored:
        return {}
    return _locked(conn, lambda: _assign(conn, stored=stored))


def catch_up(conn: psycopg.Connection, *, batch: int = 200) -> int:
    """Cluster the articles left in `merge_queue` (stored, but their clustering never committed: the
    process stopped or the write failed), reading their events back, oldest first. Returns how many."""
    done = 0
    while True:
        queued = [r[0] for r in conn.execute(q("merge_queued"), {"limit": batch}).fetchall()]
        if not queued:
            return done
        ids = [r[0] for r in conn.execute(q("merge_queued_events"), {"articles": queued}).fetchall()]
        _locked(conn, lambda: _assign(conn, ids=ids, queued=queued))
        done += len(queued)


def _locked(conn, work):
    with _cache.mutex:
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            with conn.transaction():
                return work()
        # in the caller's transaction: a savepoint would only cost, a failure fails the caller's work
        return work()


def _assign(conn, *, stored: list[Stored] | None = None, ids: list[int] | None = None,
            queued: list[int] = ()) -> dict[int, int]:
    cache = _cache
    stored_ids = [r.id for s in stored for r in s.rows] if stored else []
    want = len(stored_ids) if stored else len(ids)
    lock = conn.execute(q("merge_lock"), {
        "more": max(ID_BLOCK, want) if len(cache.ids) < want else 0,
        "articles": [s.article_id for s in stored] if stored else [], "events": stored_ids}).fetchone()
    _, version, more_ids, sources, unassigned, _ = lock
    fresh = version != cache.version
    if fresh:
        cache.clear()
    cache.version = None  # memory changes from here: trusted again once the write has gone with our token
    cache.ids.extend(more_ids)
    if len(cache.ids) < want:
        cache.ids.extend(conn.execute(q("merge_ids"), {"more": ID_BLOCK + want}).fetchone()[0])
    article_origin: dict[int, origins.Origin | None] = {}
    origin_rows: list[dict] = []
    new: list[Member] = []
    if stored:
        queued = [s.article_id for s in stored]
        open_ids = set(unassigned or ())  # events another writer clustered first, or that went away, are left
        for s in stored:
            article_origin[s.article_id] = s.origin
            _origin_row(s.article_id, s.origin, origin_rows)
            rows = [r for r in s.rows if r.id in open_ids]
            new.extend(_from_rows(rows, s.article_id, s.title, s.opening, (sources or {}).get(str(s.article_id))))
    else:
        for row in conn.execute(q("merge_new"), {"ids": sorted({int(i) for i in ids}),
                                                 "lead_chars": LEAD_CHARS}).fetchall():
            m, _ = _member(row[:19])
            new.append(m)
            raw, a_origin = row[19], row[20:23]
            if m.article_id is not None and m.article_id not in article_origin:
                article_origin[m.article_id] = _article_origin(m.article_id, raw, a_origin, origin_rows)
    touched: dict[int, Entry] = {}
    _load(conn, cache, [m for m in new if m.entry_id is None and not m.pinned], fresh, touched)
    result: dict[int, int] = {}
    opened: dict[int, Entry] = {}
    member_rows: list[dict] = []
    need_concepts = needs_shared_concepts(default_model())
    for ev in new:
        if ev.entry_id is not None:  # assigned before
            result[ev.event_id] = ev.entry_id
            continue
        found = origins.report_origin(ev.doc.text, article_origin.get(ev.article_id))
        if found:
            ev.origin, ev.origin_evidence = found.origin, found.evidence
        best = None if ev.pinned else _best_match(ev, cache, need_concepts)
        if best is None:
            entry = Entry(cache.ids.pop(0), [ev], ev.admin1 or None)
            opened[entry.id] = entry
            cache.put(entry)
        else:
            score, entry, matched, decision = best
            ev.matched_event_id, ev.score, ev.reasons = matched.event_id, score, list(decision.reasons)
            if entry.id not in opened:
                touched[entry.id] = entry
            cache.join(entry, ev)
        ev.entry_id = entry.id
        result[ev.event_id] = entry.id
        member_rows.append({"event_id": ev.event_id, "entry_id": entry.id, "matched_event_id": ev.matched_event_id,
                            "score": ev.score, "reasons": ev.reasons, "origin": ev.origin,
                            "origin_evidence": ev.origin_evidence})
    # each entry's summary once, however many reports joined it in this batch
    new_rows = [{"id": e.id, **summarize(e.members)} for e in opened.values()]
    entry_rows = [{"id": e.id, **summarize(e.members)} for e in touched.values()]
    token = str(uuid.uuid4())
    conn.execute(q("merge_write"), {
        "new_entries": _json(new_rows), "entries": _json(entry_rows), "members": _json(member_rows),
        "origins": _json(origin_rows), "queued": list(queued), "version": token})
    cache.version = token  # a rollback leaves the database's token another: memory is then emptied
    for e in touched.values():
        e.stale = False
    cache.shrink()
    _settle(cache)
    return result


def _load(conn, cache: Cache, new: list[Member], fresh: bool, touched: dict[int, Entry]) -> None:
    """Read the buckets the new events need that memory lacks (and, after another writer, the stale
    entries, to recompute them) in one query."""
    keys = []
    for ev in new:
        for k in cache.keys_for(ev):
            if k in cache.loaded:
                cache.touch([k])
            elif k not in keys:
                keys.append(k)
    if not keys and not fresh:
        return
    months = []
    for _kind, admin1, *rest in (k for k in keys if k[0] == "m"):
        lo, hi = _month_range(*rest)
        months.append({"a": admin1, "f": lo.isoformat(), "t": hi.isoformat()})
    starts = [{"a": admin1, "d": day.isoformat()} for _kind, admin1, day in (k for k in keys if k[0] == "s")]
    got: dict[int, list[Member]] = {}
    stale: set[int] = set()
    for row in conn.execute(q("merge_load"), {"months": _json(months), "starts": _json(starts), "narrow": NARROW,
                                              "stale": fresh, "lead_chars": LEAD_CHARS}, prepare=False):
        m, is_stale = _member(row)
        got.setdefault(m.entry_id, []).append(m)
        if is_stale:
            stale.add(m.entry_id)
    for k in keys:
        cache.loaded[k] = None
    for entry_id, members in got.items():
        if entry_id in cache.entries and entry_id not in stale:
            continue  # known already (read through another bucket, or written by this process)
        entry = Entry(entry_id, members, _admin1(members), stale=entry_id in stale)
        cache.put(entry)
        if entry.stale:  # its summary is recomputed and written with this assignment
            touched[entry_id] = entry


def _article_origin(article_id: int, raw: str | None, stored, origin_rows: list[dict]) -> origins.Origin | None:
    if raw is None:  # read before: stored in article_origins (or the article has no text)
        a_origin, a_chain, a_evidence = stored or (None, None, None)
        return origins.Origin(a_origin, tuple(a_chain), a_evidence) if a_origin else None
    found = origins.article_origin(raw)
    _origin_row(article_id, found, origin_rows)
    return found


def _origin_row(article_id: int, found: origins.Origin | None, origin_rows: list[dict]) -> None:
    if found:
        origin_rows.append({"article_id": article_id, "origin": found.origin, "chain": list(found.chain),
                            "evidence": found.evidence})


def _best_match(ev: Member, cache: Cache, need_concepts: bool):
    """The best-scoring member of another article that `same_event` judges the same (ties: the older
    entry, then the older member)."""
    best = best_key = None
    doc, article, admin1 = ev.doc, ev.article_id, ev.admin1
    w = doc.when
    lo, hi = w.date_from - _SLACK, w.date_to + _SLACK
    concepts = doc.feats.concepts if need_concepts else None
    model = default_model()
    compared: dict[dates.When, dates.DateMatch] = {}  # candidates share a few dates: each compared once
    entries = cache.entries
    for entry_id in cache.candidates(ev, concepts):  # with `concepts`: entries naming one of them
        entry = entries[entry_id]
        if entry.admin1 != admin1 or entry.pinned:
            continue
        for m_from, m_to, m_concepts, mw, group in entry.groups.values():
            if m_to < lo or m_from > hi:
                continue
            if concepts is not None and concepts.isdisjoint(m_concepts):
                continue  # cannot reach the threshold (pair.needs_shared_concepts)
            # identical reports (a wire copy, a template) are judged once, by the oldest member of
            # another article: the one the tie-break would keep
            m = group[0]
            if article is not None and m.article_id == article:
                m = next((x for x in group if x.article_id != article), None)
                if m is None:
                    continue  # sentences of one article are not compared with each other
            dm = compared.get(mw)
            if dm is None:
                dm = compared[mw] = dates.compare(w, mw)
            if not dm.compatible:
                continue
            same, score = judge(doc, m.doc, model, dm)
            if same:
                key = (score, -entry_id, -m.event_id)
                if best_key is None or key > best_key:
                    best_key, best = key, (entry, m)
    if best is None:
        return None
    entry, m = best
    return best_key[0], entry, m, same_event(doc, m.doc)  # the reasons, for the chosen match only


def _admin1(members: list[Member]) -> str | None:
    """The entry's governorate: the one most of its members are in (the first in code order on a tie)."""
    admin1s = [m.admin1 for m in members if m.admin1]
    return max(sorted(set(admin1s)), key=admin1s.count) if admin1s else None


def summarize(members: list[Member]) -> dict:
    """An entry's date and counts from its members: the most precise date consistent with the others
    (publication-day fallbacks and open intervals only when nothing better is given), disagreements
    between precise members flagged and listed, sources and independent sources counted."""
    # dates are compared per distinct date, not per member: a big entry repeats a few dates many times
    counts: dict[dates.When, int] = {}
    oldest: dict[dates.When, Member] = {}  # the member of each date that a tie is settled by
    for m in members:
        w = m.when
        n = counts.get(w)
        if n is None:
            counts[w] = 1
            oldest[w] = m
        else:
            counts[w] = n + 1
            if m.event_id < oldest[w].event_id:
                oldest[w] = m
    given = [w for w in counts if not w.publication_day and not w.open] or list(counts)

    def support(w: dates.When) -> int:
        return sum(n for o, n in counts.items() if dates.compare(w, o).compatible)

    narrowest = min(w.width for w in given)
    lead_when = min((w for w in given if w.width == narrowest),
                    key=lambda w: (-support(w), w.date_from, oldest[w].event_id))
    lead = oldest[lead_when]
    precise = sorted({(w.date_from, w.date_to) for w in given if w.width <= DISAGREE_WIDTH})
    disagree = any(a_to < b_from or b_to < a_from
                   for i, (a_from, a_to) in enumerate(precise) for b_from, b_to in precise[i + 1:])
    flags = ["date_disagreement"] if disagree else []
    member_dates = [{"event_id": m.event_id, "date_from": m.when.date_from.isoformat(),
                     "date_to": m.when.date_to.isoformat(), "grain": m.grain, "source": m.source,
                     "publication_date": m.when.publication_day}
                    for m in sorted(members, key=lambda m: m.event_id)] if disagree else []
    sources = {(m.source or f"article {m.article_id}").casefold() for m in members}
    independent = {(m.origin or m.source or f"article {m.article_id}").casefold() for m in members}
    return {
        "date_from": lead.when.date_from.isoformat(), "date_to": lead.when.date_to.isoformat(),
        "span_from": min(w.date_from for w in counts).isoformat(),
        "span_to": max(w.date_to for w in counts).isoformat(),
        "grain": lead.grain, "value": lead.value, "edtf": lead.edtf, "flags": flags, "member_dates": member_dates,
        "admin1": _admin1(members), "lead_event_id": lead.event_id,
        "reports": len(members), "sources": len(sources), "independent_sources": len(independent),
    }


def rebuild(conn: psycopg.Connection, *, batch: int = 5000, progress=None) -> dict:
    """Empty the entries and assign every event again in storage order, a batch of events at a time."""
    with conn.transaction():
        conn.execute(q("merge_clear"))
    after = 0
    while True:
        rows = conn.execute(q("merge_event_ids_after"), {"after": after, "limit": batch}).fetchall()
        if not rows:
            break
        _locked(conn, lambda: _assign(conn, ids=[event_id for event_id, _article_id in rows]))
        after = rows[-1][0]
        if progress:
            progress(after)
    events, entries, members, multi, _stale, _queued = conn.execute(q("merge_counts")).fetchone()
    return {"events": events, "entries": entries, "members": members, "multi_source_entries": multi}


def split(conn: psycopg.Connection, event_id: int) -> int | None:
    """Take an event out of its entry into one of its own, and keep it apart in later rebuilds."""
    with conn.transaction():
        conn.execute(q("merge_pin"), {"event_id": event_id})
        conn.execute(q("merge_detach"), {"event_id": event_id})
        return assign(conn, [event_id]).get(event_id)


def _json(rows: list[dict]) -> str:
    return orjson.dumps(rows, default=str).decode()  # dates as ISO dates
