"""region_counts (0002_read_side.sql) stays equal to counting event_regions from scratch, whatever the
writes: events added and removed in batches of any size, macro-regions changed, tables emptied."""

from __future__ import annotations

import random
from datetime import date, timedelta

import psycopg
import pytest

# Written independently of the triggers: a plain region counts its rows; a macro-region counts the
# distinct events lying in it or in any of its members.
TRUTH = """
WITH macro AS (SELECT pcode FROM regions WHERE level = 'macro'),
scope AS (SELECT macro_pcode, member_pcode FROM region_members UNION SELECT pcode, pcode FROM macro)
SELECT pcode, count(*), min(lower(days)), max(upper(days)) - 1 FROM event_regions
WHERE pcode NOT IN (SELECT pcode FROM macro) GROUP BY pcode
UNION ALL
SELECT s.macro_pcode, count(DISTINCT er.event_id), min(lower(er.days)), max(upper(er.days)) - 1
FROM event_regions er JOIN scope s ON s.member_pcode = er.pcode GROUP BY s.macro_pcode
"""


def kept(conn) -> dict:
    return {r[0]: tuple(r[1:]) for r in conn.execute("SELECT pcode, event_count, first_day, last_day FROM region_counts")}


def truth(conn) -> dict:
    return {r[0]: tuple(r[1:]) for r in conn.execute(TRUTH)}


@pytest.fixture
def db(conn, regions):
    yield conn
    from chrono.places.load import load

    load(conn)  # undoes changes to macro-regions


def add_events(conn, rng, pool, n):
    """n events, each in 1-3 regions of `pool` plus their ancestors, inserted by one statement."""
    ids = [r[0] for r in conn.execute(
        "INSERT INTO events (days, grain, text, text_norm) SELECT daterange(d, d + k), 'day', 't', 't' "
        "FROM unnest(%s::date[], %s::int[]) AS x(d, k) RETURNING id",
        ([date(2010, 1, 1) + timedelta(days=rng.randrange(5000)) for _ in range(n)],
         [rng.choice((1, 1, 2, 31)) for _ in range(n)]))]
    rows = []
    for event_id in ids:
        pcodes = set()
        for p in rng.sample(pool, rng.randint(1, min(3, len(pool)))):
            pcodes.update(p)
        rows.extend((event_id, p) for p in sorted(pcodes))
    conn.execute(
        "INSERT INTO event_regions (event_id, pcode, days, direct) "
        "SELECT r.event_id, r.pcode, e.days, true FROM unnest(%s::bigint[], %s::text[]) AS r(event_id, pcode) "
        "JOIN events e ON e.id = r.event_id",
        ([r[0] for r in rows], [r[1] for r in rows]))


def test_counts_follow_every_write(db):
    rng = random.Random(20221008)
    chains = db.execute(
        "SELECT path FROM regions WHERE level IN ('governorate', 'district', 'subdistrict', 'place') "
        "AND path[1] = 'SY' ORDER BY pcode").fetchall()
    pool = [list(c[0]) for c in rng.sample(chains, 200)]
    pool += [[m[0]] for m in db.execute("SELECT pcode FROM regions WHERE level = 'macro'")]
    assert kept(db) == {}

    for step in range(12):
        add_events(db, rng, pool, rng.choice((1, 5, 40)))
        if step % 3 == 2:  # some go: one event, or a batch of the latest (which hold the last days)
            db.execute("DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY upper(days) DESC LIMIT %s)",
                       (rng.choice((1, 7)),))
            db.execute("DELETE FROM events WHERE id = (SELECT min(id) FROM events)")
        assert kept(db) == truth(db), f"after step {step}"

    counted = kept(db)
    assert counted["SY"][0] > 100 and {"SYM-NE", "SYM-NW"} <= counted.keys()

    with db.transaction():  # a macro-region loses a member, another gains one
        db.execute("DELETE FROM region_members WHERE macro_pcode = 'SYM-NE' AND member_pcode = 'SY08'")
        db.execute("INSERT INTO region_members VALUES ('SYM-NW', 'SY08')")
    assert kept(db) == truth(db)

    db.execute("DELETE FROM event_regions WHERE pcode = 'SY08'")
    assert kept(db) == truth(db)

    db.execute("TRUNCATE events CASCADE")
    assert kept(db) == {}


def test_event_regions_rows_cannot_be_updated(db):
    add_events(db, random.Random(1), [["SY", "SY08"]], 1)
    with pytest.raises(psycopg.errors.RaiseException, match="replaced, not updated"):
        db.execute("UPDATE event_regions SET days = daterange('2020-01-01', '2020-01-02')")
