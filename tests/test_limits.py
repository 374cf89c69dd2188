"""The API's limits, each refused with a clear 4xx problem document: request body size, query string
length, `limit`, parameter lengths, text sizes, and an article too long to process (kept raw, 422).
(The ingest's limits — items per source, sources per run, time budget, raw and text size — are in
test_faults.py and test_fuzz_pipeline.py.)"""

from __future__ import annotations

import json

import psycopg
import pytest

import web_helpers as W
from chrono.ingest import limits
from chrono.web import create_app
from chrono.web.http import MAX_QUERY_BYTES

TOKEN = "limits-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def client(database_url):
    with psycopg.connect(database_url, autocommit=True) as c:
        c.execute("TRUNCATE entries, ingest_runs, event_reports, event_regions, events, mentions, articles, sources "
                  "RESTART IDENTITY CASCADE")
        W.seed_story(c)
    return create_app({"TESTING": True, "CHRONO_API_TOKEN": TOKEN}).test_client()


def problem(answer, status: int, *words: str) -> dict:
    assert answer.status_code == status, (answer.status_code, answer.get_data(as_text=True)[:300])
    assert answer.mimetype == "application/problem+json"
    body = answer.get_json()
    assert body["status"] == status
    text = json.dumps(body, ensure_ascii=False)
    for word in words:
        assert word in text, (word, body)
    return body


def test_request_bodies_over_two_mebibytes_are_refused(client):
    big = json.dumps({"text": "حلب " * 600_000, "anchor": "2022-10-08T17:41:00+03:00"})
    assert len(big.encode()) > 2 * 1024 * 1024
    problem(client.post("/resolve", data=big, content_type="application/json"), 413)
    problem(client.post("/articles", data=big, content_type="application/json", headers=AUTH), 413)


def test_query_strings_over_the_limit_are_refused(client):
    ok = client.get("/timeline?q=" + "a" * 200)
    assert ok.status_code == 200
    long = "/timeline?_pad=" + "x" * MAX_QUERY_BYTES
    problem(client.get(long), 414, str(MAX_QUERY_BYTES))
    problem(client.get("/resolve?anchor=2022-10-08T00:00Z&text=" + "%D8%A7" * 1000), 414, "POST /resolve")


@pytest.mark.parametrize("url,words", [
    ("/timeline?limit=501", ("limit", "500")), ("/timeline?limit=0", ("limit",)), ("/timeline?limit=-1", ("limit",)),
    ("/timeline?limit=99999999999", ("limit",)), ("/timeline?q=" + "a" * 201, ("q", "200")),
    ("/timeline?region=" + "b" * 201, ("region",)), ("/timeline?cursor=" + "c" * 401, ("cursor",)),
    ("/timeline?limit=5&limit=6", ("limit", "more than once")), ("/timeline?min_sources=1001", ("min_sources",)),
    ("/resolve?text=x&anchor=" + "2" * 41, ("anchor", "too long")),
])
def test_parameters_over_their_limits_are_400(client, url, words):
    problem(client.get(url), 400, *words)


def test_resolve_text_limit(client):
    text = "أمس " * 26_000  # 104,000 characters: under 2 MiB, over the resolver's 100,000
    problem(client.post("/resolve", json={"text": text, "anchor": "2022-10-08T17:41:00+03:00"}), 400, "100000")


def test_an_article_too_long_to_process_is_kept_raw_and_refused_with_422(client, database_url, monkeypatch):
    monkeypatch.setattr(limits, "MAX_BODY_CHARS", 5_000)
    text = "قصفت القوات مدينة حلب أمس. " * 400  # ~11,000 characters
    answer = client.post("/articles", headers=AUTH, json={"url": "https://limits.example/long", "text": text,
                                                          "published": "2022-10-08T10:00:00+03:00"})
    body = problem(answer, 422, "over the limit", "CHRONO_MAX_ARTICLE_CHARS")
    with psycopg.connect(database_url, autocommit=True) as conn:
        status, error, raw = conn.execute("SELECT status, error, raw FROM articles WHERE id = %s",
                                          (body["article_id"],)).fetchone()
    assert status == "failed" and "over the limit" in error and json.loads(raw)["text"] == text
