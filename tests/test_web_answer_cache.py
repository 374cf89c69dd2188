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


@pytest.fixture
def event_builds(monkeypatch):
    """The ids of the events `event_json` actually built."""
    ids = []
    real = timeline_data.event_json

    def counting(row, *args, **kwargs):
        ids.append(row["id"])
        return real(row, *args, **kwargs)

    monkeypatch.setattr(timeline_data, "event_json", counting)
    return ids


def test_after_a_write_only_the_changed_events_are_built_again(story, event_builds):
    """Whole answers are built again after any write; within them, an event read with the same row and
    details as before is reused, and one whose data changed is built again, in JSON and on the page."""
    client = create_app({"TESTING": True, "CHRONO_ANSWER_CACHE_MB": 0}).test_client()
    first = client.get("/timeline?region=hasakah").get_json()
    page = client.get("/regions/hasakah", headers={"Accept": "text/html"}).get_data(as_text=True)
    ids = [e["id"] for e in first["events"]]
    assert len(ids) >= 3 and sorted(event_builds) == sorted(ids)

    event_builds.clear()
    again = client.get("/timeline?region=hasakah").get_json()
    assert again == first and event_builds == []

    changed, explained = ids[0], ids[-1]
    story.execute("UPDATE events SET text = 'a text changed after the first answer' WHERE id = %s", (changed,))
    mention = story.execute("SELECT mention_id FROM event_reports WHERE event_id = %s AND mention_id IS NOT NULL "
                            "LIMIT 1", (explained,)).fetchone()[0]
    story.execute("UPDATE mentions SET explanation = 'an explanation changed after the first answer' WHERE id = %s",
                  (mention,))
    reporting = {r[0] for r in story.execute("SELECT event_id FROM event_reports WHERE mention_id = %s", (mention,))}
    after = client.get("/timeline?region=hasakah").get_json()
    assert set(event_builds) == {changed} | (reporting & set(ids))
    seen = {e["id"]: e for e in after["events"]}
    assert seen[changed]["text"] == "a text changed after the first answer"
    assert "an explanation changed after the first answer" in {s["explanation"] for s in seen[explained]["sources"]}
    unchanged = set(ids) - set(event_builds)
    before = {e["id"]: e for e in first["events"]}
    assert unchanged and all(seen[i] == before[i] for i in unchanged)

    page_after = client.get("/regions/hasakah", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "a text changed after the first answer" in page_after
    assert "a text changed after the first answer" not in page
