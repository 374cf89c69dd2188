"""Hostile input for the pure parts (hypothesis): the resolver at the edges of its calendars, the place
matcher, the dateline detector, the feed/HTML/JSON readers and `prepare`. Each either answers or refuses
with its documented, readable error; nothing else escapes. (Ordinary inputs are covered by
test_resolve_properties.py and test_places_matcher.py; this file is about bad ones.)"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chrono.ingest import dateline, http, readers, text
from chrono.ingest.prepare import BadArticle, Pending, prepare
from chrono.ingest.sources import Source

DAMASCUS = ZoneInfo("Asia/Damascus")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that reach the rules, impossible dates among them, and characters that upset text handling.
DATEY = ["31 شباط", "30 شباط 2023", "1500 هـ", "1 محرم 1500 هـ", "1343 هـ", "12 ربيع الأول 1444 هـ",
         "year 99999", "99999", "0000-00-00", "2022-13-45", "31/02/2022", "February 30, 2022", "أمس",
         "yesterday", "قبل 5000 عام", "in 9000 years", "منذ 99999 سنة", "الساعة 25:61", "24:00", "تشرين الأول",
         "8 تشرين الأول 2022", "Oct 8, 2022 5:41 PM", "2022.10.08 | 17:41", "دمشق - ", "DAMASCUS, Oct 8 (Reuters) -",
         "الحسكة", "حلب", "Aleppo", "Qamishli", "ريف دمشق", "رمضان", "Eid", "last century", "the 1990s", "٢٠٢٢"]
ODD = ["\x00", "\x01", "\x1b[31m", "\x7f", "\u200f", "\u200e", "\u202e", "\u2066", "\u2069", "\u061c", "\ufeff",
       "\ufffd", "\u0640" * 5, "\u064b\u0651", "\U0001F600", "\u2028", "\r", "\r\n", "\n\n", "\t", "\xa0",
       "<", ">", "&amp;", "]]>", "\\", '"', "'", "{", "}", "%s", "$1", "\U000E0001"]
WORDS = st.one_of(st.sampled_from(DATEY), st.sampled_from(ODD),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8))
hostile_text = st.lists(WORDS, max_size=40).map(" ".join)

# Anchors anywhere datetime reaches, and at the edges of hijridate's range (1343–1500 AH,
# 1924-08-01 … 2077-11-16).
EDGES = [datetime(1, 1, 1), datetime(1924, 7, 31, 23), datetime(1924, 8, 1), datetime(2077, 11, 16),
         datetime(2077, 11, 17), datetime(9999, 12, 30), datetime(9999, 12, 31, 23, 59)]
OFFSETS = [timedelta(0), timedelta(hours=3), timedelta(hours=14), timedelta(hours=-12)]
anchors = st.builds(lambda dt, off: dt.replace(tzinfo=timezone(off)),
                    st.one_of(st.sampled_from(EDGES), st.datetimes(min_value=datetime(1, 1, 2),
                                                                   max_value=datetime(9999, 12, 30))),
                    st.sampled_from(OFFSETS))


def _check_mentions(body, mentions):
    for m in mentions:
        assert 0 <= m.span[0] <= m.span[1] <= len(body)
        assert body[m.span[0]:m.span[1]] == m.text
        if m.date_from is not None and m.date_to is not None:
            assert m.date_from <= m.date_to


@FUZZ
@given(body=hostile_text, anchor=anchors, lang=st.sampled_from(["ar", "en", None]))
@example(body="31 شباط و1500 هـ والعام 99999 وغدا", anchor=datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc),
         lang="ar")
@example(body="1 محرم 1500 هـ، رمضان المقبل", anchor=datetime(2077, 11, 16, tzinfo=timezone.utc), lang=None)
@example(body="أمس، رمضان الماضي، 1 محرم 1343 هـ", anchor=datetime(1924, 8, 1, tzinfo=timezone.utc), lang=None)
@example(body="yesterday, last century, year 1", anchor=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
         lang="en")
def test_resolver_answers_hostile_text_at_any_anchor(body, anchor, lang):
    from chrono.resolve import resolve

    _check_mentions(body, resolve(body, anchor=anchor, lang=lang))


@settings(max_examples=30, deadline=None)
@given(body=hostile_text, home=st.sampled_from([None, "hasakah", "SY02"]))
@example(body="\u202eحلب\u202c Aleppo\x00 الحسكة" * 3, home=None)
def test_place_matcher_answers_hostile_text(body, home):
    from chrono.places import find

    for place in find(body, home_region=home):
        start, end = place.span
        assert 0 <= start < end <= len(body)
        assert place.pcode


@FUZZ
@given(lines=st.lists(hostile_text, max_size=15))
@example(lines=["2022.10.08 | 17:41 دمشق", "31 شباط 2022", "99999-10-08T10:00"])
@example(lines=["دمشق - 8 تشرين الأول 2022 - " + "حلب " * 200, "0000-00-00T00:00:00+99:99"])
def test_dateline_detector_answers_or_finds_nothing(lines):
    body = "\n".join(lines)
    found = dateline.find(body, DAMASCUS)
    if found is not None:
        assert found.when.tzinfo is not None
        assert 0 <= found.span[0] <= found.span[1] <= len(body)
        assert 1900 <= found.when.year <= 2200


class NoNetwork:
    """Readers' context for local input: any network use is a test failure."""

    def fetch(self, url, *, conditional=True):
        raise AssertionError(f"fetched {url}")

    def remember(self, response):
        raise AssertionError("remembered a response")

    def known(self, source, url):
        raise AssertionError("asked about a URL")


