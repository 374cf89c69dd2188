"""Faults during ingest, with real processes and a real PostgreSQL: the database goes away mid-run
(its backend terminated, then the database refusing connections for a while), SIGTERM during a
scheduled run (also on the embedded PostgreSQL, which must stop with it), two workers started at once,
and sources that hang or answer 500. The tests with real worker processes are marked `stress`
(`make stress`); the others run with `make test`. Each fault test has a database of its own:
terminating backends must not touch the other tests' connections."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest

from chrono.ingest import job, limits
from chrono.ingest.sources import Source
from chrono.store import migrate

ROOT = Path(__file__).resolve().parents[1]
CHRONO = [sys.executable, "-m", "chrono"]
APP = "chrono-fault-test"
DAYS = 28


def write_articles(path: Path, n: int, prefix: str = "a") -> Path:
    """n articles, each with the same shape: one dated sentence, so each gives the same number of rows."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            day = i % DAYS + 1
            out.write(json.dumps({"url": f"https://example.org/{prefix}{i}",
                                  "text": f"قصفت القوات مدينة حلب يوم {day} تشرين الأول 2022. رقم التقرير {i}.",
                                  "published": "2022-11-01T10:00:00+03:00"}, ensure_ascii=False) + "\n")
    return path


def sources_file(tmp_path: Path, data: Path, name: str = "many") -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(f'[[source]]\nname = "{name}"\nkind = "jsonl"\nlocation = "{data}"\n', encoding="utf-8")
    return path


@pytest.fixture
def fresh_db(make_database):
    dsn = make_database()
    migrate.upgrade(dsn)
    return dsn


def env_for(dsn: str, sources: Path, **extra) -> dict:
    return {**os.environ, "DATABASE_URL": dsn, "CHRONO_SOURCES": str(sources), "PGAPPNAME": APP,
            "CHRONO_MERGE": "on", **extra}


def wait_for(predicate, seconds: float = 60.0, every: float = 0.02) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def one(conn, sql, *args):
    return conn.execute(sql, args).fetchone()[0]


def processed(conn) -> int:
    return one(conn, "SELECT count(*) FROM articles WHERE status = 'processed'")


def terminate_ingest(conn) -> int:
    return one(conn, "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = current_database() AND application_name = %s) t", APP)


def check_whole(conn, n_articles: int | None = None):
    """Every article is all or nothing: processed with its mentions, events and reports, or not processed
    with none of them; every processed article has the same number of rows (nothing lost, nothing twice)."""
    rows = conn.execute("""
        SELECT a.url, a.status,
               (SELECT count(*) FROM mentions m WHERE m.article_id = a.id),
               (SELECT count(*) FROM event_reports r WHERE r.article_id = a.id)
          FROM articles a ORDER BY a.id""").fetchall()
    urls = [r[0] for r in rows]
    assert len(urls) == len(set(urls)), "an article was stored twice"
    if n_articles is not None:
        assert len(rows) == n_articles
    shapes = set()
    for url, status, mentions, reports in rows:
        if status == "processed":
            assert mentions > 0 and reports > 0, f"{url} processed without its rows"
            shapes.add((mentions, reports))
        else:
            assert (mentions, reports) == (0, 0), f"{url} is {status} but has rows: half-written"
    assert len(shapes) <= 1, f"processed articles differ in their rows: {shapes}"
    assert one(conn, "SELECT count(*) FROM events e WHERE NOT EXISTS "
                     "(SELECT 1 FROM event_reports r WHERE r.event_id = e.id)") == 0
    return shapes.pop() if shapes else None


# --- the database goes away --------------------------------------------------------------------------

