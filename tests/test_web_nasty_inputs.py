"""No input gives a 5xx: nasty values for every parameter of every endpoint, and odd paths."""

from __future__ import annotations

from urllib.parse import quote

import psycopg
import pytest

import web_helpers as W
from chrono.web import create_app
from chrono.web.params import TIMELINE_NAMES

NASTY = [
    "", " ", "0", "-1", "1e309", "9" * 40, "NaN", "null", "true", "[]", "{}", "'", '"', "';DROP TABLE events;--",
    "%", "%%", "_", "\\", "\\x00", "\x00", "\x01\x02", "\u202e", "\ufeff", "😀" * 50, "ا" * 300, "<script>alert(1)</script>",
    "0000-00-00", "9999-12-31", "0001-01-01", "10000-01-01", "2022-02-29", "2024-02-29", "2022-W40", "2022-10-05T00:00",
    "١٢٣", "٢٠٢٢-١٠-٠٨", "../../etc/passwd", "a" * 5000, "SY08\nSY02", "hasakah,aleppo", "*", "?", "#",
]

# Each parameter is tried where it is read (elsewhere it is a quick "unknown parameter" 400).
WHERE = {name: [("/timeline", "application/json"), ("/regions/hasakah", "text/html")] for name in TIMELINE_NAMES}
WHERE["lang"] += [("/", "text/html"), ("/events/1", "text/html"), ("/resolve?text=x&anchor=2022-10-08T00:00Z", "application/json")]
WHERE["format"] += [("/regions/hasakah", "application/json"), ("/events/1", "application/json")]
WHERE["max_level"] = [("/regions", "application/json")]
WHERE["text"] = [("/resolve?anchor=2022-10-08T00:00Z", "application/json")]
WHERE["anchor"] = [("/resolve?text=x", "application/json")]
WHERE["other"] = [("/articles/1", "application/json"), ("/regions/hasakah.json", "application/json")]


@pytest.fixture(scope="module")
def client(database_url):
    with psycopg.connect(database_url, autocommit=True) as c:
        c.execute("TRUNCATE event_reports, event_regions, events, mentions, articles, sources RESTART IDENTITY CASCADE")
        W.seed_story(c)
    return create_app({"TESTING": True}).test_client()


@pytest.mark.parametrize("name", sorted(WHERE))
def test_nasty_values_never_give_5xx(client, name):
    for path, accept in WHERE[name]:
        for value in NASTY:
            url = f"{path}{'&' if '?' in path else '?'}{quote(name)}={quote(value, safe='')}"
            response = client.get(url, headers={"Accept": accept})
            assert response.status_code < 500, (url, accept, response.status_code, response.get_data(as_text=True)[:300])


@pytest.mark.parametrize("value", NASTY)
def test_nasty_path_segments_never_give_5xx(client, value):
    segment = quote(value, safe="") or "x"
    html, json = "text/html", "application/json"
    for path, accept in ((f"/regions/{segment}", html), (f"/regions/{segment}", json), (f"/regions/{segment}.json", json),
                         (f"/regions/{segment}/feed.atom", json), (f"/events/{segment}", html),
                         (f"/events/{segment}", json), (f"/articles/{segment}", json),
                         (f"/timeline?region=hasakah&q={segment}", json)):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code < 500, (path, response.status_code, response.get_data(as_text=True)[:300])


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b"null", b'{"text": null, "anchor": null}', b'{"text": "x"}',
                                  b'{"text": "x", "anchor": "2022-10-08T17:41:00+03:00", "lang": 5}',
                                  b'{"text": ["x"], "anchor": "2022"}', b"\xff\xfe", b'{"text": "x", "extra": 1}'])
def test_nasty_post_bodies_never_give_5xx(client, body):
    for path in ("/resolve", "/articles"):
        response = client.post(path, data=body, content_type="application/json")
        assert response.status_code < 500 or response.status_code == 503, (path, body, response.status_code)
        assert response.mimetype == "application/problem+json" or response.status_code < 300
