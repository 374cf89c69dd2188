"""chrono.merge: one happening, many reports.

`same_event(a, b)` decides for one pair of reports (pure, no database); `assign(conn, events)`
puts newly stored events into timeline entries; ingest hands its stored articles to a `backlog.Backlog`,
which clusters them a batch at a time; `rebuild(conn)` re-clusters everything. See docs/merge.md.
"""

from chrono.merge.pair import Decision, EventDoc, same_event

__all__ = ["Decision", "EventDoc", "same_event", "assign", "rebuild", "after_store", "enabled"]


def enabled() -> bool:
    """Clustering at ingest time is on unless CHRONO_MERGE is 0/off/false (then `chrono merge --rebuild`
    catches up)."""
    import os

    return os.environ.get("CHRONO_MERGE", "on").strip().lower() not in {"0", "off", "false", "no"}


def after_store(conn, events, *, article_id=None, article=None):
    """Cluster an article's stored events now, when clustering is on — ids, or the stored `EventRow`s with
    the article's id and its title, body and raw text (then nothing is read back). Ingest uses a `Backlog`
    instead, which clusters many articles at a time."""
    if events and enabled():
        return assign(conn, events, article_id=article_id, article=article)
    return {}


def assign(conn, events, *, article_id=None, article=None):
    from chrono.merge.entries import assign as _assign

    return _assign(conn, events, article_id=article_id, article=article)


def rebuild(conn):
    from chrono.merge.entries import rebuild as _rebuild

    return _rebuild(conn)
