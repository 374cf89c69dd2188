"""Timeline entries in PostgreSQL: events put together by `same_event`, incrementally at ingest time.

`assign(conn, event_ids)` takes an article's newly stored events, looks up the entries they may join
(same governorate, dates within a few days: the GiST index on entries (admin1, span)), compares each
new event with the members of those entries, and joins the entry of the best match or opens a new
one. Members are stored in `entry_members` with the score and the reasons; events are never changed.
`rebuild(conn)` empties the entries and assigns every event again in the order they were stored, which
is the order ingest assigned them: the result is the same as the incremental one.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

import psycopg

from chrono.merge import dates, origins
from chrono.merge.pair import EventDoc, same_event
from chrono.store.queries import get as q  # noqa: F401 (tests use entries.q)

LEAD_PARAGRAPHS = 2               # paragraphs of an article's opening that describe its lead event
LEAD_CHARS = 700
SLACK = dates.PUBLICATION_LAG + 1  # days around an event's dates in which entries are candidates
DISAGREE_WIDTH = 2                 # members at most this many days wide that do not overlap disagree


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


class _DocCache:
    """(event id, text, dates, places) -> EventDoc: text features computed once per process."""

    def __init__(self, size: int = 100_000):
        self.size = size
        self.docs: OrderedDict[tuple, EventDoc] = OrderedDict()

    def get(self, key, make) -> EventDoc:
        doc = self.docs.get(key)
        if doc is None:
            doc = self.docs[key] = make()
            if len(self.docs) > self.size:
                self.docs.popitem(last=False)
        return doc

    def clear(self) -> None:
        self.docs.clear()


_docs = _DocCache()


def _member(row) -> tuple[str, Member, tuple | None, bool]:
    (role, event_id, entry_id, text, lang, d_from, d_to, grain, value, edtf, flags, admin1, places, article_id,
     source, origin, origin_evidence, matched, score, reasons, pinned, article_text, a_origin, a_chain,
     a_evidence, stale, title, opening) = row
    when = dates.When.of(d_from, d_to or d_from, grain, flags or (), edtf)
    if when.publication_day and (title or opening):
        # an event dated by the publication day is the article's lead: it tells the story that the
        # title and the opening paragraphs tell, so they are what it is compared by
        text = f"{title or ''}. {_paragraphs(opening or text, LEAD_PARAGRAPHS)}"
    # keyed by content too: ids come back after a database is emptied with RESTART IDENTITY
    doc = _docs.get((event_id, text, d_from, d_to, tuple(places or ())), lambda: EventDoc(
        text, lang, dates.When.of(d_from, d_to or d_from, grain, flags or (), edtf), tuple(places or ()), source,
        event_id))
    m = Member(event_id, entry_id, doc, admin1, article_id, source, value, edtf, grain or "day", bool(pinned),
               origin, origin_evidence, matched, score, reasons or [])
    article = (article_text, (a_origin, a_chain, a_evidence)) if role == "new" else None
    return role, m, article, bool(stale)


def _paragraphs(text: str, n: int) -> str:
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    return " ".join(parts[:n])


def assign(conn: psycopg.Connection, event_ids) -> dict[int, int]:
    """Put the given (newly stored) events into entries; returns event id -> entry id for them.
    Events already in an entry keep it. Runs in the caller's transaction (or its own)."""
    ids = sorted({int(i) for i in event_ids})
    if not ids:
        return {}
    with conn.transaction():
        conn.execute(q("merge_lock"))
        rows = conn.execute(q("merge_load"), {"ids": ids, "slack": SLACK, "lead_chars": LEAD_CHARS}).fetchall()
        new: list[Member] = []
        entries: dict[int, list[Member]] = {}
        article_origin: dict[int, origins.Origin | None] = {}
        origin_rows: list[dict] = []
        stale: set[int] = set()
        for row in rows:
            role, m, article, is_stale = _member(row)
            if role == "new":
                new.append(m)
                if m.article_id is not None and m.article_id not in article_origin:
                    text, (a_origin, a_chain, a_evidence) = article
                    if text is not None:
                        found = origins.article_origin(text)
                        article_origin[m.article_id] = found
                        if found:
                            origin_rows.append({"article_id": m.article_id, "origin": found.origin,
                                                "chain": list(found.chain), "evidence": found.evidence})
                    else:
                        article_origin[m.article_id] = (origins.Origin(a_origin, tuple(a_chain), a_evidence)
                                                        if a_origin else None)
            elif m.entry_id is not None:
                entries.setdefault(m.entry_id, []).append(m)
                if is_stale:
                    stale.add(m.entry_id)
        new_ids = {m.event_id for m in new}
        touched: set[int] = set(stale)  # a stale entry lost a member: its summary is recomputed
        placeholders = 0
        result: dict[int, int] = {}
        for ev in new:
            if ev.entry_id is not None:  # assigned before
                result[ev.event_id] = ev.entry_id
                continue
            found = origins.report_origin(ev.doc.text, article_origin.get(ev.article_id))
            if found:
                ev.origin, ev.origin_evidence = found.origin, found.evidence
            best = None if ev.pinned else _best_match(ev, entries)
            if best is None:
                placeholders += 1
                entry_id = -placeholders
                entries[entry_id] = []
            else:
                score, entry_id, matched, decision = best
                ev.matched_event_id, ev.score, ev.reasons = matched.event_id, score, list(decision.reasons)
            ev.entry_id = entry_id
            entries[entry_id].append(ev)
            touched.add(entry_id)
        real_ids = _allocate(conn, placeholders)
        remap = {-(k + 1): real_ids[k] for k in range(placeholders)}
        entry_rows, member_rows = [], []
        for entry_id in sorted(touched, key=lambda e: (e > 0, abs(e))):
            members = entries[entry_id]
            real = remap.get(entry_id, entry_id)
            for m in members:
                if m.entry_id == entry_id and m.event_id in new_ids and m.event_id not in result:
                    m.entry_id = real
                    member_rows.append({"event_id": m.event_id, "entry_id": real, "matched_event_id": m.matched_event_id,
                                        "score": m.score, "reasons": m.reasons, "origin": m.origin,
                                        "origin_evidence": m.origin_evidence})
                    result[m.event_id] = real
            entry_rows.append({"id": real, **summarize(members)})
        conn.execute(q("merge_write"), {"entries": _json(entry_rows), "members": _json(member_rows),
                                        "origins": _json(origin_rows)})
    return result


