"""Writing ingest results to PostgreSQL. Queries live in sql/queries/ingest.sql.

- `store_raw`: the raw article, first and in its own transaction, keyed by source + URL, else GUID,
  else content hash; says whether it is new, updated, unchanged or due for another try.
- `save_events`: an article's mentions, events, event regions and reports, replacing the old ones;
  one statement per table (rows sent as one JSON array each), all in one transaction sent as one
  pipeline (ids come from blocks taken ahead, see `Ids`). With clustering on, the article is noted in
  `merge_queue` in that transaction and its events are clustered after it (`chrono.merge.backlog`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

import psycopg

from chrono import merge
from chrono.ingest.events import EventRow
from chrono.ingest.limits import MAX_KEY_CHARS, storable
from chrono.merge.backlog import Backlog
from chrono.store.queries import get as q

MAX_ATTEMPTS = 5


def content_hash(raw: str, raw_format: str) -> str:
    return hashlib.sha256(f"{raw_format}\n{raw}".encode("utf-8", errors="replace")).hexdigest()


@dataclass(frozen=True)
class Stored:
    id: int
    state: str  # new | updated | unchanged | retry | duplicate
    error: str | None = None  # the item cannot be processed (its own error, or a key over the limit)


def store_raw(conn: psycopg.Connection, source_id: int, item, *, fetched_at: datetime) -> Stored:
    """Store an `Item` (see readers.py) unless the same article is already stored unchanged.
    A new article takes one statement; a changed one a second."""
    raw, error = storable(item.raw), storable(item.error)
    url, guid = storable(item.url), storable(item.guid)
    for name, key in (("url", url), ("guid", guid)):
        if key is not None and len(key) > MAX_KEY_CHARS:  # a unique key: kept in the raw, not as the key
            error = error or f"{item.where or 'item'}: its {name} is {len(key):,} characters, over {MAX_KEY_CHARS:,}"
            url, guid = (None, guid) if name == "url" else (url, None)
    digest = content_hash(raw, item.raw_format)
    given = item.published
    params = {"source_id": source_id, "url": url, "guid": guid, "content_hash": digest,
              "title": storable(item.title), "raw": raw, "raw_format": item.raw_format,
              "published_at": given, "published_from": "given" if given else None,
              "status": "failed" if error else "pending", "error": error,
              "attempts": 1 if error else 0, "fetched_at": fetched_at}
    rows = conn.execute(q("article_store"), params).fetchall()
    if not rows:  # a concurrent writer stored it between our look and our insert: look again
        rows = conn.execute(q("article_store"), params).fetchall()
    if any(r[8] for r in rows):
        return Stored(rows[0][0], "new", error)
    same = _same_article(rows, url, guid, digest)
    if same is None:
        return Stored(next(r[0] for r in rows if r[3] == digest), "duplicate", error)
    article_id, _url, _guid, old_hash, status, attempts, published_at, published_from, _ = same
    given_changed = given is not None and (published_from != "given" or published_at != given)
    if old_hash == digest and not given_changed:
        if status == "processed":
            return Stored(article_id, "unchanged", error)
        if status == "pending" or attempts < MAX_ATTEMPTS:
            return Stored(article_id, "retry", error)
        return Stored(article_id, "unchanged", error)
    if given is None and published_from == "given":
        params["published_at"], params["published_from"] = published_at, published_from
    conn.execute(q("article_replace"), {**params, "id": article_id})
    return Stored(article_id, "updated", error)


def _same_article(rows, url, guid, digest):
    """The stored row that is this item: same URL, else same GUID, else same content without a URL
    (a row with the same content under another URL is a duplicate, not this article)."""
    for pick in (lambda r: url and r[1] == url, lambda r: guid and r[2] == guid,
                 lambda r: not url and r[3] == digest):
        row = next((r for r in rows if pick(r)), None)
        if row is not None:
            return row
    return None


class Ids:
    """Ids for new mentions and events, taken from their sequences a block at a time (sequences are not
    transactional, so an unused id is only a gap), so that an article's rows go in without a round trip
    to learn their ids."""

    BLOCK = 512

    def __init__(self):
        self.free: dict[str, list[int]] = {"mentions": [], "events": []}

    def take(self, conn: psycopg.Connection, mentions: int, events: int) -> tuple[list[int], list[int]]:
        need = {"mentions": mentions, "events": events}
        if any(len(self.free[t]) < n for t, n in need.items()):
            more = {t: max(self.BLOCK, n) if len(self.free[t]) < n else 0 for t, n in need.items()}
            m_ids, e_ids = conn.execute(q("allocate_ids"), more).fetchone()
            self.free["mentions"].extend(m_ids)
            self.free["events"].extend(e_ids)
        out = []
        for t in ("mentions", "events"):
            out.append(self.free[t][:need[t]])
            del self.free[t][:need[t]]
        return out[0], out[1]


def save_events(conn: psycopg.Connection, article_id: int, mentions: list, rows: list[EventRow], *,
                article: dict, ids: Ids | None = None, backlog=None) -> list[EventRow]:
    """Replace the article's mentions and events with these and mark it processed: one transaction,
    sent as one pipeline. With clustering on, the events then wait in `backlog` (a
    `chrono.merge.backlog.Backlog`, clustered here when full; its owner clusters the rest), or without
    one are clustered at once, in a transaction of their own."""
    m_ids, e_ids = (ids or Ids()).take(conn, len(mentions), len(rows))
    for row, eid in zip(rows, e_ids):
        row.id = eid
    with conn.pipeline(), conn.transaction():
        conn.execute(q("article_events_delete"), {"id": article_id})
        conn.execute(q("article_mentions_delete"), {"id": article_id})
        if mentions:
            conn.execute(q("mentions_insert"), {"article_id": article_id, "rows": _json(
                [_mention_row(mid, m) for mid, m in zip(m_ids, mentions)])})
        if rows:
            conn.execute(q("events_insert"), {"rows": _json([_event_row(r) for r in rows])})
            regions = [{"event_id": r.id, "pcode": p, "date_from": r.date_from, "date_to": r.date_to}
                       for r in rows for p in r.places]
            if regions:
                conn.execute(q("event_regions_insert"), {"rows": _json(regions),
                                                         "pcodes": sorted({x["pcode"] for x in regions})})
            conn.execute(q("event_reports_insert"), {"article_id": article_id, "rows": _json([
                {"event_id": r.id, "mention_id": m_ids[r.mention] if r.mention is not None else None,
                 "sentence": r.text, "sentence_start": r.sentence_start} for r in rows])})
        queue = merge.enabled() and any(r.date_from is not None for r in rows)
        conn.execute(q("article_processed"), {"id": article_id, "queue": queue, **article})
    if queue:  # timeline entries (chrono.merge), after the article's commit
        backlog = backlog if backlog is not None else Backlog(size=1)
        backlog.add(rows, article_id=article_id, article=article)
        if backlog.full:
            backlog.flush(conn)
    return rows


def mark_failed(conn: psycopg.Connection, article_id: int, error: str) -> None:
    conn.execute(q("article_failed"), {"id": article_id, "error": storable(error[:4000])})


def mark_pending(conn: psycopg.Connection, article_id: int, reason: str) -> None:
    conn.execute(q("article_pending"), {"id": article_id, "error": storable(reason)})


def _mention_row(mid: int, m) -> dict:
    return {"id": mid, "span_start": m.span[0], "span_end": m.span[1], "surface": m.text, "kind": m.kind,
            "date_from": m.date_from, "date_to": m.date_to, "time_from": m.time_from, "time_to": m.time_to,
            "grain": m.grain, "value": m.value, "edtf": m.edtf, "flags": list(m.flags), "rule": m.rule,
            "explanation": m.explanation}


def _event_row(r: EventRow) -> dict:
    return {"id": r.id, "date_from": r.date_from, "date_to": r.date_to, "time_from": r.time_from,
            "time_to": r.time_to, "grain": r.grain, "value": r.value, "edtf": r.edtf, "flags": list(r.flags),
            "text": r.text, "text_norm": r.text_norm, "lang": r.lang, "admin1": r.admin1}


def _json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, default=_iso)


def _iso(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")
