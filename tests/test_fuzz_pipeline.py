"""Hostile articles through the whole ingest pipeline into a real PostgreSQL (hypothesis and a folder of
bad files). Nothing raises out of a run; every item is accounted for; a bad article is stored raw with a
readable error and the run goes on; running again stores nothing twice."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import psycopg
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chrono.ingest import limits, readers
from chrono.ingest.pipeline import Runner
from chrono.ingest.sources import Source

from test_fuzz_parsers import ARABIC, hostile_text, json_values

SOURCE = Source(name="fuzz", kind="jsonl", location=(), on_missing_published="fetched")
FETCHED = datetime(2022, 10, 8, 14, 41, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def db(database_url):
    from chrono.places.load import load

    with psycopg.connect(database_url, autocommit=True) as conn:
        load(conn)
        yield conn


def _empty(conn):
    conn.execute("TRUNCATE entries, ingest_runs, event_reports, event_regions, events, mentions, articles, sources "
                 "RESTART IDENTITY CASCADE")


def _run(conn, items):
    return Runner(conn, clock=lambda: FETCHED).run_items(SOURCE, items, trigger="cli")


def _check_stored(conn, n_items):
    rows = conn.execute("SELECT status, error, raw IS NOT NULL, body FROM articles").fetchall()
    assert len(rows) <= n_items
    for status, error, has_raw, body in rows:
        assert has_raw
        assert status in ("processed", "failed", "pending")
        if status == "failed":
            assert error and error.strip() and "\x00" not in error
        if status == "processed":
            assert body is not None
    run = conn.execute("SELECT status, finished_at IS NOT NULL FROM ingest_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert run == ("ok", True)
    # every event hangs off a report of a stored article, every report's mention belongs to that article
    orphans = conn.execute("""SELECT count(*) FROM events e WHERE NOT EXISTS
                              (SELECT 1 FROM event_reports r WHERE r.event_id = e.id)""").fetchone()[0]
    assert orphans == 0
    return rows


record_lines = st.one_of(
    st.dictionaries(st.sampled_from(["text", "html", "url", "guid", "title", "published", "source", "lang"]),
                    json_values, max_size=8).map(lambda r: json.dumps(r, ensure_ascii=False)),
    st.builds(lambda t, p, u: json.dumps({"text": t, "published": p, "url": u}, ensure_ascii=False),
              hostile_text, st.sampled_from(["2022-10-08T10:00:00+03:00", "99999-01-01", "0001-01-01T00:00:00+14:00",
                                             "9999-12-31T23:59:59-12:00", "31 شباط 2022", "", "\x00"]),
              st.one_of(st.none(), st.text(max_size=30), st.just("https://example.org/" + "x" * 3000))),
    hostile_text,  # not JSON at all
)
items = st.lists(st.one_of(
    record_lines.map(lambda line: readers.record_item(line, "fuzz.jsonl:1")),
    hostile_text.map(lambda t: readers.Item(raw=t, raw_format="text", where="fuzz.txt")),
    hostile_text.map(lambda t: readers.Item(raw=f"<html><body><p>{t}</p>", raw_format="html", where="fuzz.html",
                                            url="https://example.org/page")),
), min_size=1, max_size=6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=items)
@example(batch=[readers.Item(raw="abc\x00def 8 تشرين الأول 2022 حلب", raw_format="text", where="nul.txt"),
                readers.record_item(json.dumps({"text": "حلب", "title": "\ud800bad", "published": "2022-10-08"}), "s"),
                readers.record_item(json.dumps({"text": "Aleppo\u0000 on Friday", "published": "2022-10-08"}), "n"),
                readers.record_item(json.dumps({"text": "Homs", "guid": "g" * 9000}), "g"),
                readers.Item(raw=bytes(range(256)).decode("latin-1"), raw_format="text", where="bin")])
def test_any_batch_runs_to_the_end_and_is_stored_once(db, batch):
    _empty(db)
    counts = _run(db, batch)
    assert counts.fetched == len(batch)
    rows = _check_stored(db, len(batch))
    # each stored article was counted when it came in (an item repeated in the batch is the same article)
    assert sum(1 for r in rows if r[0] == "failed") <= counts.failed
    assert len(rows) <= counts.new + counts.failed
    # the same batch again: nothing new, nothing duplicated
    before = db.execute("SELECT count(*), (SELECT count(*) FROM events) FROM articles").fetchone()
    again = _run(db, batch)
    assert again.new == 0
    assert db.execute("SELECT count(*), (SELECT count(*) FROM events) FROM articles").fetchone() == before


def test_a_folder_of_bad_files_is_stored_and_the_run_goes_on(db, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_RAW_CHARS", 5_000_000)
    folder = tmp_path / "in"
    folder.mkdir()
    good = json.dumps({"url": "https://example.org/good", "text": "قصفت القوات مدينة حلب أمس.",
                       "published": "2022-10-08T10:00:00+03:00"}, ensure_ascii=False)
    (folder / "00-good.jsonl").write_text(good + "\n", encoding="utf-8")
    (folder / "01-binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "02-cp1256.txt").write_bytes(("حلب - 8 تشرين الأول 2022\n" + ARABIC).encode("windows-1256"))
    (folder / "03-truncated.json").write_text(good[:40], encoding="utf-8")
    (folder / "04-nul.txt").write_text("دمشق - 8 تشرين الأول 2022\n\x00حلب أمس\x00", encoding="utf-8")
    (folder / "05-impossible.jsonl").write_text(
        json.dumps({"url": "https://example.org/31", "text": "وقع الهجوم في 31 شباط 1500 هـ عام 99999.",
                    "published": "2022-10-08T10:00:00+03:00"}, ensure_ascii=False) + "\n"
        + json.dumps({"url": "https://example.org/far", "text": "حلب غداً.", "published": "9999-12-31T23:59:59-12:00"})
        + "\n", encoding="utf-8")
    (folder / "06-huge.txt").write_text(ARABIC * (2_000_000 // len(ARABIC)), encoding="utf-8")   # 2 M chars
    (folder / "07-too-big.txt").write_text("x" * 5_500_000, encoding="utf-8")                   # over the raw limit
    (folder / "08-bad-html.html").write_bytes(b"<html><body><p>" + b"<" * 2000 + b"\xff\xfe")
    (folder / "09-long-line.jsonl").write_text(json.dumps({"url": "https://example.org/" + "y" * 5000,
                                                            "text": "حلب"}) + "\n", encoding="utf-8")
    source = Source(name="bad-folder", kind="folder", location=(str(folder),), on_missing_published="fetched")
    _empty(db)
    counts = Runner(db, clock=lambda: FETCHED).run_sources([source])
    assert counts.fetched == 11
    rows = db.execute("SELECT url, status, error, length(raw) FROM articles ORDER BY id").fetchall()
    by_end = {(url or "").rsplit("/", 1)[-1]: (status, error, size) for url, status, error, size in rows}
    assert by_end["good"][0] == "processed"
    assert by_end["02-cp1256.txt"][0] == "processed"
    assert by_end["04-nul.txt"][0] == "processed"
    assert by_end["31"][0] == "processed"
    assert by_end["far"][0] == "failed" and "out of the range of dates" in by_end["far"][1]
    assert by_end["06-huge.txt"][0] == "failed" and "over the limit" in by_end["06-huge.txt"][1]
    assert by_end["06-huge.txt"][2] > 1_000_000  # kept raw in full
    assert by_end["07-too-big.txt"][0] == "failed" and "CHRONO_MAX_RAW_CHARS" in by_end["07-too-big.txt"][1]
    long_url = [r for r in rows if r[2] and "url is" in r[2]]
    assert len(long_url) == 1 and long_url[0][0] is None
    _check_stored(db, counts.fetched)
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    assert events >= 3
    # the next run: failed articles are tried again, nothing is stored twice, the counts stay
    before = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    again = Runner(db, clock=lambda: FETCHED).run_sources([source])
    assert again.new == 0 and again.updated == 0
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == before
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == events
