"""Timeline entries in a real PostgreSQL: the seed articles through ingest, incremental assignment,
rebuild, split, members going away, and the candidate lookup by index."""

from __future__ import annotations

import json
from datetime import date

import psycopg
import pytest
from click.testing import CliRunner

from chrono import merge
from chrono.cli import main
from chrono.merge import entries


def _cli(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _partition(conn) -> set[frozenset[int]]:
    rows = conn.execute("SELECT entry_id, array_agg(event_id ORDER BY event_id) FROM entry_members GROUP BY 1")
    return {frozenset(ids) for _, ids in rows}


def _entry_of(conn, event_id):
    return conn.execute("""SELECT en.id, lower(en.days), upper(en.days) - 1, en.admin1, en.sources,
                                  en.independent_sources, en.reports
                           FROM entry_members m JOIN entries en ON en.id = m.entry_id WHERE m.event_id = %s""",
                        (event_id,)).fetchone()


def _event(conn, article_like, lo, hi=None):
    hi = hi or lo
    row = conn.execute("""SELECT e.id FROM events e JOIN event_reports r ON r.event_id = e.id
                          JOIN articles a ON a.id = r.article_id
                          WHERE a.url LIKE %s AND lower(e.days) = %s AND upper(e.days) - 1 = %s""",
                       (f"%{article_like}%", date.fromisoformat(lo), date.fromisoformat(hi))).fetchall()
    assert len(row) == 1, (article_like, lo, hi, row)
    return row[0][0]


@pytest.fixture
def seeds(conn, regions, shared_dir):
    folder = shared_dir / "corpus" / "seeds"
    _cli("ingest", str(folder / "000_032df531970bae2f.txt"), "--source", "Syria TV")
    _cli("ingest", str(folder / "001_f016448ea2b9b6e5.txt"), "--source", "SOHR",
         "--published", "2022-10-09T10:00:00+03:00")
    return conn


def test_the_seed_articles_make_one_entry_with_two_sources(seeds):
    conn = seeds
    multi = conn.execute("""SELECT id, lower(days), upper(days) - 1, admin1, sources, independent_sources
                            FROM entries WHERE sources > 1""").fetchall()
    assert len(multi) == 1
    entry_id, lo, hi, admin1, sources, independent = multi[0]
    assert (lo, hi, admin1, sources, independent) == (date(2022, 10, 8), date(2022, 10, 8), "SY08", 2, 2)
    names = {r[0] for r in conn.execute("""SELECT s.name FROM entry_members m
        JOIN event_reports r ON r.event_id = m.event_id JOIN articles a ON a.id = r.article_id
        JOIN sources s ON s.id = a.source_id WHERE m.entry_id = %s""", (entry_id,))}
    assert names == {"Syria TV", "SOHR"}
    # the other happenings of the two articles stay entries of their own
    for article, lo, hi in (("000_", "2022-10-05", "2022-10-06"),    # the airborne raid
                            ("000_", "2019-01-01", "2019-12-31"),    # the 2019 deployment
                            ("001_", "2020-01-01", "2020-12-31")):   # the 2020 video
        eid = _event(conn, article, lo, hi)
        found = _entry_of(conn, eid)
        assert found[0] != entry_id and found[6] == 1, (article, lo, found)
    # SOHR's article is France 24's, and says so
    origin = conn.execute("""SELECT o.origin, o.chain, o.evidence FROM article_origins o
                             JOIN articles a ON a.id = o.article_id WHERE a.url LIKE '%001_%'""").fetchone()
    assert origin[0] == "France 24" and origin[1] == ["France 24"] and "فرانس 24" in origin[2]
    assert conn.execute("SELECT count(*) FROM article_origins").fetchone()[0] == 1
    # every event is in exactly one entry; the matched member and the reasons are kept
    assert conn.execute("SELECT count(*) FROM events e WHERE NOT EXISTS "
                        "(SELECT 1 FROM entry_members m WHERE m.event_id = e.id)").fetchone()[0] == 0
    joined = conn.execute("SELECT score, reasons FROM entry_members WHERE entry_id = %s AND matched_event_id IS NOT NULL",
                          (entry_id,)).fetchall()
    assert joined and all(r[0] > 0 and any("score" in x for x in r[1]) for r in joined)


def test_rebuild_reproduces_the_incremental_entries(seeds):
    conn = seeds
    before = _partition(conn)
    summary = {(*r[1:6], tuple(r[6])) for r in conn.execute(
        "SELECT id, days, admin1, sources, independent_sources, reports, flags FROM entries")}
    out = _cli("merge", "--rebuild")
    assert "entries" in out
    assert _partition(conn) == before
    assert {(*r[1:6], tuple(r[6])) for r in conn.execute(
        "SELECT id, days, admin1, sources, independent_sources, reports, flags FROM entries")} == summary
    assert "0 events not yet clustered" in _cli("merge")


def test_an_entry_can_be_split_and_stays_split(seeds):
    conn = seeds
    entry_id = conn.execute("SELECT id FROM entries WHERE sources > 1").fetchone()[0]
    member = conn.execute("SELECT max(event_id) FROM entry_members WHERE entry_id = %s", (entry_id,)).fetchone()[0]
    _cli("merge", "--split", str(member))
    assert _entry_of(conn, member)[6] == 1
    left = conn.execute("SELECT reports, sources FROM entries WHERE id = %s", (entry_id,)).fetchone()
    assert left == (1, 1)
    _cli("merge", "--rebuild")
    assert _entry_of(conn, member)[6] == 1
    assert conn.execute("SELECT count(*) FROM entries WHERE sources > 1").fetchone()[0] == 0


def test_an_entry_that_loses_a_member_is_recomputed(seeds):
    conn = seeds
    entry_id, = conn.execute("SELECT id FROM entries WHERE sources > 1").fetchone()
    gone, kept = conn.execute("SELECT max(event_id), min(event_id) FROM entry_members WHERE entry_id = %s",
                              (entry_id,)).fetchone()
    conn.execute("DELETE FROM events WHERE id = %s", (gone,))
    assert conn.execute("SELECT stale, reports FROM entries WHERE id = %s", (entry_id,)).fetchone() == (True, 2)
    merge.assign(conn, [kept])  # the next assignment (here a no-op for an assigned event) recomputes it
    assert conn.execute("SELECT stale, reports, sources FROM entries WHERE id = %s", (entry_id,)).fetchone() == (False, 1, 1)
    conn.execute("DELETE FROM events WHERE id = %s", (kept,))
    assert conn.execute("SELECT count(*) FROM entries WHERE id = %s", (entry_id,)).fetchone()[0] == 0


def test_show_prints_the_members(seeds):
    entry_id = seeds.execute("SELECT id FROM entries WHERE sources > 1").fetchone()[0]
    shown = json.loads(_cli("merge", "--show", str(entry_id)))
    assert shown["sources"] == 2 and len(shown["members"]) == 2
    assert {m["source"] for m in shown["members"]} == {"Syria TV", "SOHR"}


# --- events stored by hand: dates that disagree, languages, the index --------------------------------

def _store(conn, source, url, text, day, places, lang, flags=()):
    sid = conn.execute("INSERT INTO sources (name, kind) VALUES (%s, 'file') ON CONFLICT (name) DO UPDATE "
                       "SET kind = excluded.kind RETURNING id", (source,)).fetchone()[0]
    aid = conn.execute("INSERT INTO articles (source_id, url, content_hash, raw, body, lang, status) "
                       "VALUES (%s, %s, %s, %s, %s, %s, 'processed') RETURNING id",
                       (sid, url, url, text, text, lang)).fetchone()[0]
    admin1 = sorted(merge.regions.admin1_of(places))[0] if places else None
    eid = conn.execute("INSERT INTO events (days, grain, flags, text, text_norm, lang, admin1) "
                       "VALUES (daterange(%s, %s, '[]'), 'day', %s, %s, %s, %s, %s) RETURNING id",
                       (day, day, list(flags), text, text, lang, admin1)).fetchone()[0]
    for p in places:
        for region in merge.regions.chain(p):
            conn.execute("INSERT INTO event_regions (event_id, pcode, days, direct) VALUES (%s, %s, daterange(%s, %s, '[]'), %s) "
                         "ON CONFLICT DO NOTHING", (eid, region, day, day, region == p))
    conn.execute("INSERT INTO event_reports (event_id, article_id, sentence) VALUES (%s, %s, %s)", (eid, aid, text))
    return eid


def test_reports_a_day_apart_join_and_the_disagreement_is_kept(conn, regions):
    a = _store(conn, "Enab Baladi", "u1", "قُتل خمسة مدنيين بقصف مدفعي لقوات النظام على مدينة أريحا صباح الاثنين.",
               "2023-01-09", ["C4278"], "ar")
    b = _store(conn, "Reuters", "u2", "Five civilians were killed when government artillery shelled Ariha, "
               "according to AFP.", "2023-01-10", ["C4278"], "en")
    c = _store(conn, "Step News", "u3", "افتتح المجلس المحلي في أريحا الاثنين فرناً جديداً لتغطية النقص في الخبز.",
               "2023-01-09", ["C4278"], "ar")
    got = {}
    for eid in (a, b, c):  # one article at a time, as ingest does
        got.update(merge.assign(conn, [eid]))
    assert got[a] == got[b] != got[c]
    row = conn.execute("SELECT flags, member_dates, sources, independent_sources, lower(days) FROM entries WHERE id = %s",
                       (got[a],)).fetchone()
    assert row[0] == ["date_disagreement"]
    assert [(d["event_id"], d["date_from"]) for d in row[1]] == [(a, "2023-01-09"), (b, "2023-01-10")]
    assert row[2] == 2 and row[3] == 2 and row[4] == date(2023, 1, 9)
    assert conn.execute("SELECT origin FROM entry_members WHERE event_id = %s", (b,)).fetchone()[0] == "AFP"


def test_candidates_come_through_the_region_and_date_index(conn, regions):
    months = json.dumps([{"a": "SY08", "f": "2022-10-01", "t": "2022-10-31"}])
    starts = json.dumps([{"a": "SY08", "d": "2019-01-01"}])
    with conn.transaction():
        conn.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN " + entries.q("merge_load"), {"months": months, "starts": starts, "narrow": entries.NARROW,
                                                    "stale": True, "lead_chars": entries.LEAD_CHARS}))
    assert "entries_admin1_start" in plan and "Seq Scan on entries" not in plan


