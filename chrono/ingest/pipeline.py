"""The ingest run: sources → stored raw articles → prepared text → mentions and places → events.

`Runner` does one run on one connection: `run_sources(...)`, `run_items(...)` or `reprocess(...)`,
each recorded in `ingest_runs`. Every article is stored raw first (own transaction), then processed
in a second transaction; a failure there marks the article `failed` with the error, and the next
run tries it again (up to `store.MAX_ATTEMPTS` times). A set `stop` event (SIGTERM) ends the run
after the current article. With clustering on, stored articles wait in `self.backlog` and are clustered
into timeline entries a batch at a time, and at the end of the run; a run first clusters what an earlier
one left unclustered (`chrono.merge.backlog`).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import psycopg

from chrono.ingest import events as ev
from chrono.ingest import http, limits, readers, store
from chrono.ingest.prepare import Pending, prepare
from chrono.ingest.progress import Progress
from chrono.ingest.sources import Source, SourcesError
from chrono.merge import enabled as clustering_enabled
from chrono.merge.backlog import Backlog
from chrono.store.queries import get as q

log = logging.getLogger("chrono.ingest")

MAX_ERRORS_KEPT = 200
CHECKPOINT_EVERY = 50  # items between writes of a running run's counts to `ingest_runs`


@dataclass
class Counts:
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    pending: int = 0
    events: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_row(self) -> dict:
        return {"fetched": self.fetched, "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "failed": self.failed, "events": self.events, "errors": json.dumps(self.errors)}

    def summary(self) -> str:
        return (f"{self.fetched} fetched, {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.failed} failed, {self.pending} pending, {self.events} events")


@dataclass(frozen=True)
class Settings:
    """How to read a stored source's articles (from its `sources` row)."""
    zone: ZoneInfo
    lang: str
    home_region: str | None
    on_missing: str


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Runner:
    def __init__(self, conn: psycopg.Connection, *, progress: Progress | None = None,
                 stop: threading.Event | None = None, clock=utcnow, fetch_options: dict | None = None):
        self.conn = conn
        self.progress = progress or Progress()
        self.stop = stop or threading.Event()
        self.clock = clock
        self.fetch_options = fetch_options or {}
        self.counts = Counts()
        self.run_id: int | None = None  # the `ingest_runs` row of the current (or last) run
        self.status: str | None = None
        self._settings: dict[int, Settings] = {}
        self._handled: set[int] = set()  # failed or pending in this run: not retried again in it
        self._places = None  # resolved lazily: the matcher, or False when it cannot be used
        self.ids = store.Ids()
        self.backlog = Backlog()  # stored articles whose events wait to be clustered
        # Commits need not wait for the disk: WAL order is kept, so a crash loses only the last few
        # articles as a whole, and the next run stores them again (every step is idempotent).
        conn.execute("SET synchronous_commit = off")
        # psycopg prepares a statement after a few runs, and PostgreSQL then may keep a generic plan
        # made while the tables were nearly empty (a sequential scan): plan each run for its values.
        conn.execute("SET plan_cache_mode = force_custom_plan")

    # --- runs -------------------------------------------------------------------------------------

    def run_sources(self, sources: list[Source], *, trigger: str = "manual") -> Counts:
        return self._recorded(trigger, lambda: self._sources(sources))

    def run_items(self, source: Source, items, *, trigger: str = "cli") -> Counts:
        def body():
            source_id = self.source_id(source)
            for item in items:
                if self.stop.is_set():
                    break
                self.handle(source, source_id, item)
        return self._recorded(trigger, body)

    def reprocess(self, since: datetime | None = None) -> Counts:
        def body():
            after = 0
            while not self.stop.is_set():  # keyset pages: memory stays flat however many articles
                ids = [r[0] for r in self.conn.execute(q("articles_to_reprocess"), {
                    "since": since, "after": after, "limit": 500}).fetchall()]
                if not ids:
                    break
                for article_id in ids:
                    if self.stop.is_set():
                        break
                    self.process(article_id)
                    self.progress.tick()
                after = ids[-1]
        return self._recorded("reprocess", body)

    def _recorded(self, trigger: str, body) -> Counts:
        run_id = self.run_id = self.conn.execute(q("run_start"), {"trigger": trigger}).fetchone()[0]
        status = "ok"
        try:
            if clustering_enabled():
                self.backlog.catch_up(self.conn)
            body()
            if self.stop.is_set():
                status = "interrupted"
        except BaseException as exc:
            status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
            self.counts.errors.append({"error": limits.storable(f"{type(exc).__name__}: {exc}")})
            raise
        finally:
            self.progress.close()
            self._cluster_waiting()
            self.status = status
            try:
                self.conn.execute(q("run_finish"), {"id": run_id, "status": status, **self.counts.as_row()})
            except psycopg.OperationalError as exc:
                # The database went away: the run stays `running` until the caller (job.run_once) or the
                # next locked run records it as failed. The error that ended the run goes on up.
                log.error("ingest run %d %s but could not be recorded: %s", run_id, status, exc)
            log.info("ingest run %d %s: %s", run_id, status, self.counts.summary())
        return self.counts

    def _cluster_waiting(self) -> None:
        """At the end of a run, however it ended: the stored articles still waiting are clustered (unless
        the database is gone: then the next run does it)."""
        try:
            self.backlog.flush(self.conn)
        except psycopg.OperationalError as exc:
            log.error("the stored articles of run %s wait to be clustered by the next run: %s", self.run_id, exc)

    def lost(self, exc: BaseException) -> bool:
        """Whether `exc` means the connection is gone (then nothing more can be written in this run)."""
        return isinstance(exc, psycopg.OperationalError) and (self.conn.closed or self.conn.broken)

    def _sources(self, sources: list[Source]) -> None:
        ids = []
        if len(sources) > limits.MAX_SOURCES_PER_RUN:
            left = sources[limits.MAX_SOURCES_PER_RUN:]
            self.note_error(None, None, f"{len(sources)} sources are due, over the limit of {limits.MAX_SOURCES_PER_RUN} "
                                        f"a run (CHRONO_MAX_SOURCES_PER_RUN); left for the next run: "
                                        f"{', '.join(s.name for s in left[:10])}{' …' if len(left) > 10 else ''}")
            sources = sources[:limits.MAX_SOURCES_PER_RUN]
        for source in sources:
            if self.stop.is_set():
                return
            try:
                source_id = self.source_id(source)
            except SourcesError as exc:
                self.note_error(source.name, None, str(exc))
                continue
            ids.append(source_id)
            self.progress.note = source.name
            try:
                self._read_source(source, source_id)
            except (readers.SourceError, http.FetchError) as exc:
                self.note_error(source.name, None, str(exc))
            except Exception as exc:  # noqa: BLE001 - a reader's bug must not end the run for the other sources
                if self.lost(exc):
                    raise
                log.exception("source %s: reading failed", source.name)
                self.note_error(source.name, None, f"reading failed: {type(exc).__name__}: {exc}")
            if self.stop.is_set():
                return
            self.conn.execute(q("source_mark_run"), {"id": source_id, "at": self.clock()})
        self.retry(ids)

    def _read_source(self, source: Source, source_id: int) -> None:
        """The source's items, within its item limit and time budget (what is left waits for the next run)."""
        started, worked = time.monotonic(), 0
        for item in readers.read(source, self.context()):  # checked after each item: the next is not fetched
            if self.stop.is_set():
                return
            if self.handle(source, source_id, item) != "unchanged":
                worked += 1
            if worked >= limits.MAX_ITEMS_PER_SOURCE:
                self.note_error(source.name, None, f"stopped after {worked} articles (CHRONO_MAX_ITEMS_PER_SOURCE); "
                                                   "any others wait for the next run")
                return
            if time.monotonic() - started > limits.SOURCE_BUDGET_SECONDS:
                self.note_error(source.name, None, f"stopped after {limits.SOURCE_BUDGET_SECONDS} s "
                                                   "(CHRONO_SOURCE_BUDGET); any others wait for the next run")
                return

    def retry(self, source_ids: list[int]) -> None:
        """Articles of these sources that failed or wait for an anchor, not yet handled in this run."""
        rows = self.conn.execute(q("articles_to_retry"), {"source_ids": source_ids,
                                                          "max_attempts": store.MAX_ATTEMPTS}).fetchall()
        for (article_id,) in rows:
            if self.stop.is_set():
                return
            if article_id not in self._handled:
                self.process(article_id)

    # --- one article ------------------------------------------------------------------------------

    def handle(self, source: Source, source_id: int, item: readers.Item) -> str:
        """Store one item and process it; returns what happened to it (unchanged, failed, …)."""
        if self.run_id is not None and self.counts.fetched and self.counts.fetched % CHECKPOINT_EVERY == 0:
            # the counts so far, so that a run cut off by a lost database still says how far it got
            self.conn.execute(q("run_progress"), {"id": self.run_id, **self.counts.as_row()})
        self.counts.fetched += 1
        if len(item.raw) > limits.MAX_RAW_CHARS:
            item = oversized(item)
        fetched_at = self.clock()
        try:
            if item.outlet and item.outlet != source.name:
                source_id = self.outlet_id(source, limits.storable(item.outlet))
            stored = store.store_raw(self.conn, source_id, item, fetched_at=fetched_at)
        except (psycopg.Error, ValueError, UnicodeError) as exc:  # the database refused this item
            if self.lost(exc):
                raise
            self.counts.failed += 1
            self.note_error(source.name, item.where, f"not stored: {type(exc).__name__}: {exc}")
            self.progress.tick()
            return "failed"
        error = item.error or stored.error
        if stored.state in ("unchanged", "duplicate"):
            self.counts.unchanged += 1
            self.progress.tick()
            return "unchanged"
        elif error:
            self._handled.add(stored.id)
            self.counts.failed += 1
            self.note_error(source.name, item.where, error)
            self.progress.tick()
            return "failed"
        else:
            if stored.state in ("new", "updated"):
                setattr(self.counts, stored.state, getattr(self.counts, stored.state) + 1)
            if stored.state == "new":  # what was just stored, without reading it back
                given = item.published
                outcome = self.process(stored.id, row=(stored.id, limits.storable(item.raw), item.raw_format, given,
                                             "given" if given else None, fetched_at, source_id))
            else:  # the stored row decides (its first fetch time, a time given before)
                outcome = self.process(stored.id)
        self.progress.tick()
        return outcome

    def process(self, article_id: int, row: tuple | None = None) -> str:
        """Prepare, resolve, place and store the events of a stored article (its `article_for_processing`
        row, when the caller has it at hand). Returns the article's new status."""
        if row is None:
            row = self.conn.execute(q("article_for_processing"), {"id": article_id}).fetchone()
        _, raw, raw_format, published_at, published_from, fetched_at, source_id = row
        settings = self.settings(source_id)
        try:
            prep = prepare(raw, raw_format, zone=settings.zone, lang=settings.lang, on_missing=settings.on_missing,
                           given=published_at if published_from == "given" else None,
                           fetched_at=fetched_at)
        except Pending as exc:
            self._handled.add(article_id)
            store.mark_pending(self.conn, article_id, str(exc))
            self.counts.pending += 1
            return "pending"
        except Exception as exc:  # noqa: BLE001 - any failure is recorded on the article
            if self.lost(exc):
                raise
            return self._failed(article_id, exc)
        try:
            article = ev.Article(body=prep.body, anchor=prep.anchor, lang=prep.lang, flags=prep.flags)
            mentions = resolve_mentions(prep.body, prep.anchor, prep.lang)
            places = self.find_places(prep.body, prep.lang, settings.home_region)
            rows = ev.build(article, mentions, places)
            store.save_events(self.conn, article_id, mentions, rows, ids=self.ids, backlog=self.backlog, article={
                "title": prep.title, "body": prep.body, "lang": prep.lang, "published_at": prep.anchor,
                "published_from": prep.published_from, "raw": raw})
        except Exception as exc:  # noqa: BLE001
            if self.lost(exc):
                raise  # not the article's fault: it stays as it was, the next run takes it again
            return self._failed(article_id, exc)
        self.counts.events += len(rows)
        return "processed"

    def _failed(self, article_id: int, exc: Exception) -> str:
        self._handled.add(article_id)
        message = f"{type(exc).__name__}: {exc}"
        log.warning("article %d failed: %s", article_id, message)
        store.mark_failed(self.conn, article_id, message)
        self.counts.failed += 1
        self.note_error(None, f"article {article_id}", message)
        return "failed"

    def note_error(self, source: str | None, where: str | None, message: str) -> None:
        source, where, message = limits.storable(source), limits.storable(where), limits.storable(message)
        if len(self.counts.errors) < MAX_ERRORS_KEPT:
            self.counts.errors.append({k: v for k, v in (("source", source), ("item", where), ("error", message)) if v})
        log.warning("%s", " · ".join(x for x in (source, where, message) if x))

    # --- sources and their settings ---------------------------------------------------------------

    def source_id(self, source: Source) -> int:
        home = self.region(source.home_region) if source.home_region else None
        params = self._source_params(source, home)
        row = self.conn.execute(q("source_upsert"), params).fetchone()
        return row[0]

    def outlet_id(self, parent: Source, outlet: str) -> int:
        home = self.region(parent.home_region) if parent.home_region else None
        params = self._source_params(parent, home) | {"name": outlet}
        params["settings"] = json.dumps(json.loads(params["settings"]) | {"via": parent.name})
        return self.conn.execute(q("source_ensure"), params).fetchone()[0]

    @staticmethod
    def _source_params(source: Source, home: str | None) -> dict:
        settings = {"on_missing_published": source.on_missing_published, "schedule": source.schedule}
        return {"name": source.name, "kind": source.kind, "location": " ".join(source.location) or None,
                "lang": source.lang, "timezone": source.timezone, "home_region": home,
                "settings": json.dumps(settings)}

    def region(self, name: str) -> str:
        row = self.conn.execute(q("region_named"), {"name": name}).fetchone()
        if row is None:
            loaded = self.conn.execute(q("regions_loaded")).fetchone()[0]
            hint = "" if loaded else " (the regions are not loaded: run `chrono places load`)"
            raise SourcesError(f"home_region {name!r} is not a known P-code or slug{hint}")
        return row[0]

    def settings(self, source_id: int) -> Settings:
        if source_id not in self._settings:
            row = self.conn.execute(q("source_by_id"), {"id": source_id}).fetchone()
            _, _, _, _, lang, tz, home, config = row
            self._settings[source_id] = Settings(ZoneInfo(tz), lang or "auto", home,
                                                 (config or {}).get("on_missing_published", "fetched"))
        return self._settings[source_id]

    # --- collaborators ----------------------------------------------------------------------------

    def find_places(self, body: str, lang: str | None, home_region: str | None) -> list:
        if self._places is None:
            self._places = places_matcher(self.conn)
        if not self._places:
            return []
        return self._places(body, lang=lang, home_region=home_region)

    def context(self) -> "DbContext":
        return DbContext(self.conn, self.fetch_options)


