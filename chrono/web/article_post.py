"""POST /articles: one article, given as a JSON object like a JSON Lines record, through the same
ingest pipeline as `chrono ingest` (stored raw, then dated, placed and turned into events).

The record's own "source" names the outlet; the article is stored under it, reached "via" the `api`
source. Without a "published" time or a dateline in the text the article waits as `pending`, as
with `chrono ingest FILE` (see docs/ingest.md)."""

from __future__ import annotations

import json

from chrono.store import db
from chrono.store.queries import Q

API_SOURCE = "api"


def ingest_record(record: dict) -> dict:
    from chrono.ingest import readers
    from chrono.ingest.limits import storable
    from chrono.ingest.pipeline import Runner
    from chrono.ingest.sources import Source

    raw = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    item = readers.record_item(raw, "POST /articles")
    if item.error:
        raise ValueError(item.error.removeprefix("POST /articles: "))
    source = Source(name=API_SOURCE, kind="jsonl", location=(), lang="auto", timezone="Asia/Damascus",
                    on_missing_published="pending")

    class _Runner(Runner):
        processed: list[int] = []

        def process(self, article_id, *args, **kwargs):
            self.processed.append(article_id)
            return super().process(article_id, *args, **kwargs)

    with db.connect(autocommit=True) as conn:
        runner = _Runner(conn)
        counts = runner.run_items(source, [item], trigger="api")
        article_id = runner.processed[-1] if runner.processed else None
        if article_id is None and item.url:
            row = conn.execute(Q.web_article_by_url, {"url": storable(item.url)}).fetchone()
            article_id = row[0] if row else None
        status_row = conn.execute(Q.web_article_status, {"id": article_id}).fetchone() if article_id else None
    article_status = status_row[0] if status_row else None
    if counts.unchanged:
        state = "unchanged"
    elif article_status in ("pending", "failed") or counts.failed:
        state = article_status or "failed"
    else:
        state = "new" if counts.new else "updated"
    return {"status": state, "article_id": article_id,
            "article_status": status_row[0] if status_row else None,
            "error": status_row[1] if status_row else None,
            "events": counts.events, "errors": counts.errors[:10]}