def test_clustering_can_be_turned_off_at_ingest(conn, regions, monkeypatch):
    monkeypatch.setenv("CHRONO_MERGE", "off")
    eid = _store(conn, "Enab Baladi", "u9", "قصف على أريحا", "2023-01-09", ["C4278"], "ar")
    assert merge.after_store(conn, [eid]) == {}
    monkeypatch.setenv("CHRONO_MERGE", "on")
    assert eid in merge.after_store(conn, [eid])


def test_the_timeline_shows_the_entry_once_with_both_sources(seeds):
    from chrono.web import create_app

    client = create_app({"TESTING": True}).test_client()
    body = client.get("/timeline?region=hasakah&from=2022-10-08&to=2022-10-08").get_json()
    merged = [e for e in body["events"] if e["source_count"] == 2]
    assert len(merged) == 1
    e = merged[0]
    assert e["date_from"] == e["date_to"] == "2022-10-08"
    assert {s["source"] for s in e["sources"]} == {"Syria TV", "SOHR"}
    assert e["independent_sources"] == 2 and e["entry"]["reports"] == 2 and len(e["entry"]["members"]) == 2
    shown = [x["id"] for x in body["events"]]
    assert len(shown) == len(set(shown)) and not set(e["entry"]["members"]) - {e["id"]} & set(shown)
    only = client.get("/timeline?region=hasakah&min_sources=2").get_json()
    assert [x["id"] for x in only["events"]] == [e["id"]]
    page = client.get("/regions/hasakah?min_sources=2&lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Syria TV" in page and "SOHR" in page


# --- entries kept in memory between assignments (chrono.merge.entries.Cache) -------------------------

def test_memory_gives_way_to_another_writer(conn, regions, monkeypatch):
    """Entries read into memory stay the truth only while nobody else writes: another process (here a
    second cache) that adds a member must be seen by the next assignment here."""
    ar = "قُتل خمسة مدنيين بقصف مدفعي لقوات النظام على مدينة أريحا صباح الاثنين."
    en = "Five civilians were killed when government artillery shelled Ariha on Monday."
    a = _store(conn, "Enab Baladi", "m1", ar, "2023-01-09", ["C4278"], "ar")
    b = _store(conn, "Reuters", "m2", en, "2023-01-09", ["C4278"], "en")
    c = _store(conn, "SOHR", "m3", en.replace("Five civilians", "Five people"), "2023-01-09", ["C4278"], "en")
    first = merge.assign(conn, [a])[a]
    ours = entries._cache
    monkeypatch.setattr(entries, "_cache", entries.Cache())  # another process
    assert merge.assign(conn, [b])[b] == first
    monkeypatch.setattr(entries, "_cache", ours)
    assert merge.assign(conn, [c])[c] == first
    assert conn.execute("SELECT reports, sources FROM entries WHERE id = %s", (first,)).fetchone() == (3, 3)


def test_a_rolled_back_assignment_is_forgotten(conn, regions):
    ar = "قُتل خمسة مدنيين بقصف مدفعي لقوات النظام على مدينة أريحا صباح الاثنين."
    en = "Five civilians were killed when government artillery shelled Ariha on Monday."
    a = _store(conn, "Enab Baladi", "r1", ar, "2023-01-09", ["C4278"], "ar")
    b = _store(conn, "Reuters", "r2", en, "2023-01-09", ["C4278"], "en")
    with pytest.raises(RuntimeError), conn.transaction():
        merge.assign(conn, [a])
        raise RuntimeError("the article's transaction fails after clustering")
    got = merge.assign(conn, [b])[b]  # the entry of `a` never existed: `b` opens its own
    assert conn.execute("SELECT reports FROM entries WHERE id = %s", (got,)).fetchone() == (1,)
    got_a = merge.assign(conn, [a])[a]
    assert got_a == got and conn.execute("SELECT reports FROM entries WHERE id = %s", (got,)).fetchone() == (2,)


# --- clustering after the article's commit, a batch at a time (chrono.merge.backlog) -----------------

def _queued(conn) -> int:
    return conn.execute("SELECT count(*) FROM merge_queue").fetchone()[0]


def _unclustered(conn) -> int:
    return conn.execute("SELECT count(*) FROM events e WHERE NOT EXISTS "
                        "(SELECT 1 FROM entry_members m WHERE m.event_id = e.id)").fetchone()[0]


def test_articles_whose_clustering_never_committed_are_clustered_by_the_next_run(conn, regions, shared_dir,
                                                                                   monkeypatch):
    """The process stops after the articles' commits and before their clustering's: the articles are
    stored and queued, and the next ingest run (here one with nothing new) clusters them as the first
    run would have."""
    from chrono.merge.backlog import Backlog

    folder = shared_dir / "corpus" / "seeds"
    with monkeypatch.context() as m:
        m.setattr(Backlog, "flush", lambda self, conn: self.waiting.clear() or 0)  # the process dies first
        m.setattr(Backlog, "catch_up", staticmethod(lambda conn: 0))  # and so does the next
        _cli("ingest", str(folder / "000_032df531970bae2f.txt"), "--source", "Syria TV")
        _cli("ingest", str(folder / "001_f016448ea2b9b6e5.txt"), "--source", "SOHR",
             "--published", "2022-10-09T10:00:00+03:00")
    assert conn.execute("SELECT count(*) FROM articles WHERE status = 'processed'").fetchone()[0] == 2
    assert _queued(conn) == 2 and _unclustered(conn) > 0
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    out = _cli("ingest", str(folder / "000_032df531970bae2f.txt"), "--source", "Syria TV")
    assert "1 unchanged" in out
    assert _queued(conn) == 0 and _unclustered(conn) == 0
    test_the_seed_articles_make_one_entry_with_two_sources(conn)


def test_a_failed_clustering_leaves_the_articles_stored_and_is_read_back(conn, regions, shared_dir, monkeypatch):
    from chrono.merge import backlog

    def fails(conn, stored):
        raise RuntimeError("the batch's write failed")

    monkeypatch.setattr(backlog, "assign_stored", fails)
    folder = shared_dir / "corpus" / "seeds"
    _cli("ingest", str(folder / "000_032df531970bae2f.txt"), "--source", "Syria TV")
    _cli("ingest", str(folder / "001_f016448ea2b9b6e5.txt"), "--source", "SOHR",
         "--published", "2022-10-09T10:00:00+03:00")
    assert conn.execute("SELECT count(*) FROM articles WHERE status = 'processed'").fetchone()[0] == 2
    assert _queued(conn) == 0 and _unclustered(conn) == 0  # read back from merge_queue at once
    test_the_seed_articles_make_one_entry_with_two_sources(conn)


def _rows(conn, *event_ids):
    """The stored events as the `EventRow`s ingest would hand over."""
    from chrono.ingest.events import EventRow

    out = []
    for eid in event_ids:
        text, lang, lo, hi, admin1 = conn.execute(
            "SELECT text, lang, lower(days), upper(days) - 1, admin1 FROM events WHERE id = %s", (eid,)).fetchone()
        places = tuple(r[0] for r in conn.execute(
            "SELECT pcode FROM event_regions WHERE event_id = %s AND direct ORDER BY pcode", (eid,)))
        out.append(EventRow(lo, hi, "day", None, None, (), text, text, lang, 0, admin1=admin1, places=places, id=eid))
    return out


def _article_of(conn, eid):
    return conn.execute("SELECT article_id FROM event_reports WHERE event_id = %s", (eid,)).fetchone()[0]


def test_a_batch_leaves_out_events_gone_or_clustered_since_they_were_stored(conn, regions, monkeypatch):
    ar = "قُتل خمسة مدنيين بقصف مدفعي لقوات النظام على مدينة أريحا صباح الاثنين."
    en = "Five civilians were killed when government artillery shelled Ariha on Monday."
    a = _store(conn, "Enab Baladi", "b1", ar, "2023-01-09", ["C4278"], "ar")
    b = _store(conn, "Reuters", "b2", en, "2023-01-09", ["C4278"], "en")
    c = _store(conn, "SOHR", "b3", en.replace("Five civilians", "Five people"), "2023-01-09", ["C4278"], "en")
    batch = [entries.Stored.of(_rows(conn, eid), _article_of(conn, eid), {"title": None, "body": "", "raw": ""})
             for eid in (a, b, c)]
    for eid in (a, b, c):
        conn.execute("INSERT INTO merge_queue (article_id) VALUES (%s)", (_article_of(conn, eid),))
    ours = entries._cache
    monkeypatch.setattr(entries, "_cache", entries.Cache())  # another process clusters `a` first
    first = merge.assign(conn, [a])[a]
    monkeypatch.setattr(entries, "_cache", ours)
    conn.execute("DELETE FROM events WHERE id = %s", (c,))  # `c`'s article was reprocessed meanwhile
    got = entries.assign_stored(conn, batch)
    assert got == {b: first}
    assert conn.execute("SELECT reports, sources FROM entries WHERE id = %s", (first,)).fetchone() == (2, 2)
    assert _queued(conn) == 0 and _unclustered(conn) == 0


def test_a_batch_gives_the_entries_one_article_at_a_time_gives(conn, regions):
    """Clustering many articles in one transaction is clustering them one after the other."""
    texts = [("Enab Baladi", "قُتل خمسة مدنيين بقصف مدفعي لقوات النظام على مدينة أريحا صباح الاثنين.", "2023-01-09", "ar"),
             ("Reuters", "Five civilians were killed when government artillery shelled Ariha on Monday.", "2023-01-10", "en"),
             ("Step News", "افتتح المجلس المحلي في أريحا الاثنين فرناً جديداً لتغطية النقص في الخبز.", "2023-01-09", "ar"),
             ("SOHR", "Five people were killed by regime shelling on Ariha on Monday.", "2023-01-09", "en"),
             ("SANA", "A new bakery opened in Ariha on Monday to cover the bread shortage.", "2023-01-09", "en")]
    ids = [_store(conn, src, f"p{i}", text, day, ["C4278"], lang) for i, (src, text, day, lang) in enumerate(texts)]
    for eid in ids:
        merge.assign(conn, [eid])
    one_by_one = _partition(conn)
    summaries = {(*r[1:6], tuple(r[6])) for r in conn.execute(
        "SELECT id, days, admin1, sources, independent_sources, reports, flags FROM entries")}
    conn.execute("TRUNCATE entry_members, entries")
    batch = [entries.Stored.of(_rows(conn, eid), _article_of(conn, eid), {"title": None, "body": "", "raw": ""})
             for eid in ids]
    entries.assign_stored(conn, batch)
    assert _partition(conn) == one_by_one and len(one_by_one) < len(ids)
    assert {(*r[1:6], tuple(r[6])) for r in conn.execute(
        "SELECT id, days, admin1, sources, independent_sources, reports, flags FROM entries")} == summaries


def test_identical_reports_are_matched_through_their_oldest_member_whatever_the_order(conn, regions):
    """Identical reports in an entry are judged once, through the oldest of them: also when the older one
    joined after the newer (memory keeps each group's oldest member first)."""
    en = "Five civilians were killed when government artillery shelled Ariha on Monday."
    old = _store(conn, "Reuters", "o1", en, "2023-01-09", ["C4278"], "en")
    new = _store(conn, "AFP", "o2", en, "2023-01-09", ["C4278"], "en")
    third = _store(conn, "SOHR", "o3", en.replace("Five civilians", "Five people"), "2023-01-09", ["C4278"], "en")
    merge.assign(conn, [new])
    merge.assign(conn, [old])
    merge.assign(conn, [third])
    assert len(_partition(conn)) == 1
    matched = conn.execute("SELECT matched_event_id FROM entry_members WHERE event_id = %s", (third,)).fetchone()[0]
    assert matched == old


def test_memory_is_frozen_out_of_the_collector_and_given_back_when_emptied(conn, regions, monkeypatch):
    """After a batch a large memory of entries is frozen out of the cyclic collector's way (gc.freeze), a
    small one is not; emptying the memory (another writer, a rebuild) gives them back to it."""
    import gc

    entries._cache.clear()
    before = gc.get_freeze_count()  # what else this process froze (a web process's regions, say)
    eid = _store(conn, "SANA", "f1", "A new bakery opened in Ariha on Monday.", "2023-01-09", ["C4278"], "en")
    merge.assign(conn, [eid])
    assert 0 < len(entries._cache.entries) < entries.FREEZE_FROM and gc.get_freeze_count() == before
    monkeypatch.setattr(entries, "FREEZE_FROM", 1)
    eid = _store(conn, "SANA", "f2", "A new school opened in Ariha on Tuesday.", "2023-01-10", ["C4278"], "en")
    merge.assign(conn, [eid])
    assert gc.get_freeze_count() > before
    entries._cache.clear()
    assert gc.get_freeze_count() == 0
