"""Sources over HTTP (a local server on 127.0.0.1), folders and files, into a real PostgreSQL."""

from __future__ import annotations

import gzip
import json
import logging
import threading
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest

from chrono.ingest import http, job, pipeline
from chrono.ingest.pipeline import Runner
from chrono.ingest.sources import Source

FAST = {"backoff": 0.01, "timeout": 5}


# --- a small local web server ----------------------------------------------------------------------

class Site:
    """Routes: path -> dict(body=bytes, type=str, etag=str|None, modified=datetime|None, fail=int, status=int)."""

    def __init__(self):
        self.routes: dict[str, dict] = {}
        self.requests: list[tuple[str, dict]] = []

    def add(self, path: str, body, type_="text/html; charset=utf-8", **extra):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = {"body": data, "type": type_, **extra}

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 - http.server's naming
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None:
                    return self._send(404, b"not here", "text/plain")
                if route.get("fail", 0) > 0:
                    route["fail"] -= 1
                    return self._send(503, b"busy", "text/plain")
                etag, modified = route.get("etag"), route.get("modified")
                if etag and self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", None, route)
                if modified and self.headers.get("If-Modified-Since") == format_datetime(modified, usegmt=True):
                    return self._send(304, b"", None, route)
                body = route["body"]
                if route.get("gzip") and "gzip" in (self.headers.get("Accept-Encoding") or ""):
                    return self._send(200, gzip.compress(body), route["type"], route, {"Content-Encoding": "gzip"})
                return self._send(route.get("status", 200), body, route["type"], route)

            def _send(self, status, body, type_, route=None, extra=None):
                self.send_response(status)
                if type_:
                    self.send_header("Content-Type", type_)
                if route and route.get("etag"):
                    self.send_header("ETag", route["etag"])
                if route and route.get("modified"):
                    self.send_header("Last-Modified", format_datetime(route["modified"], usegmt=True))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

        return Handler


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), s.handler())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield s
    server.shutdown()
    server.server_close()


@pytest.fixture
def db(conn, regions):
    return conn


def run(conn, *sources, **kw) -> pipeline.Counts:
    return Runner(conn, fetch_options=FAST, **kw).run_sources(list(sources))


def events_of(conn):
    return conn.execute("""SELECT a.url, lower(e.days), e.admin1, e.flags FROM events e
                           JOIN event_reports r ON r.event_id = e.id JOIN articles a ON a.id = r.article_id
                           ORDER BY a.url, lower(e.days)""").fetchall()


# --- HTTP ----------------------------------------------------------------------------------------

def test_http_retries_then_succeeds_and_sends_user_agent(site):
    site.add("/flaky", "ok", fail=2)
    waits = []
    resp = http.get(site.base + "/flaky", backoff=0.5, sleep=waits.append)
    assert resp.status == 200 and resp.text() == "ok"
    assert waits == [0.5, 1.0]
    assert site.requests[-1][1]["User-Agent"].startswith("chrono/")


def test_http_gives_up_and_does_not_retry_404(site):
    site.add("/down", "x", fail=10)
    with pytest.raises(http.FetchError, match="gave up after 3"):
        http.get(site.base + "/down", sleep=lambda s: None)
    before = len(site.requests)
    with pytest.raises(http.FetchError, match="404"):
        http.get(site.base + "/missing", sleep=lambda s: None)
    assert len(site.requests) == before + 1


def test_http_conditional_get_and_size_limit_and_gzip(site):
    when = datetime(2022, 10, 8, 12, 0, tzinfo=timezone.utc)
    site.add("/feed", "<rss/>", etag='"v1"', modified=when)
    first = http.get(site.base + "/feed")
    assert first.validators.etag == '"v1"' and first.validators.last_modified
    again = http.get(site.base + "/feed", validators=first.validators)
    assert again.not_modified and site.requests[-1][1]["If-None-Match"] == '"v1"'
    site.add("/big", "x" * 5000)
    with pytest.raises(http.FetchError, match="limit"):
        http.get(site.base + "/big", max_bytes=1000)
    site.add("/zipped", "y" * 5000, gzip=True)
    assert http.get(site.base + "/zipped").body == b"y" * 5000
    with pytest.raises(http.FetchError, match="limit"):
        http.get(site.base + "/zipped", max_bytes=1000)