FEED_SOURCE = Source(name="fuzz", kind="rss", location=("feed.xml",), full_text="feed")
RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>{title}</title><link>https://example.org/{n}</link><guid>{guid}</guid>
<pubDate>{date}</pubDate><description><![CDATA[{body}]]></description></item></channel></rss>"""


def _readable(item: readers.Item):
    assert isinstance(item.raw, str) and item.raw_format in ("text", "html", "record")
    if item.error:
        assert isinstance(item.error, str) and item.error.strip()
    if item.raw_format == "record" and not item.error:
        assert isinstance(json.loads(item.raw), dict)


@FUZZ
@given(data=st.binary(max_size=3000))
@example(data=RSS.format(title="x", n=1, guid="g", date="Sat, 31 Feb 99999 25:61:00 +9999", body="حلب").encode())
@example(data=RSS.format(title="<b>", n=2, guid="", date="", body="<p>حلب<script>x</script>").encode()[:200])
@example(data=b"\xef\xbb\xbf<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry><title>\x00")
@example(data=b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
              b'<rss><channel><item><description>&b;&b;&b;</description></item></channel></rss>')
def test_feed_reader_reads_or_refuses_any_bytes(data):
    try:
        items = list(readers.read_feed_bytes(data, "feed.xml", FEED_SOURCE, NoNetwork()))
    except readers.SourceError as exc:
        assert "feed.xml" in str(exc)
        return
    for item in items:
        _readable(item)


@FUZZ
@given(title=hostile_text, body=hostile_text, guid=hostile_text, date=hostile_text, cut=st.integers(0, 2000))
def test_truncated_feeds_are_read_or_refused(title, body, guid, date, cut):
    from xml.sax.saxutils import escape

    full = RSS.format(title=escape(title), n=1, guid=escape(guid), date=escape(date), body=body.replace("]]>", ""))
    for data in (full.encode("utf-8", "surrogatepass"), full.encode("utf-8", "surrogatepass")[:cut]):
        try:
            items = list(readers.read_feed_bytes(data, "feed.xml", FEED_SOURCE, NoNetwork()))
        except readers.SourceError:
            continue
        for item in items:
            _readable(item)


@FUZZ
@given(fragment=st.one_of(hostile_text, st.text(max_size=500)))
@example(fragment="<p>" * 5000)
@example(fragment="<div><p>حلب</div></p></span><![CDATA[x]]><!-- <script>")
def test_html_fragments_become_text(fragment):
    out = readers.html_to_text(fragment)
    assert isinstance(out, str)
    assert "<script" not in out.lower() or "<script" in fragment.lower()


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     hostile_text), lambda inner: st.lists(inner, max_size=3) |
                           st.dictionaries(st.sampled_from(["text", "html", "url", "guid", "title", "published",
                                                            "source", "lang", "x"]), inner, max_size=6), max_leaves=12)


@FUZZ
@given(record=st.dictionaries(st.sampled_from(["text", "html", "url", "guid", "title", "published", "source", "lang"]),
                              json_values, max_size=8),
       cut=st.integers(0, 400))
@example(record={"text": "حلب 31 شباط", "published": "99999-01-01T00:00:00+03:00"}, cut=400)
@example(record={"text": "x", "published": "0001-01-01T00:00:00+14:00"}, cut=400)
@example(record={"text": "x", "published": "9999-12-31T23:59:59-12:00"}, cut=400)
@example(record={"html": "<html><body><p>" + "<" * 500, "url": "\x00"}, cut=400)
def test_records_are_items_or_readable_errors_and_prepare_refuses_clearly(record, cut):
    raw = json.dumps(record, ensure_ascii=False)
    for line in (raw, raw[:cut]):
        item = readers.record_item(line, "fuzz.jsonl:1")
        _readable(item)
        if item.error:
            assert item.error.startswith("fuzz.jsonl:1")
            continue
        _prepare_clearly(item.raw, item.raw_format)


def _prepare_clearly(raw, raw_format):
    fetched = datetime(2022, 10, 8, 14, 41, tzinfo=timezone.utc)
    for on_missing in ("fetched", "pending"):
        try:
            prep = prepare(raw, raw_format, zone=DAMASCUS, on_missing=on_missing, fetched_at=fetched)
        except (BadArticle, Pending) as exc:
            assert str(exc).strip()
            continue
        assert prep.anchor.tzinfo is not None and isinstance(prep.body, str)
        assert "\x00" not in prep.body


@settings(max_examples=25, deadline=None)
@given(page=st.one_of(hostile_text, st.binary(max_size=2000).map(lambda b: b.decode("latin-1"))),
       cut=st.integers(0, 3000))
@example(page="<html><head><meta charset='windows-1256'><title>\x00</title></head><body><p>"
              + "قصفت القوات حلب يوم 31 شباط 2022. " * 20 + "</p>", cut=3000)
def test_html_pages_prepare_or_refuse_clearly(page, cut):
    html = f"<html><body><article><p>{page}</p></article></body></html>"
    for raw in (html, html[:cut]):
        _prepare_clearly(raw, "html")
        _prepare_clearly(raw, "text")


ARABIC = "قصفت القوات مدينة حلب يوم الجمعة 8 تشرين الأول 2022، وقال المرصد أمس إن الهجوم وقع في الحسكة.\n"


def test_windows_1256_files_and_pages_are_read_as_arabic(tmp_path):
    data = ARABIC.encode("windows-1256")
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "b.html").write_bytes(b"<html><head><meta charset=windows-1256></head><body><p>" + data * 5
                                      + b"</p></body></html>")
    (tmp_path / "c.html").write_bytes(b"<html><body><p>" + data * 5 + b"</p></body></html>")  # undeclared
    items = list(readers.read_folder(str(tmp_path), FEED_SOURCE, NoNetwork()))
    assert len(items) == 3
    for item in items:
        assert "تشرين الأول" in item.raw and "\ufffd" not in item.raw
    # an unknown charset name in a header is ignored, not an error
    assert http.decode(ARABIC.encode("utf-8"), "x-no-such-charset") == ARABIC


def test_binary_files_in_a_folder_are_read_as_text_without_error(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 50)
    (tmp_path / "blob.json").write_bytes(b"\x00\xff\xfe{" * 100)
    (tmp_path / "blob.jsonl").write_bytes(b'{"text": "\xff\xfe"}\n\x00\x00\n{"text": "ok", "x": "\xc3\x28"}\n')
    (tmp_path / "blob.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    items = list(readers.read_folder(str(tmp_path), FEED_SOURCE, NoNetwork()))
    assert len(items) == 6
    for item in items:
        _readable(item)
        if not item.error:
            _prepare_clearly(item.raw, item.raw_format)


@pytest.mark.parametrize("size", [5_000_000])
def test_five_megabyte_texts_stay_linear(size):
    """One 5 MB article (one long line, as a scraped page can be): the dateline detector and the text
    cleaner and splitter answer at once (they were quadratic on long lines); `prepare` refuses the text
    as over the article limit rather than spending minutes on it."""
    body = (ARABIC.strip() + " ") * (size // len(ARABIC) + 1)
    body = body[:size]
    assert dateline.find(body, DAMASCUS) is None
    assert len(text.sentences(body[:1_000_000])) > 1000
    with pytest.raises(BadArticle, match="over the limit"):
        prepare(json.dumps({"text": body, "published": "2022-10-08T10:00:00+03:00"}), "record", zone=DAMASCUS)
