"""Answers kept by the web process (chrono/web/answer_cache.py) are served again only while the data is
unchanged: any write to what the views show is seen by the next request."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

import web_helpers as W
from chrono.web import create_app, timeline_data


@pytest.fixture
def story(database_url):
    with psycopg.connect(database_url, autocommit=True) as c:
        c.execute("TRUNCATE event_reports, event_regions, events, mentions, articles, sources RESTART IDENTITY CASCADE")
        W.seed_story(c)
        yield c


@pytest.fixture
def built(monkeypatch):
    """How many times the timeline view was actually built."""
    calls = []
    real = timeline_data.timeline

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(timeline_data, "timeline", counting)
    return calls


def test_the_same_request_is_built_once_while_nothing_changes(story, built):
    client = create_app({"TESTING": True}).test_client()
    first = client.get("/timeline?region=hasakah")
    second = client.get("/timeline?region=hasakah")
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data() and second.headers["ETag"] == first.headers["ETag"]
    assert len(built) == 1
    assert client.get("/timeline?region=hasakah", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert len(built) == 1
    client.get("/timeline?region=hasakah&order=desc")
    assert len(built) == 2


def test_a_write_is_seen_by_the_next_request(story, built):
    client = create_app({"TESTING": True}).test_client()
    before = client.get("/timeline?region=hasakah").get_json()
    W.event(story, date_from=date(2022, 10, 10), text="a new event written after the first answer", places=("SY0802",))
    after = client.get("/timeline?region=hasakah").get_json()
    assert len(built) == 2
    assert len(after["events"]) == len(before["events"]) + 1
    assert "a new event written after the first answer" in {e["text"] for e in after["events"]}

    story.execute("UPDATE events SET text = 'renamed' WHERE text = 'a new event written after the first answer'")
    assert "renamed" in {e["text"] for e in client.get("/timeline?region=hasakah").get_json()["events"]}

    regions = client.get("/regions").get_json()
    story.execute("DELETE FROM events WHERE text = 'renamed'")
    again = client.get("/regions").get_json()
    count = {r["pcode"]: r["event_count"] for c in regions["regions"] for r in c["children"]}
    count_again = {r["pcode"]: r["event_count"] for c in again["regions"] for r in c["children"]}
    assert count_again["SY08"] == count["SY08"] - 1


def test_renderings_are_kept_apart(story):
    client = create_app({"TESTING": True}).test_client()
    for _ in range(2):
        assert client.get("/regions/hasakah", headers={"Accept": "text/html"}).content_type.startswith("text/html")
        assert client.get("/regions/hasakah", headers={"Accept": "application/json"}).is_json
        ar = client.get("/regions/hasakah", headers={"Accept": "text/html", "Accept-Language": "ar"})
        assert ar.headers["Content-Language"] == "ar"
        en = client.get("/regions/hasakah", headers={"Accept": "text/html", "Accept-Language": "en"})
        assert en.headers["Content-Language"] == "en"


def test_problems_are_not_kept_and_the_cache_can_be_turned_off(story, built):
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/timeline?region=nowhere-at-all").status_code == 404
    assert len(client.application.extensions["chrono_answers"]) == 0

    off = create_app({"TESTING": True, "CHRONO_ANSWER_CACHE_MB": 0}).test_client()
    off.get("/timeline?region=hasakah")
    off.get("/timeline?region=hasakah")
    assert len(built) == 3  # the 404, then both
    assert "chrono_answers" not in off.application.extensions


def test_every_committed_write_changes_the_data_version(story):
    def version():
        return story.execute("SELECT version FROM data_version").fetchone()[0]

    first = version()
    with story.transaction():  # several statements, one transaction
        story.execute("UPDATE sources SET lang = lang")
        story.execute("UPDATE events SET text = text WHERE id = (SELECT min(id) FROM events)")
        inside = version()
    assert inside != first and version() == inside
    story.execute("UPDATE articles SET title = title")
    assert version() not in (first, inside)
    before = version()
    with pytest.raises(RuntimeError), story.transaction():
        story.execute("UPDATE events SET text = text")
        raise RuntimeError("rolled back")
    assert version() == before
