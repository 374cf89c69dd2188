"""The JSON timeline API through Flask's test client, on a real PostgreSQL with a small hand-made story.
Every response is checked against /openapi.json."""

from __future__ import annotations

import csv
import io
from datetime import date

import feedparser
import icalendar
import psycopg
import pytest
from jsonschema import Draft202012Validator

import web_helpers as W
from chrono.web import create_app
from chrono.web.openapi import spec
from openapi_check import check

pytestmark = pytest.mark.usefixtures("story")


@pytest.fixture(scope="module")
def story(database_url):
    with psycopg.connect(database_url, autocommit=True) as c:
        c.execute("TRUNCATE event_reports, event_regions, events, mentions, articles, sources RESTART IDENTITY CASCADE")
        data = W.seed_story(c)
        data["slugs"] = W.ensure_regions(c)
    return data


@pytest.fixture(scope="module")
def client(story):
    return create_app({"TESTING": True}).test_client()


def get(client, url, status=200, **kw):
    response = client.get(url, **kw)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
    return check(response, url.split("?")[0])


def ids(body):
    return [e["id"] for e in body["events"]]


# --- /timeline ------------------------------------------------------------------------------------

def test_region_timeline_is_the_region_and_everything_inside_it_in_date_order(client, story):
    ev = story["events"]
    body = get(client, "/timeline?region=hasakah").get_json()
    assert ids(body) == [ev["since"], ev["raid"], ev["statement"], ev["patrols"]]
    assert body["region"]["pcode"] == "SY08"
    raid = body["events"][1]
    assert (raid["date_from"], raid["date_to"], raid["grain"], raid["value"]) == ("2022-10-05", "2022-10-06",
                                                                                  "part_of_day", "2022-10-05TNI")
    assert raid["label"] == {"ar": "ليل 5–6 تشرين الأول 2022", "en": "night of 5–6 Oct 2022"}
    src = raid["sources"][0]
    assert src["source"] == "Syria TV" and src["expression"] == "ليل الأربعاء - الخميس"
    assert src["published_at"] == "2022-10-08T17:41:00+03:00" and "ليل الأربعاء" in src["sentence"]
    patrols = body["events"][3]
    assert patrols["source_count"] == 2 and len(patrols["sources"]) == 2
    place = patrols["places"][0]
    assert place["pcode"] == "C4751" and [c["pcode"] for c in place["chain"]] == ["SY080203", "SY0802", "SY08", "SY"]
    assert body["events"][0]["label"]["en"].startswith("since 2014")


@pytest.mark.parametrize("name", ["SY08", "sy08", "الحسكة", "Hasakah", "northeast-syria", "شمال شرق سوريا"])
def test_region_by_pcode_name_or_macro_region(client, story, name):
    body = get(client, f"/timeline?region={name}").get_json()
    assert set(ids(body)) == {story["events"][k] for k in ("since", "raid", "statement", "patrols")}


def test_a_district_holds_its_places_but_not_its_governorate(client, story):
    body = get(client, f"/timeline?region={story['slugs']['SY0802']}").get_json()
    assert ids(body) == [story["events"][k] for k in ("raid", "statement", "patrols")]


def test_no_region_is_everything(client, story):
    assert len(ids(get(client, "/timeline").get_json())) == 5


def test_window_keeps_events_whose_days_overlap_it(client, story):
    ev = story["events"]
    body = get(client, "/timeline?region=hasakah&from=2022-10-06&to=2022-10-07").get_json()
    assert ids(body) == [ev["since"], ev["raid"], ev["statement"]]
    assert ids(get(client, "/timeline?region=hasakah&from=2022-10-07").get_json()) == [ev["since"], ev["patrols"]]
    assert ids(get(client, "/timeline?region=hasakah&to=2013").get_json()) == []
    assert ids(get(client, "/timeline?region=hasakah&from=2022-10&to=2022-10").get_json()) == ids(
        get(client, "/timeline?region=hasakah").get_json())


@pytest.mark.parametrize("q, expected", [
    ("دوريات", ["patrols"]),
    ("إنزالا", ["raid"]),          # hamza on the alef folded, as in text_norm
    ("الأمريكية", ["since", "raid", "patrols"]),  # trigram word similarity: also أمريكية without ال
    ("no such words", []),
])
def test_arabic_aware_search(client, story, q, expected):
    body = get(client, f"/timeline?region=hasakah&q={q}").get_json()
    assert ids(body) == [story["events"][k] for k in expected]


def test_english_search_ignores_case(client, story):
    assert ids(get(client, "/timeline?q=SHELLING").get_json()) == [story["events"]["aleppo"]]