# --- kinds ---------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test wire</title><link>{base}/</link><description>t</description>
<item><title>Shelling near Idlib</title><link>{base}/a1</link><guid>wire-a1</guid>
<pubDate>Sat, 08 Oct 2022 14:41:00 GMT</pubDate>
<description><![CDATA[<p>{long}</p>]]></description></item>
<item><title>Bridge opens in Aleppo</title><link>{base}/a2</link><guid>wire-a2</guid>
<pubDate>Sun, 09 Oct 2022 06:00:00 GMT</pubDate><description>Short summary.</description></item>
</channel></rss>"""

LONG_EN = ("Local officials said shelling hit the outskirts of Idlib yesterday, damaging two schools. " * 6).strip()

PAGE = """<html><head><title>Bridge opens in Aleppo</title>
<meta property="article:published_time" content="2022-10-09T09:00:00+03:00"></head>
<body><nav>Home | World | Share</nav><article><h1>Bridge opens in Aleppo</h1>
<p>Authorities in Aleppo opened a new bridge over the Queiq river on Saturday, residents of the city said.</p>
<p>Work on the bridge began in March 2021 and stopped for several months for lack of materials.</p>
</article><footer>Copyright 2022</footer></body></html>"""


def test_rss_feed_with_page_fetch_and_conditional_get(db, site):
    site.add("/feed.xml", RSS.format(base=site.base, long=LONG_EN), "application/rss+xml", etag='"f1"')
    site.add("/a2", PAGE)
    source = Source(name="wire", kind="rss", location=(site.base + "/feed.xml",), lang="en")
    counts = run(db, source)
    assert (counts.fetched, counts.new, counts.failed) == (2, 2, 0), counts.errors
    rows = db.execute("SELECT guid, published_from, published_at, status, raw_format FROM articles ORDER BY guid"
                      ).fetchall()
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [("wire-a1", "feed", "processed", "record"),
                                                         ("wire-a2", "feed", "processed", "record")]
    assert rows[0][2] == datetime(2022, 10, 8, 14, 41, tzinfo=timezone.utc)
    raw_a2 = json.loads(db.execute("SELECT raw FROM articles WHERE guid = 'wire-a2'").fetchone()[0])
    assert "html" in raw_a2  # the short summary made the reader fetch the page
    got = {(url.rsplit("/", 1)[1], day.isoformat(), admin1) for url, day, admin1, _ in events_of(db)}
    assert ("a1", "2022-10-07", "SY07") in got  # "yesterday" of a Saturday 17:41 Damascus anchor
    assert ("a2", "2022-10-08", "SY02") in got  # the page's "Saturday" from a Sunday anchor
    fetches = len(site.requests)
    again = run(db, source)
    assert (again.fetched, again.new, again.events) == (0, 0, 0)
    assert len(site.requests) == fetches + 1 and site.requests[-1][1].get("If-None-Match") == '"f1"'
    # the feed changes its ETag: entries are read again, but a page already stored is not fetched again
    # and the feed's short summary does not replace it
    site.add("/feed.xml", RSS.format(base=site.base, long=LONG_EN), "application/rss+xml", etag='"f2"')
    third = run(db, source)
    assert (third.fetched, third.unchanged, third.updated) == (1, 1, 0)
    assert not any(path == "/a2" for path, _ in site.requests[fetches + 1:])
    assert "html" in json.loads(db.execute("SELECT raw FROM articles WHERE guid = 'wire-a2'").fetchone()[0])


def test_atom_feed_from_a_file(db, tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id><updated>2022-10-08T12:00:00Z</updated>
<entry><title>خبر</title><id>urn:e1</id><link href="urn:e1"/><updated>2022-10-08T17:41:00+03:00</updated>
<content type="html">&lt;p&gt;قال مسؤولون في مدينة الرقة إن الطريق أغلق أمس الجمعة بعد السيول التي ضربت المنطقة، وأضافوا أن الفرق الفنية بدأت إصلاحه. {"وأكد السكان أن المياه غمرت الأراضي الزراعية. " * 8}&lt;/p&gt;</content>
</entry></feed>"""
    path = tmp_path / "feed.atom"
    path.write_text(atom, encoding="utf-8")
    counts = run(db, Source(name="atom", kind="rss", location=(str(path),), full_text="feed"))
    assert (counts.new, counts.failed) == (1, 0), counts.errors
    assert ("urn:e1", date_("2022-10-07"), "SY11", []) in events_of(db)


