"""chrono.merge: one happening, many reports.

`same_event(a, b)` decides for one pair of reports (pure, no database); `assign(conn, event_ids)`
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


def after_store(conn, event_ids):
    """The ingest hook: called with an article's new event ids in the transaction that stored them."""
    if event_ids and enabled():
        return assign(conn, event_ids)
    return {}


def assign(conn, event_ids):
    from chrono.merge.entries import assign as _assign

    return _assign(conn, event_ids)


def rebuild(conn):
    from chrono.merge.entries import rebuild as _rebuild

    return _rebuild(conn)