def test_filters_sources_precision_lang_place(client, story):
    ev = story["events"]
    assert ids(get(client, "/timeline?region=hasakah&min_sources=2").get_json()) == [ev["patrols"]]
    assert ids(get(client, "/timeline?region=hasakah&precision=day").get_json()) == [ev["raid"], ev["statement"],
                                                                                     ev["patrols"]]
    assert ids(get(client, "/timeline?region=hasakah&precision=century").get_json()) == [ev["since"], ev["raid"],
                                                                                         ev["statement"], ev["patrols"]]
    assert ids(get(client, "/timeline?lang=en").get_json()) == [ev["aleppo"]]
    assert ids(get(client, "/timeline?region=hasakah&place=qahtaniyyeh").get_json()) == [ev["patrols"]]
    assert ids(get(client, f"/timeline?place={story['slugs']['C4751']}").get_json()) == [ev["patrols"]]


def test_keyset_pages_cover_everything_once_in_both_orders(client, story):
    full = ids(get(client, "/timeline").get_json())
    for order, expected in (("asc", full), ("desc", list(reversed(full)))):
        seen, url = [], f"/timeline?order={order}&limit=2"
        while url:
            body = get(client, url).get_json()
            assert body["count"] <= 2
            seen += ids(body)
            url = body["links"]["next"]
            assert (url is None) == (body["next_cursor"] is None)
        assert seen == expected


def test_cursor_errors(client, story):
    body = get(client, "/timeline?limit=1").get_json()
    cursor = body["next_cursor"]
    problem = get(client, f"/timeline?limit=1&order=desc&cursor={cursor}", 400).get_json()
    assert problem["parameter"] == "cursor" and "order" in problem["detail"]
    for junk in ("abc", "e30", "%%%", "eyJvIjoiYXNjIn0", "x" * 401):
        assert get(client, f"/timeline?cursor={junk}", 400).get_json()["parameter"] == "cursor"


@pytest.mark.parametrize("query, parameter", [
    ("from=2022-13-01", "from"), ("from=2022-02-30", "from"), ("to=yesterday", "to"), ("from=22-10-01", "from"),
    ("from=2022-10-09&to=2022-10-01", "from"), ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"),
    ("limit=-5", "limit"), ("order=sideways", "order"), ("precision=hour", "precision"), ("lang=fr", "lang"),
    ("min_sources=0", "min_sources"), ("format=xml", "format"), ("regoin=hasakah", "regoin"),
    ("region=hasakah&region=aleppo", "region"), ("q=" + "x" * 201, "q"),
])
def test_bad_parameters_are_400_problems(client, query, parameter):
    response = get(client, f"/timeline?{query}", 400)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 400 and body["parameter"] == parameter and body["detail"]


def test_unknown_region_is_404_with_suggestions(client):
    body = get(client, "/timeline?region=hasakh", 404).get_json()
    assert body["title"] == "Unknown region" and "hasakah" in [s["slug"] for s in body["suggestions"]]
    assert get(client, "/timeline?region=hasakah&place=nowhere-at-all", 404).get_json()["parameter"] == "place"


# --- exports --------------------------------------------------------------------------------------

