"""`chrono ingest …` and `chrono reprocess …`."""

from __future__ import annotations

import logging
import os
import signal
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

log = logging.getLogger("chrono.ingest")

MANUAL_SOURCE = "manual"


def _yield_cpu() -> int:
    """The scheduled worker is background work: it lowers its own CPU priority (CHRONO_WORKER_NICE,
    default 10; 0 leaves it), so that on a shared machine the web process answers first. Alone on the
    machine it runs as fast as before."""
    try:
        step = int(os.environ.get("CHRONO_WORKER_NICE", "10"))
    except ValueError as exc:
        raise click.ClickException(f"CHRONO_WORKER_NICE must be a whole number, not {os.environ['CHRONO_WORKER_NICE']!r}") from exc
    return os.nice(max(0, min(step, 19)))


@contextmanager
def _stopping():
    """An event set on SIGTERM (and Ctrl-C) while the block runs: the run finishes the current article
    and ends cleanly. The previous handlers come back afterwards."""
    stop = threading.Event()

    def handler(signum, frame):
        log.info("signal %d: finishing the current article, then stopping", signum)
        stop.set()

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, handler)
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")


def _dsn() -> str:
    from chrono.store import db

    try:
        return db.url()
    except db.DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("ingest")
@click.argument("items", nargs=-1)
@click.option("--source", "source_name", help="Store the given items under this source (default: manual).")
@click.option("--published", help="Publication time of the given items, ISO 8601 (e.g. 2022-10-09T10:00:00+03:00).")
@click.option("--tz", help="Time zone of an ad-hoc source (default Asia/Damascus).")
@click.option("--lang", type=click.Choice(["ar", "en"]), help="Language of an ad-hoc source's items.")
@click.option("--every", "every", metavar="SCHEDULE", help="Keep running: an interval (15m, 1h) or a cron expression.")
@click.option("--status", is_flag=True, help="Show the last runs and stop.")
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False), envvar="CHRONO_SOURCES",
              help="The sources file (default: $CHRONO_SOURCES, else samples/sources.toml).")
@click.option("--limit", default=10, show_default=True, help="Runs shown by --status.")
def ingest(items, source_name, published, tz, lang, every, status, sources_path, limit):
    """Ingest articles: every configured source once, the given files or URLs, or on a schedule."""
    from chrono.ingest import job, sources as sources_mod
    from chrono.ingest.pipeline import Runner
    from chrono.ingest.schedule import parse_schedule

    _logging()
    if status:
        _print_status(_dsn(), limit)
        return
    if every and items:
        raise click.UsageError("--every runs the configured sources; it takes no items")
    if (published or tz or lang or source_name) and not items:
        raise click.UsageError("--source, --published, --tz and --lang go with items (files or URLs)")
    if every:
        try:
            schedule = parse_schedule(every)
            sources_mod.load(sources_path)  # fail now, not at the first tick
        except (ValueError, sources_mod.SourcesError) as exc:
            raise click.ClickException(str(exc)) from exc
        niceness = _yield_cpu()
        with _stopping() as stop:
            dsn = _dsn()
            click.echo(f"ingesting on schedule {schedule.text!r} at niceness {niceness} (Ctrl-C or SIGTERM to stop)")
            job.every(dsn, schedule, sources_path, stop=stop)
        return
    if not items:
        try:
            configured = sources_mod.load(sources_path)
        except sources_mod.SourcesError as exc:
            raise click.ClickException(str(exc)) from exc
        import psycopg

        with _stopping() as stop:
            try:
                counts = job.run_once(_dsn(), configured, trigger="manual", stop=stop)
            except psycopg.OperationalError as exc:  # the run is recorded as failed (see job.run_once)
                raise click.ClickException(f"the run lost the database and stopped ({str(exc).strip()}); the "
                                           "articles stored so far are complete; run again to go on") from exc
        if counts is None:
            raise click.ClickException("another ingest run holds the lock; try again when it ends")
        click.echo(counts.summary())
        return

    source = _adhoc_source(source_name, tz, lang, sources_path)
    given = _published(published, source)
    from chrono.ingest import readers
    from chrono.store import db

    unreadable: list[str] = []
    with _stopping() as stop, db.connect(_dsn(), autocommit=True) as conn:
        runner = Runner(conn, stop=stop)
        stream = _items(items, source, given, runner, unreadable)
        try:
            counts = runner.run_items(source, stream, trigger="cli")
        except sources_mod.SourcesError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(counts.summary())
    for err in counts.errors[:20]:
        click.echo(f"  {' · '.join(str(v) for v in err.values())}", err=True)
    if unreadable:
        raise click.ClickException("could not read: " + "; ".join(unreadable))


