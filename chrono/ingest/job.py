"""The scheduled job: one run at a time across processes and machines, on a fixed schedule.

The lock is a PostgreSQL session advisory lock held on a connection of its own for the whole run; a
process that cannot take it logs that and waits for its next tick. Each tick runs the sources that
are due by their own `schedule` (all of them when they have none).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from contextlib import contextmanager
from datetime import datetime

import psycopg

from chrono.ingest.pipeline import Counts, Runner, utcnow
from chrono.ingest.progress import Progress
from chrono.ingest.schedule import Schedule, parse_schedule
from chrono.ingest.sources import Source, SourcesError, load
from chrono.store import db
from chrono.store.queries import get as q

log = logging.getLogger("chrono.ingest")

LOCK_KEY = int.from_bytes(hashlib.sha256(b"chrono.ingest").digest()[:8], "big", signed=True)


@contextmanager
def run_lock(dsn: str):
    """Yields True when this process holds the ingest lock (until the block ends), else False."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        held = conn.execute(q("try_lock"), {"key": LOCK_KEY}).fetchone()[0]
        try:
            yield held
        finally:
            if held and not conn.closed:
                conn.execute(q("unlock"), {"key": LOCK_KEY})


def due_sources(conn: psycopg.Connection, sources: list[Source], now: datetime) -> list[Source]:
    rows = dict(conn.execute(q("sources_last_run"), {"names": [s.name for s in sources]}).fetchall())
    out = []
    for source in sources:
        if source.schedule is None or parse_schedule(source.schedule).due(rows.get(source.name), now):
            out.append(source)
    return out


def run_once(dsn: str, sources: list[Source], *, trigger: str = "manual", stop: threading.Event | None = None,
             progress: Progress | None = None, due_only: bool = False, clock=utcnow,
             fetch_options: dict | None = None) -> Counts | None:
    """One run over `sources` under the lock; None when another process holds it."""
    with run_lock(dsn) as held:
        if not held:
            log.info("another ingest run holds the lock; waiting for the next tick")
            return None
        with db.connect(dsn, autocommit=True) as conn:
            chosen = due_sources(conn, sources, clock()) if due_only else sources
            runner = Runner(conn, progress=progress, stop=stop, clock=clock, fetch_options=fetch_options)
            return runner.run_sources(chosen, trigger=trigger)


def every(dsn: str, schedule: Schedule, sources_path, *, stop: threading.Event, clock=utcnow,
          max_ticks: int | None = None) -> int:
    """Run at once, then on every tick of `schedule`, until `stop` is set. Returns the ticks run."""
    ticks = 0
    while not stop.is_set():
        started = clock()
        try:
            sources = load(sources_path)
        except SourcesError as exc:
            log.error("%s; trying again at the next tick", exc)
        else:
            try:
                run_once(dsn, sources, trigger="schedule", stop=stop, due_only=True, clock=clock)
            except (db.DatabaseError, psycopg.OperationalError) as exc:
                log.error("ingest run failed: %s; trying again at the next tick", exc)
        ticks += 1
        if max_ticks is not None and ticks >= max_ticks:
            break
        wait = (schedule.next_after(started) - clock()).total_seconds()
        if wait > 0:
            stop.wait(wait)
    return ticks