def date_(text):
    from datetime import date

    return date.fromisoformat(text)


def test_html_source_list_of_pages(db, site):
    site.add("/p1", PAGE, modified=datetime(2022, 10, 9, 6, 0, tzinfo=timezone.utc))
    source = Source(name="pages", kind="html", location=(site.base + "/p1",), home_region="aleppo")
    counts = run(db, source)
    assert (counts.new, counts.failed) == (1, 0), counts.errors
    title, body, published_from, lang = db.execute(
        "SELECT title, body, published_from, lang FROM articles").fetchone()
    assert title == "Bridge opens in Aleppo" and published_from == "page" and lang == "en"
    assert "Copyright" not in body and "Home | World" not in body
    assert db.execute("SELECT home_region FROM sources WHERE name = 'pages'").fetchone()[0] == "SY02"
    again = run(db, source)
    assert again.fetched == 0 and "If-Modified-Since" in site.requests[-1][1]


def test_folder_of_files(db, tmp_path):
    (tmp_path / "a.txt").write_text("عنوان تجريبي للخبر الأول هنا\n2022.10.08 | 17:41 دمشق\n\n"
                                    "قال سكان في مدينة درعا إن التيار الكهربائي انقطع أمس الجمعة لساعات طويلة.",
                                    encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"url": "https://example.org/c", "title": "c",
                                                 "text": "Residents of Homs said the market reopened on Friday.",
                                                 "published": "2022-10-08T10:00:00+03:00"}), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.jsonl").write_text(json.dumps({"url": "https://example.org/d", "text":
                                                          "Hama farmers began the harvest last week.",
                                                          "published": "2022-10-08"}) + "\n", encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    counts = run(db, Source(name="folder", kind="folder", location=(str(tmp_path),)))
    assert (counts.fetched, counts.new, counts.failed) == (4, 4, 0), counts.errors
    admin1 = {row[2] for row in events_of(db)}
    assert {"SY12", "SY04", "SY05", "SY02"} <= admin1
    assert run(db, Source(name="folder", kind="folder", location=(str(tmp_path),))).unchanged == 4


def test_jsonl_over_http_outlets_and_updates(db, site):
    lines = [{"url": "https://example.org/x1", "title": "x1", "text": "Clashes erupted in Deir ez-Zor on Friday.",
              "published": "2022-10-08T12:00:00+03:00", "lang": "en", "source": "outlet-a"},
             {"url": "https://example.org/x2", "title": "x2", "text": "اندلعت اشتباكات في دير الزور يوم الجمعة.",
              "published": "2022-10-08T13:00:00+03:00", "source": "outlet-b"}]
    site.add("/export.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "application/x-ndjson",
             etag='"e1"')
    source = Source(name="export", kind="jsonl", location=(site.base + "/export.jsonl",))
    counts = run(db, source)
    assert (counts.new, counts.failed) == (2, 0), counts.errors
    outlets = db.execute("SELECT s.name, s.config->>'via' FROM articles a JOIN sources s ON s.id = a.source_id "
                         "ORDER BY 1").fetchall()
    assert outlets == [("outlet-a", "export"), ("outlet-b", "export")]
    # the export changes: one article is corrected; its events are replaced, the other stays
    lines[0]["text"] = "Clashes erupted in Deir ez-Zor on Thursday."
    site.add("/export.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "application/x-ndjson",
             etag='"e2"')
    counts = run(db, source)
    assert (counts.fetched, counts.updated, counts.unchanged) == (2, 1, 1)
    days = {url: day.isoformat() for url, day, _, _ in events_of(db)}
    assert days == {"https://example.org/x1": "2022-10-06", "https://example.org/x2": "2022-10-07"}
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 2


# --- failures, retries, lock, stop ------------------------------------------------------------------