def test_csv_export_parses_back(client, story):
    response = get(client, "/timeline?region=hasakah&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [int(r["id"]) for r in rows] == ids(get(client, "/timeline?region=hasakah").get_json())
    raid = next(r for r in rows if int(r["id"]) == story["events"]["raid"])
    assert raid["label_ar"] == "ليل 5–6 تشرين الأول 2022" and raid["places"] == story["slugs"]["SY0802"]
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_timelinejs_export_validates_against_its_schema(client, story):
    body = get(client, "/timeline?region=northeast-syria&format=timelinejs").get_json()
    doc = spec()
    Draft202012Validator({"components": doc["components"], "$ref": "#/components/schemas/TimelineJS"}).validate(body)
    raid = next(e for e in body["events"] if e["unique_id"] == f"event-{story['events']['raid']}")
    assert raid["start_date"] == {"year": 2022, "month": 10, "day": 5}
    assert raid["end_date"] == {"year": 2022, "month": 10, "day": 6} and raid["group"] == "Al-Hasakah"


def test_timelinejs_escapes_article_markup(client, story):
    body = get(client, "/timeline?region=aleppo&format=timelinejs").get_json()
    assert "<script>" not in body["events"][0]["text"]["text"] and "&lt;script&gt;" in body["events"][0]["text"]["text"]


def test_ics_export_parses_back_with_all_day_ranges(client, story):
    response = get(client, "/timeline?region=hasakah&format=ics")
    cal = icalendar.Calendar.from_ical(response.get_data())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(events) == 4
    raid = next(e for uid, e in events.items() if uid.startswith(f"event-{story['events']['raid']}@"))
    assert raid.decoded("DTSTART") == date(2022, 10, 5) and raid.decoded("DTEND") == date(2022, 10, 7)
    assert "نفذت قوات أمريكية" in str(raid["SUMMARY"])


def test_atom_feed_parses_back_newest_first(client, story):
    response = get(client, "/regions/hasakah/feed.atom")
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.startswith("chrono: Al-Hasakah")
    assert [e.link.rsplit("/", 1)[1] for e in feed.entries] == [
        str(story["events"][k]) for k in ("patrols", "statement", "raid", "since")]
    assert get(client, "/regions/nowhere-xyz/feed.atom", 404).mimetype == "application/problem+json"


# --- events, articles, regions ----------------------------------------------------------------------

def test_event_and_its_negotiated_page(client, story):
    eid = story["events"]["patrols"]
    body = get(client, f"/events/{eid}").get_json()
    assert body["id"] == eid and body["source_count"] == 2
    assert story["events"]["raid"] in [r["id"] for r in body["related"]]
    assert get(client, f"/events/{eid}.json").get_json() == body
    page = client.get(f"/events/{eid}", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert get(client, f"/events/{eid}?format=json").get_json()["id"] == eid


@pytest.mark.parametrize("bad", ["999999", "0", "abc", "1e3", "-1", "99999999999999999999"])
def test_missing_event_or_article_is_404(client, bad):
    assert get(client, f"/events/{bad}", 404).mimetype == "application/problem+json"
    assert get(client, f"/articles/{bad}", 404).mimetype == "application/problem+json"


def test_article_with_mentions_and_events(client, story):
    body = get(client, f"/articles/{story['articles']['tv']}").get_json()
    assert body["source"] == "Syria TV" and body["published_at"] == "2022-10-08T17:41:00+03:00"
    assert [m["text"] for m in body["mentions"]] == ["ليل الأربعاء - الخميس", "أمس الخميس"]
    assert body["mentions"][1]["flags"] == ["conflict"]
    assert {e["id"] for e in body["events"]} == {story["events"][k] for k in ("raid", "statement", "patrols")}


def test_region_tree_with_counts(client):
    body = get(client, "/regions").get_json()
    syria = next(r for r in body["regions"] if r["pcode"] == "SY")
    govs = {g["pcode"]: g for g in syria["children"]}
    assert govs["SY08"]["event_count"] == 4 and govs["SY02"]["event_count"] == 1
    assert govs["SY08"]["last_day"] == "2022-10-09"
    macro = next(m for m in body["macro_regions"] if m["pcode"] == "SYM-NE")
    assert macro["event_count"] >= 4 and "SY08" in macro["members"]
    gov_only = get(client, "/regions?max_level=governorate").get_json()
    assert all(not g["children"] for r in gov_only["regions"] for g in r["children"])
    get(client, "/regions?max_level=galaxy", 400)


def test_region_detail(client, story):
    body = get(client, "/regions/hasakah").get_json()
    assert body["pcode"] == "SY08" and body["event_count"] == 4 and body["first_day"] == "2014-01-01"
    assert body["parent"]["pcode"] == "SY" and "SY0802" in [c["pcode"] for c in body["children"]]
    assert get(client, "/regions/SY08.json").get_json()["slug"] == "hasakah"
    macro = get(client, "/regions/northeast-syria.json").get_json()
    assert [m["pcode"] for m in macro["members"]] == ["SY08"] or "SY08" in [m["pcode"] for m in macro["members"]]
    problem = get(client, "/regions/hasakh", 404).get_json()
    assert "hasakah" in [s["slug"] for s in problem["suggestions"]]
    get(client, "/regions/hasakah.json?region=x", 400)


# --- HTTP behaviour ---------------------------------------------------------------------------------

def test_etag_and_last_modified_give_304(client):
    first = get(client, "/timeline?region=hasakah")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert get(client, "/timeline?region=hasakah", 304, headers={"If-None-Match": etag}).data == b""
    assert get(client, "/timeline?region=hasakah", 304, headers={"If-Modified-Since": modified}).status_code == 304
    assert get(client, "/timeline?region=hasakah", 200, headers={"If-None-Match": '"other"'}).status_code == 200
    assert get(client, "/regions/hasakah.json", 304,
               headers={"If-None-Match": get(client, "/regions/hasakah.json").headers["ETag"]}).status_code == 304


def test_cors_is_open_for_reads_only(client):
    assert get(client, "/timeline?region=hasakah").headers["Access-Control-Allow-Origin"] == "*"
    assert get(client, "/timeline?region=nowhere-xyz", 404).headers["Access-Control-Allow-Origin"] == "*"
    pre = client.options("/timeline", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert pre.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    post = client.post("/articles", json={})
    assert "Access-Control-Allow-Origin" not in post.headers


def test_head_and_method_not_allowed(client):
    assert client.head("/timeline?region=hasakah").status_code == 200
    response = client.delete("/timeline")
    assert response.status_code == 405 and response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]


def test_security_headers(client):
    for url in ("/timeline", "/regions/hasakah?format=html"):
        h = client.get(url).headers
        assert "default-src 'self'" in h["Content-Security-Policy"] and "script-src 'self'" in h["Content-Security-Policy"]
        assert h["X-Content-Type-Options"] == "nosniff" and h["Referrer-Policy"]


def test_openapi_is_valid_and_covers_every_route(client):
    from openapi_spec_validator import validate

    body = get(client, "/openapi.json").get_json()
    validate(body)
    app = create_app()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith("static"):
            continue
        path = rule.rule.replace("<", "{").replace(">", "}")
        path = path.replace("{event_id}", "{id}").replace("{article_id}", "{id}")
        assert path in body["paths"], f"{path} is not in /openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in body["paths"][path], f"{method} {path} is not in /openapi.json"


# --- the resolver and writes --------------------------------------------------------------------------

def _has_resolver():
    import chrono.resolve as r

    return callable(getattr(r, "resolve", None))


@pytest.mark.parametrize("query, parameter", [
    ("anchor=2022-10-08T17:41:00%2B03:00", "text"),
    ("text=أمس", "anchor"),
    ("text=أمس&anchor=2022-10-08T17:41:00", "anchor"),
    ("text=أمس&anchor=tomorrow", "anchor"),
    ("text=أمس&anchor=2022-10-08T17:41:00%2B03:00&lang=fr", "lang"),
])
def test_resolve_rejects_bad_input(client, query, parameter):
    assert get(client, f"/resolve?{query}", 400).get_json()["parameter"] == parameter


def test_resolve_get_and_post(client):
    response = client.get("/resolve?text=أمس الخميس&anchor=2022-10-08T17:41:00%2B03:00&lang=ar")
    check(response, "/resolve")
    posted = client.post("/resolve", json={"text": "أمس الخميس", "anchor": "2022-10-08T17:41:00+03:00", "lang": "ar"})
    check(posted, "/resolve", "post")
    if _has_resolver():
        assert response.status_code == 200 and posted.status_code == 200
        assert response.get_json()["mentions"][0]["date_from"] == "2022-10-06"
    else:
        assert response.status_code == posted.status_code == 503
    assert check(client.post("/resolve", data="nope", content_type="text/plain"), "/resolve", "post").status_code == 400
    assert check(client.post("/resolve", json={"text": "x", "anchor": 5}), "/resolve", "post").status_code == 400


def test_writes_need_the_token(story, monkeypatch):
    monkeypatch.delenv("CHRONO_API_TOKEN", raising=False)
    off = create_app().test_client()
    assert check(off.post("/articles", json={"text": "x"}), "/articles", "post").status_code == 403
    on = create_app({"CHRONO_API_TOKEN": "s3cret-token"}).test_client()
    missing = check(on.post("/articles", json={"text": "x"}), "/articles", "post")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = on.post("/articles", json={"text": "x"}, headers={"Authorization": "Bearer nope"})
    assert check(wrong, "/articles", "post").status_code == 401
    not_json = on.post("/articles", data="x", headers={"Authorization": "Bearer s3cret-token"})
    assert check(not_json, "/articles", "post").status_code == 400


def test_post_article_runs_the_ingest_pipeline(story):
    app = create_app({"CHRONO_API_TOKEN": "s3cret-token"})
    client = app.test_client()
    auth = {"Authorization": "Bearer s3cret-token"}
    record = {"text": "قصفت طائرات حربية أمس الجمعة مواقع قرب مدينة القامشلي في ريف الحسكة.",
              "url": "https://post.example/1", "title": "قصف قرب القامشلي", "source": "Post Test",
              "published": "2022-10-08T12:00:00+03:00"}
    created = check(client.post("/articles", json=record, headers=auth), "/articles", "post")
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["status"] == "new" and body["article_status"] == "processed" and body["events"] >= 1, body
    assert created.headers["Location"] == f"/articles/{body['article_id']}"
    article = get(client, created.headers["Location"]).get_json()
    assert article["source"] == "Post Test" and "2022-10-07" in [m["date_from"] for m in article["mentions"]], article
    assert any(e["date_from"] == "2022-10-07" for e in article["events"]), article
    again = check(client.post("/articles", json=record, headers=auth), "/articles", "post")
    assert again.status_code == 200 and again.get_json()["status"] == "unchanged", again.get_json()
    waiting = client.post("/articles", json={"text": "خبر بلا تاريخ نشر.", "url": "https://post.example/2"}, headers=auth)
    assert check(waiting, "/articles", "post").status_code == 202, waiting.get_json()
    assert waiting.get_json()["status"] == "pending", waiting.get_json()
    empty = client.post("/articles", json={"url": "https://post.example/3"}, headers=auth)
    assert check(empty, "/articles", "post").status_code == 400
