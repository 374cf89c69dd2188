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
            if held and not conn.closed and not conn.broken:
                try:
                    conn.execute(q("unlock"), {"key": LOCK_KEY})
                except psycopg.OperationalError:
                    pass  # the connection is gone, and its session's lock with it


def due_sources(conn: psycopg.Connection, sources: list[Source], now: datetime) -> list[Source]:
    rows = dict(conn.execute(q("sources_last_run"), {"names": [s.name for s in sources]}).fetchall())
    out = []
    for source in sources:
        if source.schedule is None or parse_schedule(source.schedule).due(rows.get(source.name), now):
            out.append(source)
    # Least recently run first: when more are due than a run takes (limits.MAX_SOURCES_PER_RUN), the
    # ones left over come first next time.
    never = datetime.min.replace(tzinfo=now.tzinfo)
    return sorted(out, key=lambda s: rows.get(s.name) or never)


def run_once(dsn: str, sources: list[Source], *, trigger: str = "manual", stop: threading.Event | None = None,
             progress: Progress | None = None, due_only: bool = False, clock=utcnow,
             fetch_options: dict | None = None) -> Counts | None:
    """One run over `sources` under the lock; None when another process holds it."""
    with run_lock(dsn) as held:
        if not held:
            log.info("another ingest run holds the lock; waiting for the next tick")
            return None
        runner = None
        try:
            with db.connect(dsn, autocommit=True) as conn:
                db.share_niceness(conn)  # a niced worker's queries yield too (CHRONO_WORKER_NICE)
                abandoned = conn.execute(q("runs_abandoned"), {"error": ABANDONED}).fetchall()
                for (run_id,) in abandoned:
                    log.warning("ingest run %d never finished (its process died or lost the database); "
                                "recorded as failed", run_id)
                chosen = due_sources(conn, sources, clock()) if due_only else sources
                runner = Runner(conn, progress=progress, stop=stop, clock=clock, fetch_options=fetch_options)
                return runner.run_sources(chosen, trigger=trigger)
        except psycopg.OperationalError as exc:
            if runner is not None and runner.run_id is not None:
                _record_lost(dsn, runner, exc)
            raise


ABANDONED = "the run ended without finishing (its process died or lost the database connection)"


def _record_lost(dsn: str, runner: Runner, exc: Exception) -> None:
    """The run's connection died: record the run as failed on a new connection, if the database is back
    (if not, the next locked run does it, see `runs_abandoned`)."""
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
            conn.execute(q("run_finish"), {"id": runner.run_id, "status": "failed", **runner.counts.as_row()})
        log.error("ingest run %d failed: lost the database connection (%s)", runner.run_id, exc)
    except psycopg.OperationalError as again:
        log.error("ingest run %d lost the database and cannot be recorded yet: %s", runner.run_id, again)


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
            except Exception:  # noqa: BLE001 - an unattended worker outlives a bad tick
                log.exception("ingest run failed; trying again at the next tick")
        ticks += 1
        if max_ticks is not None and ticks >= max_ticks:
            break
        wait = (schedule.next_after(started) - clock()).total_seconds()
        if wait > 0:
            stop.wait(wait)
    return ticks
