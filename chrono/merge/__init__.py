"""chrono.merge: one happening, many reports.

`same_event(a, b)` decides for one pair of reports (pure, no database); `assign(conn, events)`
puts newly stored events into timeline entries at ingest time; `rebuild(conn)` re-clusters everything.
See docs/merge.md.
"""

from chrono.merge.pair import Decision, EventDoc, same_event

__all__ = ["Decision", "EventDoc", "same_event", "assign", "rebuild", "after_store", "enabled"]


def enabled() -> bool:
    """Clustering at ingest time is on unless CHRONO_MERGE is 0/off/false (then `chrono merge --rebuild`
    catches up)."""
    import os

    return os.environ.get("CHRONO_MERGE", "on").strip().lower() not in {"0", "off", "false", "no"}


def after_store(conn, events, *, article_id=None, article=None):
    """The ingest hook: called in the transaction that stored them with an article's new events — ids, or
    the stored `EventRow`s with the article's id and its title, body and raw text (then nothing is read
    back)."""
    if events and enabled():
        return assign(conn, events, article_id=article_id, article=article)
    return {}


def assign(conn, events, *, article_id=None, article=None):
    from chrono.merge.entries import assign as _assign

    return _assign(conn, events, article_id=article_id, article=article)


def rebuild(conn):
    from chrono.merge.entries import rebuild as _rebuild

    return _rebuild(conn)