def _best_match(ev: Member, entries: dict[int, list[Member]]):
    best = None
    for entry_id, members in entries.items():
        if not members or members[0].admin1 != ev.admin1 or any(m.pinned for m in members):
            continue
        for m in members:
            if m.article_id is not None and m.article_id == ev.article_id:
                continue  # sentences of one article are not compared with each other
            if not dates.compare(ev.doc.when, m.doc.when).compatible:
                continue
            d = same_event(ev.doc, m.doc)
            if d.same:
                key = (d.score, -abs(entry_id) if entry_id > 0 else -10**18 - abs(entry_id), -m.event_id)
                if best is None or key > best[0]:
                    best = (key, entry_id, m, d)
    if best is None:
        return None
    key, entry_id, m, d = best
    return key[0], entry_id, m, d


def _allocate(conn: psycopg.Connection, n: int) -> list[int]:
    if not n:
        return []
    return list(conn.execute(q("merge_allocate_entry_ids"), {"n": n}).fetchone()[0])


def summarize(members: list[Member]) -> dict:
    """An entry's date and counts from its members: the most precise date consistent with the others
    (publication-day fallbacks and open intervals only when nothing better is given), disagreements
    between precise members flagged and listed, sources and independent sources counted."""
    given = [m for m in members if not m.doc.when.publication_day and not m.doc.when.open] or members

    def support(m: Member) -> int:
        return sum(1 for o in members if dates.compare(m.doc.when, o.doc.when).compatible)

    lead = min(given, key=lambda m: (m.doc.when.width, -support(m), m.doc.when.date_from, m.event_id))
    precise = sorted((m for m in given if m.doc.when.width <= DISAGREE_WIDTH), key=lambda m: m.event_id)
    disagree = any(a.doc.when.date_to < b.doc.when.date_from or b.doc.when.date_to < a.doc.when.date_from
                   for i, a in enumerate(precise) for b in precise[i + 1:])
    flags = ["date_disagreement"] if disagree else []
    member_dates = [{"event_id": m.event_id, "date_from": m.doc.when.date_from.isoformat(),
                     "date_to": m.doc.when.date_to.isoformat(), "grain": m.grain, "source": m.source,
                     "publication_date": m.doc.when.publication_day}
                    for m in sorted(members, key=lambda m: m.event_id)] if disagree else []
    sources = {(m.source or f"article {m.article_id}").casefold() for m in members}
    independent = {(m.origin or m.source or f"article {m.article_id}").casefold() for m in members}
    admin1s = [m.admin1 for m in members if m.admin1]
    return {
        "date_from": lead.doc.when.date_from.isoformat(), "date_to": lead.doc.when.date_to.isoformat(),
        "span_from": min(m.doc.when.date_from for m in members).isoformat(),
        "span_to": max(m.doc.when.date_to for m in members).isoformat(),
        "grain": lead.grain, "value": lead.value, "edtf": lead.edtf, "flags": flags, "member_dates": member_dates,
        "admin1": max(set(admin1s), key=admin1s.count) if admin1s else None, "lead_event_id": lead.event_id,
        "reports": len(members), "sources": len(sources), "independent_sources": len(independent),
    }


def rebuild(conn: psycopg.Connection, *, batch: int = 5000, progress=None) -> dict:
    """Empty the entries and assign every event again, article by article in storage order."""
    _docs.clear()
    with conn.transaction():
        conn.execute(q("merge_clear"))
    pending: list[int] = []
    current = None
    after = 0
    while True:
        rows = conn.execute(q("merge_event_ids_after"), {"after": after, "limit": batch}).fetchall()
        if not rows:
            break
        for event_id, article_id in rows:
            if pending and article_id != current:
                assign(conn, pending)
                pending = []
            pending.append(event_id)
            current = article_id
        after = rows[-1][0]
        if progress:
            progress(after)
    if pending:
        assign(conn, pending)
    events, entries, members, multi, stale = conn.execute(q("merge_counts")).fetchone()
    return {"events": events, "entries": entries, "members": members, "multi_source_entries": multi}


def split(conn: psycopg.Connection, event_id: int) -> int | None:
    """Take an event out of its entry into one of its own, and keep it apart in later rebuilds."""
    with conn.transaction():
        conn.execute(q("merge_pin"), {"event_id": event_id})
        conn.execute(q("merge_detach"), {"event_id": event_id})
        return assign(conn, [event_id]).get(event_id)


def _json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, date) else str(v))