def oversized(item: readers.Item) -> readers.Item:
    """An item over MAX_RAW_CHARS: its head is kept raw, as failed, with an error naming the limit."""
    from dataclasses import replace

    error = (f"{item.where or 'item'}: {len(item.raw):,} characters, over the limit of {limits.MAX_RAW_CHARS:,} "
             f"(CHRONO_MAX_RAW_CHARS); only the first {limits.KEPT_HEAD_CHARS:,} are kept")
    return replace(item, raw=item.raw[:limits.KEPT_HEAD_CHARS], error=item.error or error)


def resolve_mentions(body: str, anchor: datetime, lang: str | None) -> list:
    from chrono.resolve import resolve

    return list(resolve(body, anchor=anchor, lang=lang))


def places_matcher(conn: psycopg.Connection):
    """`chrono.places.find`, or False (with a warning) when the regions are not in the database."""
    if not conn.execute(q("regions_loaded")).fetchone()[0]:
        log.warning("the regions are not loaded (run `chrono places load`): events get no places")
        return False
    try:
        from chrono.places import find
    except ImportError as exc:
        log.warning("the place matcher is not available (%s): events get no places", exc)
        return False
    return find


class DbContext:
    """Readers' access to the network, with conditional-GET validators kept in `http_cache`."""

    def __init__(self, conn: psycopg.Connection, fetch_options: dict):
        self.conn = conn
        self.options = fetch_options

    def fetch(self, url: str, *, conditional: bool = True) -> http.Response:
        validators = None
        if conditional:
            row = self.conn.execute(q("http_cache_get"), {"url": url}).fetchone()
            validators = http.Validators(*row) if row else None
        return http.get(url, validators=validators, **self.options)

    def remember(self, response: http.Response) -> None:
        v = response.validators
        if v.etag or v.last_modified:
            self.conn.execute(q("http_cache_put"), {"url": response.url, "etag": v.etag,
                                                    "last_modified": v.last_modified})

    def known(self, source: Source, url: str) -> bool:
        return self.conn.execute(q("article_known"), {"source": source.name, "url": url}).fetchone() is not None