@pytest.mark.stress
def test_backend_terminated_mid_run_then_next_run_completes(fresh_db, tmp_path):
    n = 400
    sources = sources_file(tmp_path, write_articles(tmp_path / "many.jsonl", n))
    env = env_for(fresh_db, sources)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        proc = subprocess.Popen([*CHRONO, "ingest"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        try:
            assert wait_for(lambda: processed(conn) >= 20 or proc.poll() is not None)
            assert proc.poll() is None, "the run ended before the fault: " + proc.communicate()[0]
            assert terminate_ingest(conn) >= 1
            out, _ = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode != 0 and "lost the database" in out, out
        done_at_fault = processed(conn)
        assert 0 < done_at_fault < n
        # the run is recorded as failed, with the counts it reached
        status, finished, new, errors = conn.execute(
            "SELECT status, finished_at IS NOT NULL, new, errors FROM ingest_runs").fetchone()
        assert (status, finished) == ("failed", True) and new >= done_at_fault
        assert any("terminat" in e.get("error", "") or "connection" in e.get("error", "") for e in errors), errors
        shape = check_whole(conn)

        again = subprocess.run([*CHRONO, "ingest"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stdout + again.stderr
        assert conn.execute("SELECT status FROM ingest_runs ORDER BY id").fetchall() == [("failed",), ("ok",)]
        assert check_whole(conn, n) == shape
        assert processed(conn) == n
        # the counts add up: what the failed run stored plus what the second stored is every article
        new_total = one(conn, "SELECT sum(new) FROM ingest_runs")
        assert new_total == n


@pytest.mark.stress
def test_database_refuses_connections_for_a_while_then_the_worker_catches_up(fresh_db, tmp_path):
    """Like a server restart for this database only: its backends are cut and it accepts no connections
    for a few ticks. The scheduled worker logs each failed tick, keeps going, and completes afterwards."""
    n = 400
    sources = sources_file(tmp_path, write_articles(tmp_path / "many.jsonl", n))
    env = env_for(fresh_db, sources)
    dbname = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
    admin_dsn = psycopg.conninfo.make_conninfo(fresh_db, dbname="postgres")
    proc = subprocess.Popen([*CHRONO, "ingest", "--every", "1s"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            assert wait_for(lambda: processed(conn) >= 20), "".join(output)
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS false')
            try:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (dbname,))
                assert wait_for(lambda: sum("failed" in line for line in output) >= 2, 30), "".join(output)
            finally:
                admin.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS true')
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            assert wait_for(lambda: processed(conn) == n, 120), "".join(output)
            assert wait_for(lambda: one(conn, "SELECT count(*) FROM ingest_runs WHERE status = 'running'") == 0, 30)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
            statuses = [r[0] for r in conn.execute("SELECT status FROM ingest_runs ORDER BY id")]
            assert statuses[0] == "failed" and "ok" in statuses, statuses
            # the run cut off by the outage could not be recorded at once; the next locked run did it
            assert one(conn, "SELECT errors::text FROM ingest_runs ORDER BY id LIMIT 1").count("error") >= 1
            check_whole(conn, n)
            # the cut-off run's counts are as of its last checkpoint (every CHECKPOINT_EVERY articles)
            from chrono.ingest.pipeline import CHECKPOINT_EVERY

            assert n - CHECKPOINT_EVERY <= one(conn, "SELECT sum(new) FROM ingest_runs") <= n
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, "".join(output)


# --- SIGTERM ------------------------------------------------------------------------------------------

@pytest.mark.stress
def test_sigterm_mid_run_finishes_the_article_and_stops_the_embedded_database(tmp_path):
    from test_embedded_lifecycle import postgres_running_in

    data = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"CHRONO_DATA_DIR": str(data), "CHRONO_SOURCES": str(sources_file(
        tmp_path, write_articles(tmp_path / "many.jsonl", 3000)))}
    up = subprocess.run([*CHRONO, "db", "upgrade"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert up.returncode == 0, up.stderr
    proc = subprocess.Popen([*CHRONO, "ingest", "--every", "1h"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        for line in proc.stdout:  # progress lines come every 100 articles when not on a terminal
            lines.append(line)
            if " articles (" in line:
                break
        assert postgres_running_in(data)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
        lines.append(out)
    finally:
        if proc.poll() is None:
            proc.kill()
    log = "".join(lines)
    assert proc.returncode == 0, log
    assert "finishing the current article" in log and "interrupted" in log, log
    assert wait_for(lambda: not postgres_running_in(data), 20, 0.2), "the embedded PostgreSQL outlived the worker"
    # what was stored is whole, and the next run takes the rest
    status = subprocess.run([*CHRONO, "ingest", "--status"], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert status.returncode == 0 and "interrupted" in status.stdout, status.stdout + status.stderr
    assert wait_for(lambda: not postgres_running_in(data), 20, 0.2)


# --- two workers ---------------------------------------------------------------------------------------

@pytest.mark.stress
def test_two_workers_started_at_once_take_turns(fresh_db, tmp_path):
    n = 300
    sources = sources_file(tmp_path, write_articles(tmp_path / "many.jsonl", n))
    env = env_for(fresh_db, sources)
    procs = [subprocess.Popen([*CHRONO, "ingest", "--every", "1s"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outs = []
    try:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            assert wait_for(lambda: one(conn, "SELECT count(*) FROM ingest_runs WHERE status = 'ok'") >= 3, 120)
            for p in procs:
                p.send_signal(signal.SIGTERM)
            outs = [p.communicate(timeout=60)[0] for p in procs]
            runs = conn.execute("SELECT started_at, finished_at FROM ingest_runs ORDER BY started_at").fetchall()
            for (_, end), (start, _) in zip(runs, runs[1:]):
                assert end is not None and end <= start, f"two runs overlapped: {runs}"
            check_whole(conn, n)
            assert one(conn, "SELECT sum(new) FROM ingest_runs") == n
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert [p.returncode for p in procs] == [0, 0], outs
    assert any("holds the lock; waiting for the next tick" in out for out in outs), outs


# --- sources that hang or fail --------------------------------------------------------------------------

class Flaky:
    """A local server: /hang never answers (until the test ends), /error always answers 500,
    /slow/<n> answers after a second, /feed.xml lists slow pages."""

    def __init__(self):
        self.release = threading.Event()
        self.hits: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                if self.path == "/hang":
                    site.release.wait(60)
                    return
                if self.path == "/error":
                    return self._send(500, b"broken", "text/plain")
                if self.path.startswith("/slow/"):
                    site.release.wait(1.0)
                    return self._send(200, f"<html><body><article><p>{'حلب ' * 60}</p></article></body></html>"
                                      .encode(), "text/html; charset=utf-8")
                if self.path == "/feed.xml":
                    items = "".join(f"<item><title>t{i}</title><link>{site.base}/slow/{i}</link>"
                                    f"<pubDate>Sat, 08 Oct 2022 10:00:00 +0300</pubDate></item>" for i in range(20))
                    return self._send(200, f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
                                      "application/rss+xml")
                return self._send(404, b"", "text/plain")

            def _send(self, status, body, type_):
                self.send_response(status)
                self.send_header("Content-Type", type_)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def flaky():
    site = Flaky()
    yield site
    site.close()


def test_hanging_and_failing_sources_time_out_back_off_and_do_not_hold_up_the_others(fresh_db, tmp_path, flaky):
    good = write_articles(tmp_path / "good.jsonl", 3)
    sources = [Source(name="hangs", kind="rss", location=(flaky.base + "/hang",)),
               Source(name="errors", kind="rss", location=(flaky.base + "/error",)),
               Source(name="good", kind="jsonl", location=(str(good),))]
    waits: list[float] = []

    def sleep(seconds):
        waits.append(seconds)
        time.sleep(seconds)

    started = time.monotonic()
    counts = job.run_once(fresh_db, sources, fetch_options={"timeout": 0.5, "retries": 3, "backoff": 0.05,
                                                            "sleep": sleep})
    took = time.monotonic() - started
    # three attempts each, with growing waits between them; then the good source runs
    assert flaky.hits["/hang"] == 3 and flaky.hits["/error"] == 3
    assert waits == [0.05, 0.1, 0.05, 0.1]
    assert took < 20, f"the hanging source held the run for {took:.1f}s"  # the server would hang for 60 s
    assert counts.new == 3
    messages = " | ".join(e["error"] for e in counts.errors)
    assert "gave up after 3 attempt(s)" in messages and "HTTP 500" in messages and "timed out" in messages


def test_a_slow_source_is_cut_at_its_time_budget_and_finishes_later(fresh_db, tmp_path, flaky, monkeypatch):
    monkeypatch.setattr(limits, "SOURCE_BUDGET_SECONDS", 2)
    good = write_articles(tmp_path / "good.jsonl", 2)
    sources = [Source(name="slow", kind="rss", location=(flaky.base + "/feed.xml",), full_text="page"),
               Source(name="good", kind="jsonl", location=(str(good),))]
    counts = job.run_once(fresh_db, sources, fetch_options={"timeout": 5, "retries": 1})
    slow_pages = sum(v for k, v in flaky.hits.items() if k.startswith("/slow/"))
    assert 1 <= slow_pages <= 4, flaky.hits  # ~1 s a page (longer on a loaded machine), cut once 2 s have gone
    assert any("CHRONO_SOURCE_BUDGET" in e["error"] for e in counts.errors), counts.errors
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        per_source = dict(conn.execute("SELECT s.name, count(*) FROM articles a JOIN sources s ON s.id = a.source_id "
                                       "GROUP BY s.name").fetchall())
    assert per_source["good"] == 2 and per_source["slow"] == slow_pages
    # the next runs take the rest of the feed
    monkeypatch.setattr(limits, "SOURCE_BUDGET_SECONDS", 600)
    flaky.release.set()  # pages answer at once now
    job.run_once(fresh_db, sources, fetch_options={"timeout": 5, "retries": 1})
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert one(conn, "SELECT count(*) FROM articles a JOIN sources s ON s.id = a.source_id "
                         "WHERE s.name = 'slow'") == 20


def test_items_per_source_and_sources_per_run_limits_are_recorded_skips(fresh_db, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ITEMS_PER_SOURCE", 5)
    monkeypatch.setattr(limits, "MAX_SOURCES_PER_RUN", 2)
    files = [write_articles(tmp_path / f"s{i}.jsonl", 8, prefix=f"s{i}-") for i in range(3)]
    sources = [Source(name=f"s{i}", kind="jsonl", location=(str(f),)) for i, f in enumerate(files)]
    first = job.run_once(fresh_db, sources, due_only=True)
    messages = " | ".join(e["error"] for e in first.errors)
    assert "CHRONO_MAX_SOURCES_PER_RUN" in messages and "left for the next run: s2" in messages
    assert "CHRONO_MAX_ITEMS_PER_SOURCE" in messages
    assert first.new == 10  # 5 from each of the two sources taken
    second = job.run_once(fresh_db, sources, due_only=True)
    # s2 (never run) goes first, then s0 (run before s1): s1 waits
    assert "left for the next run: s1" in " | ".join(e["error"] for e in second.errors)
    for _ in range(3):
        job.run_once(fresh_db, sources, due_only=True)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert one(conn, "SELECT count(*) FROM articles") == 24
        assert one(conn, "SELECT sum(new) FROM ingest_runs") == 24
