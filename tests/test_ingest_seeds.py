"""The acceptance check of the ingest issue: the two real seed articles give the manifest's events."""

from __future__ import annotations

import json
from datetime import date

import psycopg
import pytest
from click.testing import CliRunner

from chrono.cli import main


def _ingest(*args):
    result = CliRunner().invoke(main, ["ingest", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _events(conn):
    return conn.execute("""
        SELECT a.url, lower(e.days), upper(e.days) - 1, e.flags, coalesce(m.surface, ''),
               array(SELECT pcode FROM event_regions r WHERE r.event_id = e.id), e.admin1
          FROM events e JOIN event_reports rp ON rp.event_id = e.id JOIN articles a ON a.id = rp.article_id
          LEFT JOIN mentions m ON m.id = rp.mention_id""").fetchall()


def _counts(conn):
    return [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "mentions", "events", "event_regions", "event_reports")]


def test_seed_articles_give_the_expected_events(conn, regions, shared_dir):
    seeds = shared_dir / "corpus" / "seeds"
    manifest = json.loads((seeds / "manifest.json").read_text(encoding="utf-8"))
    files = {a["file"][:3]: seeds / a["file"] for a in manifest["articles"]}
    assert "1 new" in _ingest(str(files["000"]))
    assert "1 new" in _ingest(str(files["001"]), "--published", "2022-10-09T10:00:00+03:00")

    anchor = conn.execute("SELECT published_at, published_from FROM articles WHERE url LIKE %s",
                          ("%" + files["000"].name,)).fetchone()
    assert anchor[0].isoformat() == "2022-10-08T14:41:00+00:00" and anchor[1] == "dateline"

    events = _events(conn)
    for want in manifest["expected"]:
        name = files[want["article"]].name
        lo = date.fromisoformat(want["date_from"])
        hi = date.fromisoformat(want["date_to"]) if want.get("date_to") else None
        expression = want["expression"]

        def fits(row):
            url, first, last, flags, surface, regions_, _ = row
            if not url.endswith(name) or first != lo or (hi is not None and last != hi):
                return False
            if expression == "(publication date)":
                return "publication_date" in flags
            return bool(surface) and (surface in expression or expression in surface)

        found = [row for row in events if fits(row)]
        assert found, f"no event for {want['article']} {expression!r} ({want['what']})"
        if want.get("where"):
            assert any("SY08" in row[5] for row in found), f"{expression!r} is not placed in SY08: {found}"

    before = _counts(conn)
    assert "1 unchanged" in _ingest(str(files["000"]))
    assert "1 unchanged" in _ingest(str(files["001"]), "--published", "2022-10-09T10:00:00+03:00")
    assert _counts(conn) == before


def test_pending_without_anchor_then_given(conn, regions, shared_dir):
    seed = shared_dir / "corpus" / "seeds" / "001_f016448ea2b9b6e5.txt"
    out = _ingest(str(seed))  # no dateline, no --published: the ad-hoc source waits for a time
    assert "1 pending" in out
    status, error, events = conn.execute(
        "SELECT status, error, (SELECT count(*) FROM events) FROM articles").fetchone()
    assert status == "pending" and "publication time" in error and events == 0
    _ingest(str(seed), "--published", "2022-10-10T09:00:00+03:00")
    status, published = conn.execute("SELECT status, published_at FROM articles").fetchone()
    assert status == "processed" and published.date() == date(2022, 10, 10)
    saturday = conn.execute("SELECT count(*) FROM events WHERE days = daterange('2022-10-08', '2022-10-08', '[]')"
                            ).fetchone()[0]
    assert saturday == 1
    # a different given time updates the article and replaces its events (one lead event per article)
    _ingest(str(seed), "--published", "2022-10-11T09:00:00+03:00")
    leads = conn.execute("SELECT lower(days) FROM events WHERE 'publication_date' = ANY(flags)").fetchall()
    assert leads == [(date(2022, 10, 11),)]


def test_status_lists_runs(conn, regions, shared_dir):
    seed = shared_dir / "corpus" / "seeds" / "000_032df531970bae2f.txt"
    _ingest(str(seed))
    out = CliRunner().invoke(main, ["ingest", "--status"]).output
    lines = [line for line in out.splitlines() if line.strip().startswith("1 ")]
    assert lines and " ok " in lines[0] and " cli " in lines[0]


def test_reprocess_rebuilds_events(conn, regions, shared_dir):
    seed = shared_dir / "corpus" / "seeds" / "000_032df531970bae2f.txt"
    _ingest(str(seed))
    before = conn.execute("SELECT lower(days), upper(days), text FROM events ORDER BY 1, 3").fetchall()
    conn.execute("DELETE FROM events")
    result = CliRunner().invoke(main, ["reprocess", "--since", "2022-10-01"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert conn.execute("SELECT lower(days), upper(days), text FROM events ORDER BY 1, 3").fetchall() == before
    result = CliRunner().invoke(main, ["reprocess", "--since", "2022-10-09"], catch_exceptions=False)
    assert "0 events" in result.output
    bad = CliRunner().invoke(main, ["reprocess", "--since", "last week"])
    assert bad.exit_code != 0 and "ISO 8601" in bad.output


def test_dateline_day_for_events_is_local(conn, regions, shared_dir):
    """The lead event's day is the anchor's local day (17:41 in Damascus is 14:41 UTC, same day here)."""
    seed = shared_dir / "corpus" / "seeds" / "000_032df531970bae2f.txt"
    _ingest(str(seed))
    (lead,) = conn.execute("SELECT lower(days), admin1 FROM events WHERE 'publication_date' = ANY(flags)").fetchall()
    assert lead == (date(2022, 10, 8), "SY08")


def test_project_samples_ingest_cleanly(conn, regions):
    from chrono.store.paths import project_root

    samples = project_root() / "samples"
    records = [json.loads(line) for line in (samples / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 12 and all(r["sample"] is True for r in records)
    assert all(r["title"].startswith(("[Sample]", "[عينة]")) for r in records)
    assert {r["lang"] for r in records} == {"ar", "en"}
    out = _ingest("--sources", str(samples / "sources.toml"))
    assert f"{len(records)} new" in out and "0 failed" in out and "0 pending" in out
    per_article = conn.execute("SELECT count(DISTINCT article_id) FROM event_reports").fetchone()[0]
    governorates = conn.execute("SELECT count(DISTINCT admin1) FROM events").fetchone()[0]
    assert per_article == len(records) and governorates >= 8
    assert "0 new" in _ingest("--sources", str(samples / "sources.toml"))
