"""Ingest without a database: sources file, schedules, datelines, page furniture, sentences, anchors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chrono.ingest import dateline, text
from chrono.ingest.events import Article, Place, build, main_place
from chrono.ingest.prepare import BadArticle, Pending, parse_time, prepare
from chrono.ingest.schedule import parse_schedule
from chrono.ingest.sources import SourcesError, load

DAMASCUS = ZoneInfo("Asia/Damascus")


# --- datelines -----------------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected, has_time", [
    ("2022.10.08 | 17:41 دمشق", "2022-10-08T17:41:00+03:00", True),
    ("دمشق - 8 تشرين الأول 2022", "2022-10-08T00:00:00+03:00", False),
    ("Oct 8, 2022 5:41 PM", "2022-10-08T17:41:00+03:00", True),
    ("نشر في: 08/10/2022 - 17:41", "2022-10-08T17:41:00+03:00", True),
    ("السبت ٨ تشرين الأول/أكتوبر ٢٠٢٢", "2022-10-08T00:00:00+03:00", False),
    ("Published 2022-10-08T14:41:00Z", "2022-10-08T14:41:00+00:00", True),
    ("12 March 2023, 9:05 am", "2023-03-12T09:05:00+03:00", True),
    ("آخر تحديث: 2023-01-05", "2023-01-05T00:00:00+03:00", False),
])
def test_datelines_are_read(line, expected, has_time):
    found = dateline.find(f"headline words here\n{line}\n\nThe story starts here and goes on for a while.", DAMASCUS)
    assert found is not None
    assert found.when.isoformat() == expected
    assert found.has_time is has_time


def test_dateline_lead_in_cuts_only_the_prefix():
    body = "DAMASCUS, Oct 8, 2022 (Reuters) - Syrian officials said on Saturday that the road reopened."
    found = dateline.find(body, DAMASCUS)
    assert found.when.date().isoformat() == "2022-10-08"
    assert body[found.span[1]:].startswith("Syrian officials")


@pytest.mark.parametrize("body", [
    "In 2020, on 8 October 2022 a long sentence with many words went on and was clearly prose, not a dateline at all.",
    "وقال المسؤول إن الاجتماع الذي عقد في 8 تشرين الأول 2022 في دمشق بحث ملفات كثيرة بين الطرفين المعنيين بالأمر.",
    "No date in this text at all.",
    "\n".join(["filler line number %d with some words" % i for i in range(15)]) + "\n8 October 2022",
])
def test_prose_dates_and_late_dates_are_not_datelines(body):
    assert dateline.find(body, DAMASCUS) is None


def test_published_line_beats_updated_line():
    found = dateline.find("Updated Oct 9, 2022 8:00 AM\nOct 8, 2022 5:41 PM\n\nStory.", DAMASCUS)
    assert found.when.isoformat() == "2022-10-08T17:41:00+03:00"


# --- furniture, headline, sentences ------------------------------------------------------------------

def test_furniture_lines_are_dropped():
    page = "\n".join([
        "icon", "التغطية الحية", "عنوان الخبر الذي يصف ما حدث في المدينة أمس",
        "إسطنبول - متابعات", "+A", "حجم الخط", "-A", "26", "Share", "",
        "قال مسؤول محلي إن القصف استهدف أحياء سكنية في المدينة صباح اليوم وأدى إلى سقوط جرحى.",
        "المصدر: فرانس 24",
        "الآراء المنشورة في هذه المادة تعبر عن راي صاحبها ، و لاتعبر بالضرورة عن رأي المرصد.",
        "The views expressed in this article are the author's own.",
        "Reporting by A. Writer; Editing by B. Editor",
    ])
    cleaned = text.clean(page, take_headline=True)
    assert cleaned.title == "عنوان الخبر الذي يصف ما حدث في المدينة أمس"
    assert cleaned.body == "قال مسؤول محلي إن القصف استهدف أحياء سكنية في المدينة صباح اليوم وأدى إلى سقوط جرحى."


def test_short_sentence_with_full_stop_is_kept():
    assert not text.is_furniture("Clashes resumed Saturday.")
    assert text.is_furniture("Istanbul - agencies")


def test_sentences_know_arabic_punctuation_and_numbers():
    body = ("وقال المسؤول، في بيان، إن الطريق أغلق يوم 2022.10.08 بعد الظهر؛ ثم فتح لاحقاً. هل يعود السكان؟ "
            "The U.S. envoy met Mr. Smith at 5 p.m. on Oct. 8. He left.\nسطر جديد بلا نقطة")
    got = [s.text for s in text.sentences(body)]
    assert got == [
        "وقال المسؤول، في بيان، إن الطريق أغلق يوم 2022.10.08 بعد الظهر؛",
        "ثم فتح لاحقاً.",
        "هل يعود السكان؟",
        "The U.S. envoy met Mr. Smith at 5 p.m. on Oct. 8.",
        "He left.",
        "سطر جديد بلا نقطة",
    ]
    for s in text.sentences(body):
        assert body[s.start:s.end] == s.text


def test_run_on_arabic_sentence_is_cut_at_comma_and_wa():
    clause = "وقالت المصادر إن القوات انتشرت في القرى المحيطة بالمدينة بعد اشتباكات عنيفة استمرت ساعات طويلة"
    body = "، ".join([clause] * 6) + "."
    parts = text.sentences(body)
    assert len(parts) > 1
    assert all(len(p.text) <= text.LONG_SENTENCE for p in parts)
    assert "".join(body[p.start:p.end] for p in parts).replace(" ", "") == body.replace(" ", "")


@pytest.mark.parametrize("sample, lang", [("قال مسؤول في دمشق", "ar"), ("An official said", "en"),
                                          ("12345 !!", None), ("قال Reuters إن الطريق أغلق", "ar")])
def test_language_by_script(sample, lang):
    assert text.detect_lang(sample) == lang


# --- anchors ----------------------------------------------------------------------------------------

def test_anchor_order_given_metadata_dateline_fetched():
    raw = "Headline of the story here\nOct 8, 2022 5:41 PM\n\nThe army said on Friday that the road was open."
    fetched = datetime(2023, 1, 1, 9, 0, tzinfo=timezone.utc)
    from_line = prepare(raw, "text", zone=DAMASCUS, fetched_at=fetched)
    assert (from_line.anchor.isoformat(), from_line.published_from) == ("2022-10-08T17:41:00+03:00", "dateline")
    assert "Oct 8" not in from_line.body and from_line.title == "Headline of the story here"
    given = prepare(raw, "text", zone=DAMASCUS, given=datetime(2022, 10, 9, 10, tzinfo=DAMASCUS))
    assert given.published_from == "given" and given.anchor.day == 9
    record = json.dumps({"text": "The army said on Friday that the road was open.", "published": "2022-10-07 09:00"})
    rec = prepare(record, "record", zone=DAMASCUS)
    assert (rec.anchor.isoformat(), rec.published_from) == ("2022-10-07T09:00:00+03:00", "record")
    bare = json.dumps({"text": "The army said on Friday that the road was open."})
    fetched_prep = prepare(bare, "record", zone=DAMASCUS, on_missing="fetched", fetched_at=fetched)
    assert fetched_prep.published_from == "fetched" and "anchor_fetched" in fetched_prep.flags
    assert fetched_prep.anchor == fetched and fetched_prep.anchor.utcoffset() == timedelta(hours=3)
    with pytest.raises(Pending):
        prepare(bare, "record", zone=DAMASCUS, on_missing="pending", fetched_at=fetched)


def test_feed_time_in_gmt_is_read_as_the_source_day():
    record = json.dumps({"text": "Shelling hit the town yesterday.", "published": "Sat, 08 Oct 2022 22:30:00 GMT",
                         "published_from": "feed"})
    prep = prepare(record, "record", zone=DAMASCUS)
    assert prep.published_from == "feed"
    assert prep.anchor.isoformat() == "2022-10-09T01:30:00+03:00"


@pytest.mark.parametrize("raw", ['{"text": "x", "published": "not a date"}', "{broken", "[1, 2]", '{"title": "t"}'])
def test_unreadable_records_raise_clear_errors(raw):
    with pytest.raises(BadArticle):
        prepare(raw, "record", zone=DAMASCUS, fetched_at=datetime(2023, 1, 1, tzinfo=timezone.utc))


def test_parse_time_without_offset_takes_the_zone():
    assert parse_time("2022-10-08T17:41", DAMASCUS).isoformat() == "2022-10-08T17:41:00+03:00"
    assert parse_time("2022-10-08T17:41:00+00:00", DAMASCUS).utcoffset() == timedelta(0)


# --- events -------------------------------------------------------------------------------------------

class M:  # the resolver's Mention shape, for policy tests that should not depend on its rules
    def __init__(self, span, day_from, day_to, kind="point", flags=()):
        self.span, self.kind, self.flags = span, kind, flags
        self.date_from, self.date_to = day_from, day_to
        self.time_from = self.time_to = None
        self.grain, self.value, self.edtf = "day", str(day_from), str(day_from)
        self.text = "x"


def test_event_policy_lead_publication_day_and_place_fallback():
    from datetime import date

    body = "Lead sentence without a date in Qamishli. Then on Friday a raid. Later a statement came out."
    s2 = body.index("Then")
    s3 = body.index("Later")
    mentions = [M((s2 + 8, s2 + 14), date(2022, 10, 7), date(2022, 10, 7)),
                M((s3, s3 + 5), None, None, kind="duration")]
    places = [Place((32, 40), "C4564", "place", "SY08"), Place((s2 + 20, s2 + 24), "C4564", "place", "SY08")]
    rows = build(Article(body, datetime(2022, 10, 8, 17, 41, tzinfo=DAMASCUS), "en"), mentions, places)
    assert [(r.date_from.isoformat(), r.flags) for r in rows] == [
        ("2022-10-08", ("publication_date",)), ("2022-10-07", ())]
    assert rows[0].places == ("C4564",) and rows[0].admin1 == "SY08" and rows[1].mention == 0


def test_main_place_needs_a_clear_majority():
    a = Place((0, 1), "C1", "place", "SY08")
    b = Place((0, 1), "C2", "place", "SY01")
    assert main_place([a, a, b]) == "SY08"
    assert main_place([a]) == "SY08"
    assert main_place([a, b]) is None
    assert main_place([a, a, b, b]) is None
    assert main_place([Place((0, 1), "TR", "country", None)]) is None


# --- sources file and schedules ---------------------------------------------------------------------

def test_sources_file_is_validated(tmp_path):
    good = tmp_path / "sources.toml"
    good.write_text('[[source]]\nname = "a"\nkind = "jsonl"\nlocation = "x.jsonl"\nschedule = "*/15 * * * *"\n',
                    encoding="utf-8")
    (src,) = load(good)
    assert src.timezone == "Asia/Damascus" and src.on_missing_published == "fetched"
    assert src.resolved_locations() == [str(tmp_path / "x.jsonl")]
    for bad, message in [('kind = "ftp"', "kind"), ('timezone = "Mars/Olympus"', "time zone"),
                         ('schedule = "sometimes"', "schedule"), ('on_missing_published = "guess"', "on_missing"),
                         ('colour = "red"', "unknown field")]:
        path = tmp_path / "bad.toml"
        entry = '[[source]]\nname = "b"\nkind = "jsonl"\nlocation = "x"\n'
        key = bad.split(" = ")[0]
        entry = "\n".join(line for line in entry.splitlines() if not line.startswith(key)) + "\n" + bad + "\n"
        path.write_text(entry, encoding="utf-8")
        with pytest.raises(SourcesError, match=message):
            load(path)
    with pytest.raises(SourcesError, match="no such sources file"):
        load(tmp_path / "missing.toml")


def test_project_samples_sources_file_loads():
    sources = load()  # samples/sources.toml unless CHRONO_SOURCES says otherwise
    assert sources and all(s.kind in ("rss", "html", "folder", "jsonl") for s in sources)


def test_schedules():
    t0 = datetime(2022, 10, 8, 12, 7, tzinfo=timezone.utc)
    assert parse_schedule("15m").next_after(t0) == t0 + timedelta(minutes=15)
    assert parse_schedule("*/15 * * * *").next_after(t0) == datetime(2022, 10, 8, 12, 15, tzinfo=timezone.utc)
    every_hour = parse_schedule("1h")
    assert every_hour.due(None, t0) and not every_hour.due(t0, t0 + timedelta(minutes=59))
    assert every_hour.due(t0, t0 + timedelta(hours=1))
    for bad in ("", "15", "0m", "every day", "* * *"):
        with pytest.raises(ValueError):
            parse_schedule(bad)