def test_malformed_records_are_stored_raw_as_failed(db, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"url": "https://example.org/ok", "text": "Aleppo was calm on Friday.", '
                    '"published": "2022-10-08T10:00:00+03:00"}\n'
                    '{"url": "https://example.org/broken", "text": \n'
                    '{"url": "https://example.org/when", "text": "Aleppo was calm.", "published": "someday"}\n',
                    encoding="utf-8")
    counts = run(db, Source(name="bad", kind="jsonl", location=(str(path),)))
    assert (counts.fetched, counts.new, counts.failed) == (3, 2, 2)
    rows = db.execute("SELECT url, status, error, attempts, raw FROM articles ORDER BY id").fetchall()
    assert [(r[1], r[3]) for r in rows] == [("processed", 1), ("failed", 1), ("failed", 1)]
    assert "not valid JSON" in rows[1][2] and rows[1][4].startswith('{"url": "https://example.org/broken"')
    assert "someday" in rows[2][2] and "is not a time" in rows[2][2]
    assert len(counts.errors) == 2
    status, errors = db.execute("SELECT status, errors FROM ingest_runs").fetchone()
    assert status == "ok" and len(errors) == 2


def test_failed_processing_is_retried_on_the_next_run(db, tmp_path, monkeypatch):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"url": "https://example.org/r", "text": "Homs was calm on Friday.",
                                "published": "2022-10-08T10:00:00+03:00"}) + "\n", encoding="utf-8")
    source = Source(name="retry", kind="jsonl", location=(str(path),))
    real = pipeline.resolve_mentions

    def broken(*args, **kwargs):
        raise RuntimeError("resolver crashed")

    monkeypatch.setattr(pipeline, "resolve_mentions", broken)
    counts = run(db, source)
    assert counts.failed == 1
    assert db.execute("SELECT status, error, attempts, raw IS NOT NULL FROM articles").fetchone() == (
        "failed", "RuntimeError: resolver crashed", 1, True)
    monkeypatch.setattr(pipeline, "resolve_mentions", real)
    # the file did not change: the article is tried again all the same
    counts = run(db, source)
    assert counts.failed == 0 and counts.events == 1
    assert db.execute("SELECT status, error, attempts FROM articles").fetchone() == ("processed", None, 2)


def test_pending_policy_and_fetched_policy(db, tmp_path):
    path = tmp_path / "nodate.jsonl"
    path.write_text(json.dumps({"url": "https://example.org/n", "text": "Idlib was calm yesterday."}) + "\n",
                    encoding="utf-8")
    waiting = Source(name="waits", kind="jsonl", location=(str(path),), on_missing_published="pending")
    assert run(db, waiting).pending == 1
    assert db.execute("SELECT status FROM articles").fetchone()[0] == "pending"
    fetched_at = datetime(2023, 2, 1, 22, 30, tzinfo=timezone.utc)
    counts = Runner(db, clock=lambda: fetched_at).run_sources(
        [Source(name="dates", kind="jsonl", location=(str(path),), on_missing_published="fetched")])
    assert counts.events == 1
    published_from, published_at = db.execute(
        "SELECT published_from, published_at FROM articles a JOIN sources s ON s.id = a.source_id "
        "WHERE s.name = 'dates'").fetchone()
    assert published_from == "fetched" and published_at == fetched_at
    day, flags = db.execute("SELECT lower(days), flags FROM events").fetchone()
    assert day.isoformat() == "2023-02-01" and "anchor_fetched" in flags  # 01:30 on 2 Feb in Damascus, minus one


def test_advisory_lock_lets_one_run_at_a_time(db, tmp_path, database_url, caplog):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"url": "https://example.org/l", "text": "Raqqa was calm on Friday.",
                                "published": "2022-10-08T10:00:00+03:00"}) + "\n", encoding="utf-8")
    source = Source(name="locked", kind="jsonl", location=(str(path),))
    caplog.set_level(logging.INFO, logger="chrono.ingest")
    with job.run_lock(database_url) as held:
        assert held
        with job.run_lock(database_url) as other:
            assert not other
        assert job.run_once(database_url, [source]) is None
    assert "holds the lock" in caplog.text
    assert db.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == 0
    counts = job.run_once(database_url, [source])
    assert counts is not None and counts.new == 1


def test_stop_finishes_the_current_article(db, tmp_path, monkeypatch):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"url": f"https://example.org/s{i}", "text": "Hama was calm on Friday.",
                                        "published": "2022-10-08T10:00:00+03:00"}) + "\n" for i in range(5)),
                    encoding="utf-8")
    stop = threading.Event()
    save = pipeline.store.save_events

    def save_then_stop(*args, **kwargs):  # SIGTERM arrives while the first article is being stored
        stop.set()
        return save(*args, **kwargs)

    monkeypatch.setattr(pipeline.store, "save_events", save_then_stop)
    counts = Runner(db, stop=stop).run_sources([Source(name="stop", kind="jsonl", location=(str(path),))])
    assert counts.new == 1
    assert db.execute("SELECT status FROM ingest_runs").fetchone()[0] == "interrupted"
    assert db.execute("SELECT count(*), bool_and(status = 'processed') FROM articles").fetchone() == (1, True)


