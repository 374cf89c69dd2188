"""The pages through Flask's test client: language, direction, escaping, links, grouping, headers."""

from __future__ import annotations

import re

import psycopg
import pytest

import web_helpers as W
from chrono.web import create_app
from chrono.web.pages import group_events

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture(scope="module")
def story(database_url):
    with psycopg.connect(database_url, autocommit=True) as c:
        c.execute("TRUNCATE event_reports, event_regions, events, mentions, articles, sources RESTART IDENTITY CASCADE")
        return W.seed_story(c)


@pytest.fixture(scope="module")
def client(story):
    return create_app({"TESTING": True}).test_client()


def page(client, url, status=200, lang=None):
    headers = dict(HTML, **({"Accept-Language": lang} if lang else {}))
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == "text/html"
    return response


def test_language_from_the_browser_or_the_query(client):
    ar = page(client, "/regions/hasakah", lang="ar-SY,ar;q=0.9,en;q=0.5").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in ar and "ليل 5–6 تشرين الأول 2022" in ar
    en = page(client, "/regions/hasakah", lang="en-GB,en;q=0.8").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in en and "night of 5–6 Oct 2022" in en
    forced = page(client, "/regions/hasakah?lang=en", lang="ar").get_data(as_text=True)
    assert 'dir="ltr"' in forced
    assert page(client, "/regions/hasakah?lang=fr", 400).status_code == 400


def test_page_and_json_are_two_renderings_of_one_query(client, story):
    html = page(client, "/regions/hasakah?lang=en&from=2022-10-06&precision=day").get_data(as_text=True)
    href = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html)[1].replace("&amp;", "&")
    assert href.startswith("/timeline?") and "region=hasakah" in href and "from=2022-10-06" in href
    body = client.get(href).get_json()
    shown = [int(i) for i in re.findall(r"/events/(\d+)\?lang=en", html)]
    # The night of 5–6 October overlaps a window that opens on the 6th.
    assert [e["id"] for e in body["events"]] == shown == [story["events"][k] for k in ("raid", "statement", "patrols")]
    for fmt in ("csv", "timelinejs", "ics"):
        assert f"format={fmt}" in html
    assert "/regions/hasakah/feed.atom" in html


def test_article_markup_is_escaped(client, story):
    html = page(client, "/regions/aleppo?lang=en").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    event = page(client, f"/events/{story['events']['since']}?lang=ar").get_data(as_text=True)
    assert "<b>لقاء</b>" not in event and "&lt;b&gt;لقاء&lt;/b&gt;" in event


def test_event_page_shows_how_the_date_was_derived(client, story):
    html = page(client, f"/events/{story['events']['statement']}?lang=en").get_data(as_text=True)
    assert "How this date was derived" in html and "<mark>أمس الخميس</mark>" in html
    assert "ar.yesterday_weekday" in html and "2022-10-08 17:41" in html
    assert "conflict: the text" in html and 'class="flag flag-warn"' in html


def test_unknown_region_page_is_a_404_page_with_suggestions(client):
    html = page(client, "/regions/hasakh?lang=en", 404).get_data(as_text=True)
    assert 'href="/regions/hasakah?lang=en"' in html


def test_home_lists_governorates_and_newest_events(client, story):
    html = page(client, "/?lang=en").get_data(as_text=True)
    assert "Al-Hasakah" in html and "Aleppo" in html and f'/events/{story["events"]["patrols"]}?lang=en' in html


def test_headers_on_pages(client):
    response = page(client, "/regions/hasakah?lang=ar")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Language"] == "ar" and "Accept" in response.headers["Vary"]
    etag = response.headers["ETag"]
    again = client.get("/regions/hasakah?lang=ar", headers=dict(HTML, **{"If-None-Match": etag}))
    assert again.status_code == 304
    assert client.get("/static/style.css").status_code == 200


def _event(date_from, date_to, grain, en, ar="x"):
    return {"date_from": date_from, "date_to": date_to, "grain": grain, "label": {"en": en, "ar": ar}}


def test_grouping_by_month_then_day_keeps_ranges_and_coarse_dates_honest():
    events = [
        _event("2014-01-01", "2022-10-09", "year", "since 2014 (to 9 Oct 2022)"),
        _event("2022-10-01", "2022-10-31", "month", "Oct 2022"),
        _event("2022-10-05", "2022-10-06", "part_of_day", "night of 5–6 Oct 2022"),
        _event("2022-10-08", "2022-10-08", "day", "8 Oct 2022"),
        _event("2022-10-08", "2022-10-08", "time", "8 Oct 2022, 10:00"),
    ]
    groups = group_events(events, "en")
    assert [g["heading"] for g in groups] == ["since 2014 (to 9 Oct 2022)", "October 2022"]
    days = groups[1]["days"]
    assert [d["heading"] for d in days] == ["Oct 2022", "5–6 Oct 2022", "Sat 8 Oct 2022"]
    assert [d["exact_day"] for d in days] == [False, False, True]
    assert len(days[2]["events"]) == 2


def test_home_search_goes_to_the_region_page(client, story):
    response = client.get("/search?q=دوريات&region=hasakah&lang=ar", headers=HTML)
    assert response.status_code == 303 and response.headers["Location"].startswith("/regions/hasakah?q=")
    html = page(client, response.headers["Location"]).get_data(as_text=True)
    assert f"/events/{story['events']['patrols']}?lang=ar" in html and f"/events/{story['events']['raid']}?" not in html
    assert client.get("/search?q=x&region=nowhere-xyz", headers=HTML).status_code == 404
