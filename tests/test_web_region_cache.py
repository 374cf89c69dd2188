"""The region tree each web process keeps in memory (chrono/web/region_cache.py) follows the database:
a change to `regions` or `region_members` (what `chrono places load` does) is seen by the next request."""

from __future__ import annotations

import psycopg
import pytest

import web_helpers as W
from chrono.places.load import load
from chrono.web import create_app


@pytest.fixture(scope="module")
def story(database_url):
    with psycopg.connect(database_url, autocommit=True) as c:
        c.execute("TRUNCATE event_reports, event_regions, events, mentions, articles, sources RESTART IDENTITY CASCADE")
        W.ensure_regions(c)
        return W.seed_story(c)


@pytest.fixture
def db(database_url, story):
    """A connection for changing regions; the gazetteer is loaded again afterwards, which undoes the change."""
    with psycopg.connect(database_url, autocommit=True) as c:
        try:
            yield c
        finally:
            load(c)


def version(conn) -> str:
    return conn.execute("SELECT version FROM regions_version").fetchone()[0]


def test_every_change_to_regions_or_members_gives_a_new_version(db):
    before = version(db)
    db.execute("UPDATE regions SET population = population WHERE pcode = 'SY08'")
    after_regions = version(db)
    db.execute("DELETE FROM region_members WHERE macro_pcode = 'SYM-NE' AND member_pcode = 'SY08'")
    after_members = version(db)
    assert len({before, after_regions, after_members}) == 3


def test_a_renamed_region_is_seen_by_the_next_request(db):
    client = create_app({"TESTING": True}).test_client()
    first = client.get("/timeline?region=hasakah").get_json()
    assert first["region"]["name_en"] == "Al-Hasakah"
    assert any(c["pcode"] == "SY08" for e in first["events"] for p in e["places"] for c in [p, *p["chain"]])

    db.execute("UPDATE regions SET name_en = 'Hasakah (renamed)' WHERE pcode = 'SY08'")
    body = client.get("/timeline?region=hasakah").get_json()
    assert body["region"]["name_en"] == "Hasakah (renamed)"
    names = {c["name_en"] for e in body["events"] for p in e["places"] for c in [p, *p["chain"]] if c["pcode"] == "SY08"}
    assert names == {"Hasakah (renamed)"}
    page = client.get("/regions/hasakah?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Hasakah (renamed)" in page


def test_a_new_slug_is_seen_by_the_next_request(db):
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/timeline?region=hasakah").get_json()["region"]["slug"] == "hasakah"

    db.execute("UPDATE regions SET slug = 'hasakah-governorate' WHERE pcode = 'SY08'")
    new = client.get("/timeline?region=hasakah-governorate").get_json()
    assert new["region"]["pcode"] == "SY08" and new["events"]
    assert new["links"]["html"].startswith("/regions/hasakah-governorate")
    # "hasakah" is still the region's name (the gazetteer's lookup), no longer its slug
    old = client.get("/timeline?region=hasakah").get_json()
    assert old["region"]["slug"] == "hasakah-governorate"
    assert client.get("/regions/hasakah-governorate.json").get_json()["pcode"] == "SY08"


def test_macro_region_members_follow_region_members(db):
    client = create_app({"TESTING": True}).test_client()

    def in_hasakah(body):
        return {e["id"] for e in body["events"] if "SY08" in {c["pcode"] for p in e["places"] for c in [p, *p["chain"]]}}

    assert "SY08" in {m["pcode"] for m in client.get("/regions/SYM-NE.json").get_json()["members"]}
    assert in_hasakah(client.get("/timeline?region=SYM-NE").get_json())

    db.execute("DELETE FROM region_members WHERE macro_pcode = 'SYM-NE' AND member_pcode = 'SY08'")
    assert "SY08" not in {m["pcode"] for m in client.get("/regions/SYM-NE.json").get_json()["members"]}
    assert not in_hasakah(client.get("/timeline?region=SYM-NE").get_json())