def test_unknown_home_region_is_a_clear_error(db, tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text("", encoding="utf-8")
    counts = run(db, Source(name="nowhere", kind="jsonl", location=(str(path),), home_region="atlantis"))
    assert "atlantis" in counts.errors[0]["error"]


def test_every_runs_due_sources_on_ticks(db, tmp_path, database_url):
    data = tmp_path / "t.jsonl"
    data.write_text(json.dumps({"url": "https://example.org/t", "text": "Tartus was calm on Friday.",
                                "published": "2022-10-08T10:00:00+03:00"}) + "\n", encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "ticks"\nkind = "jsonl"\nlocation = "{data}"\nschedule = "1d"\n',
                       encoding="utf-8")
    from chrono.ingest.schedule import parse_schedule

    ticks = job.every(database_url, parse_schedule("1s"), sources, stop=threading.Event(), max_ticks=2)
    assert ticks == 2
    # two ticks, but the source's own schedule (daily) made it due only once
    assert db.execute("SELECT count(*), sum(fetched) FROM ingest_runs").fetchone() == (2, 1)


def test_sigterm_ends_the_worker_cleanly(db, tmp_path, database_url):
    import os
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "w.jsonl"
    data.write_text(json.dumps({"url": "https://example.org/w", "text": "Daraa was calm on Friday.",
                                "published": "2022-10-08T10:00:00+03:00"}) + "\n", encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "worker"\nkind = "jsonl"\nlocation = "{data}"\n', encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": database_url, "CHRONO_SOURCES": str(sources)}
    proc = subprocess.Popen([sys.executable, "-m", "chrono", "ingest", "--every", "1h"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if db.execute("SELECT count(*) FROM ingest_runs WHERE finished_at IS NOT NULL").fetchone()[0]:
                break
            time.sleep(0.1)
        # background work: the worker runs at a lower CPU priority than the process that started it
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) == min(os.getpriority(os.PRIO_PROCESS, 0) + 10, 19)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    assert db.execute("SELECT status, new FROM ingest_runs").fetchone() == ("ok", 1)


def test_cli_ingests_given_urls_feed_and_page(db, site):
    from click.testing import CliRunner

    from chrono.cli import main

    site.add("/feed.xml", RSS.format(base=site.base, long=LONG_EN), "application/rss+xml")
    site.add("/a2", PAGE)
    site.add("/story", PAGE.replace("2022-10-09T09:00:00+03:00", "2022-10-10T09:00:00+03:00"))
    result = CliRunner().invoke(main, ["ingest", site.base + "/feed.xml", site.base + "/story",
                                       "--source", "wire-cli", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "3 fetched, 3 new" in result.output
    rows = db.execute("SELECT a.url, a.published_from, s.name, s.lang FROM articles a "
                      "JOIN sources s ON s.id = a.source_id ORDER BY a.url").fetchall()
    assert [(r[0].rsplit("/", 1)[1], r[1], r[2], r[3]) for r in rows] == [
        ("a1", "feed", "wire-cli", "en"), ("a2", "feed", "wire-cli", "en"), ("story", "page", "wire-cli", "en")]
    bad = CliRunner().invoke(main, ["ingest", site.base + "/nothing-here"])
    assert bad.exit_code != 0 and "404" in bad.output


def test_progress_bar_on_a_terminal_and_log_lines_otherwise(caplog):
    import io

    from chrono.ingest.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    bar = Progress(stream=screen, clock=iter(range(100)).__next__)
    bar.set_total(4)
    for _ in range(4):
        bar.tick()
    bar.close()
    assert "[" + "#" * 30 + "] 4/4 articles" in screen.getvalue() and screen.getvalue().endswith("\n")
    caplog.set_level(logging.INFO, logger="chrono.ingest")
    plain = Progress(stream=io.StringIO(), every=2, clock=iter(range(100)).__next__)
    for _ in range(4):
        plain.tick()
    assert plain.stream.getvalue() == ""
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == ["2 articles", "4 articles"]
