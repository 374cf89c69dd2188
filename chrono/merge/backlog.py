"""Articles ingest has stored whose events wait to be clustered, a batch at a time.

Ingest stores each article in a transaction of its own (and with clustering on, notes it in
`merge_queue` there); `Backlog` keeps the stored events in memory and clusters `BATCH_ARTICLES`
articles together in one more transaction (one lock statement, one write, each entry's summary
once), which also takes them out of the queue. What a stopped process leaves in the queue is clustered
by `catch_up` at the start of the next run. See docs/merge.md, "When it runs".
"""

from __future__ import annotations

import logging

import psycopg

from chrono.merge.entries import Stored, assign_stored, catch_up

log = logging.getLogger("chrono.merge")

BATCH_ARTICLES = 50  # articles clustered together: the cost per article of the lock and the write is
                     # nearly gone at 50; more only delays the entries of what was just stored


class Backlog:
    def __init__(self, size: int = BATCH_ARTICLES):
        self.size = size
        self.waiting: list[Stored] = []

    def __len__(self) -> int:
        return len(self.waiting)

    @property
    def full(self) -> bool:
        return len(self.waiting) >= self.size

    def add(self, rows, *, article_id: int, article: dict) -> None:
        """An article's stored `EventRow`s (ids set; committed, and noted in merge_queue), with its title,
        body and raw text."""
        self.waiting.append(Stored.of(rows, article_id, article))

    def flush(self, conn: psycopg.Connection) -> int:
        """Cluster what waits, in one transaction; returns how many articles. When that fails (say an
        article was reprocessed by another process between its commit and this write), the queue is read
        back once (`catch_up`); a failure there too is logged and leaves the articles in merge_queue for
        the next run: the articles themselves are stored, and clustering must not fail them. A lost
        connection is raised."""
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return 0
        try:
            assign_stored(conn, waiting)
        except Exception as exc:  # noqa: BLE001
            if _lost(conn, exc):
                raise
            log.warning("clustering %d stored articles failed (%s: %s); reading the queue back",
                        len(waiting), type(exc).__name__, exc)
            return self.catch_up(conn)
        return len(waiting)

    @staticmethod
    def catch_up(conn: psycopg.Connection) -> int:
        """Cluster what an earlier process left in merge_queue (see `entries.catch_up`); errors as `flush`."""
        try:
            done = catch_up(conn)
        except Exception as exc:  # noqa: BLE001
            if _lost(conn, exc):
                raise
            log.exception("clustering the articles left in merge_queue failed; they wait for the next run")
            return 0
        if done:
            log.info("clustered %d articles an earlier run had stored but not clustered", done)
        return done


def _lost(conn: psycopg.Connection, exc: Exception) -> bool:
    return isinstance(exc, psycopg.OperationalError) and (conn.closed or conn.broken)