def _adhoc_source(name, tz, lang, sources_path):
    from chrono.ingest.sources import Source, SourcesError, check_timezone, load

    name = name or MANUAL_SOURCE
    configured = {}
    try:
        configured = {s.name: s for s in load(sources_path)}
    except SourcesError:
        pass  # no sources file: items go to an ad-hoc source
    if name in configured:
        if tz or lang:
            raise click.UsageError(f"--tz and --lang are for ad-hoc sources; {name!r} sets its own in the sources file")
        return configured[name]
    if tz:
        try:
            check_timezone(tz, "--tz")
        except SourcesError as exc:
            raise click.BadParameter(str(exc)) from None
    # Ad-hoc items have no feed to date them: without a dateline or --published they wait (pending).
    return Source(name=name, kind="folder", location=(), lang=lang or "auto",
                  timezone=tz or "Asia/Damascus", on_missing_published="pending")


def _published(text, source) -> datetime | None:
    if not text:
        return None
    from chrono.ingest.prepare import BadArticle, parse_time

    try:
        return parse_time(text, source.zone)
    except BadArticle as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from None


def _items(items, source, given, runner, unreadable: list[str]):
    """Items of the given paths and URLs, each carrying the given publication time. A path or URL that
    cannot be read is noted in `unreadable` (and the run's errors); the others go on."""
    from chrono.ingest import http, readers

    for spec in items:
        try:
            for item in _spec_items(spec, source, runner):
                if given is not None:
                    item.published = given
                yield item
        except (readers.SourceError, http.FetchError) as exc:
            unreadable.append(str(exc))
            runner.note_error(source.name, spec, str(exc))


def _spec_items(spec, source, runner):
    from chrono.ingest import readers
    from chrono.ingest.sources import is_url

    if is_url(spec):
        return _url_items(spec, source, runner)
    path = Path(spec)
    if path.is_dir():
        return readers.read_folder(str(path), source, runner.context())
    if not path.is_file():
        raise readers.SourceError(f"{spec}: no such file or folder")
    if path.suffix.lower() in (".xml", ".rss", ".atom"):
        return readers.read_feed(str(path.resolve()), source, runner.context())
    return readers.read_file(path)


def _url_items(url, source, runner):
    from chrono.ingest import readers

    ctx = runner.context()
    resp = ctx.fetch(url, conditional=False)
    kind = resp.content_type
    head = resp.body[:500].lstrip().lower()
    if "xml" in kind or "rss" in kind or "atom" in kind or head.startswith((b"<?xml", b"<rss", b"<feed")):
        yield from readers.read_feed_bytes(resp.body, url, source, ctx)
    elif "json" in kind or url.lower().endswith((".jsonl", ".json")):
        for number, line in enumerate(resp.text().splitlines(), 1):
            if line.strip():
                yield readers.record_item(line.strip(), f"{url}:{number}")
    else:
        yield readers.Item(raw=resp.text(), raw_format="html", url=url, where=url)


def _print_status(dsn: str, limit: int) -> None:
    from chrono.store import db
    from chrono.store.queries import get as q

    with db.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(q("runs_recent"), {"limit": limit}).fetchall()
    if not rows:
        click.echo("no ingest runs yet")
        return
    click.echo(f"{'run':>5}  {'started':<19}  {'took':>7}  {'status':<11} {'trigger':<9} "
               f"{'fetched':>7} {'new':>5} {'upd':>5} {'same':>5} {'fail':>5} {'events':>6}")
    for (rid, started, finished, status, trigger, fetched, new, updated, unchanged, failed, events, errors) in rows:
        took = f"{(finished - started).total_seconds():.1f}s" if finished else "…"
        click.echo(f"{rid:>5}  {started.strftime('%Y-%m-%d %H:%M:%S'):<19}  {took:>7}  {status:<11} "
                   f"{trigger or '':<9} {fetched:>7} {new:>5} {updated:>5} {unchanged:>5} {failed:>5} {events:>6}")
        for err in (errors or [])[:3]:
            click.echo(f"        ! {' · '.join(str(v) for v in err.values())}")


@click.command("reprocess")
@click.option("--since", help="Only articles published on or after this day or time (ISO 8601; without an offset, Damascus time).")
def reprocess(since):
    """Re-read stored articles with the current rules (dates, places, events)."""
    from chrono.ingest import job
    from chrono.ingest.pipeline import Runner
    from chrono.store import db

    _logging()
    when = None
    if since:
        try:
            when = datetime.fromisoformat(since)
        except ValueError:
            raise click.BadParameter(f"{since!r} is not an ISO 8601 date or time", param_hint="--since") from None
        if when.tzinfo is None:
            from zoneinfo import ZoneInfo

            when = when.replace(tzinfo=ZoneInfo("Asia/Damascus"))
    dsn = _dsn()
    with _stopping() as stop, job.run_lock(dsn) as held:
        if not held:
            raise click.ClickException("an ingest run holds the lock; try again when it ends")
        with db.connect(dsn, autocommit=True) as conn:
            counts = Runner(conn, stop=stop).reprocess(when)
    click.echo(counts.summary())
