"""Test data for the web API and pages: the real gazetteer (chrono.places.load) and a small story of
events, sources and articles written through SQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from chrono.web.search_text import normalize_query

PCODES = ("SY", "SY08", "SY0802", "SY080203", "C4751", "SY02", "SYM-NE")


def ensure_regions(conn) -> dict[str, str]:
    """The real gazetteer in `regions` (idempotent); returns pcode → slug for the regions the tests use."""
    from chrono.places.load import load

    load(conn)
    rows = conn.execute("SELECT pcode, slug FROM regions WHERE pcode = ANY(%s)", (list(PCODES),))
    return dict(rows.fetchall())


def source(conn, name: str, lang: str = "ar") -> int:
    row = conn.execute("INSERT INTO sources (name, kind, lang) VALUES (%s, 'feed', %s) "
                       "ON CONFLICT (name) DO UPDATE SET lang = EXCLUDED.lang RETURNING id", (name, lang)).fetchone()
    return row[0]


def article(conn, source_id: int, text: str, *, published: datetime | None, url: str | None = None,
            title: str | None = None, lang: str = "ar") -> int:
    row = conn.execute(
        "INSERT INTO articles (source_id, url, content_hash, title, raw, body, lang, published_at, published_from, "
        "status, processed_at) VALUES (%s, %s, md5(%s), %s, %s, %s, %s, %s, 'given', 'processed', %s) RETURNING id",
        (source_id, url, text + (url or ""), title, text, text, lang, published, published)).fetchone()
    return row[0]


def mention(conn, article_id: int, text: str, surface: str, *, date_from: date, date_to: date, grain: str,
            value: str | None = None, kind: str = "point", flags=(), rule: str | None = None,
            explanation: str | None = None) -> int:
    start = text.find(surface)
    start = max(start, 0)
    row = conn.execute(
        "INSERT INTO mentions (article_id, span_start, span_end, surface, kind, date_from, date_to, grain, value, "
        "flags, rule, explanation) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
        (article_id, start, start + len(surface), surface, kind, date_from, date_to, grain, value, list(flags), rule,
         explanation)).fetchone()
    return row[0]


def event(conn, *, date_from: date, date_to: date | None = None, grain: str = "day", value: str | None = None,
          text: str, lang: str = "ar", places=("C4751",), flags=(), during=None, reports=()) -> int:
    """An event placed in `places` (event_regions rows for each place and its ancestors) and reported
    by `reports`: (article_id, mention_id, sentence) triples."""
    date_to = date_to or date_from
    row = conn.execute(
        "INSERT INTO events (days, during, grain, value, edtf, flags, text, text_norm, lang, admin1) "
        "VALUES (daterange(%s, %s, '[]'), %s, %s, %s, %s, %s, %s, %s, %s, "
        "(SELECT path[2] FROM regions WHERE pcode = %s)) RETURNING id",
        (date_from, date_to, during, grain, value, value, list(flags), text, normalize_query(text), lang,
         places[0] if places else None)).fetchone()
    eid = row[0]
    for place in places:
        conn.execute(
            "INSERT INTO event_regions (event_id, pcode, days, direct) "
            "SELECT %s, p, daterange(%s, %s, '[]'), p = %s FROM regions r, unnest(r.path) p WHERE r.pcode = %s "
            "ON CONFLICT DO NOTHING", (eid, date_from, date_to, place, place))
    for article_id, mention_id, sentence in reports:
        conn.execute("INSERT INTO event_reports (event_id, article_id, mention_id, sentence) VALUES (%s, %s, %s, %s)",
                     (eid, article_id, mention_id, sentence))
    return eid


DAMASCUS = timezone(timedelta(hours=3))


def seed_story(conn) -> dict:
    """The seed articles' story, by hand: a night raid, a statement, patrols, a year, "since 2014"."""
    ensure_regions(conn)
    tv = source(conn, "Syria TV")
    sohr = source(conn, "SOHR")
    text1 = ("نفذت قوات أمريكية ليل الأربعاء - الخميس إنزالاً جوياً في ريف القامشلي. "
             "وقالت القيادة المركزية أمس الخميس إن العملية نجحت. والتقت دوريات أمريكية وروسية قرب القحطانية.")
    a1 = article(conn, tv, text1, published=datetime(2022, 10, 8, 17, 41, tzinfo=DAMASCUS),
                 url="https://tv.example/a1", title="دوريات أمريكية وروسية")
    text2 = "التقت السبت دوريتان أمريكية وروسية قرب حقل نفطي. والقوات الأمريكية موجودة منذ العام 2014 في المنطقة."
    a2 = article(conn, sohr, text2, published=datetime(2022, 10, 9, 10, 0, tzinfo=DAMASCUS),
                 url="https://sohr.example/b2", title="<b>لقاء</b> الدوريات")
    m_night = mention(conn, a1, text1, "ليل الأربعاء - الخميس", date_from=date(2022, 10, 5),
                      date_to=date(2022, 10, 6), grain="part_of_day", value="2022-10-05TNI", kind="range",
                      rule="ar.night_pair", explanation="night from Wednesday 5 to Thursday 6 October")
    m_thu = mention(conn, a1, text1, "أمس الخميس", date_from=date(2022, 10, 6), date_to=date(2022, 10, 6),
                    grain="day", value="2022-10-06", flags=("conflict",), rule="ar.yesterday_weekday",
                    explanation="yesterday (Friday) disagrees with Thursday; the weekday wins")
    m_sat = mention(conn, a2, text2, "السبت", date_from=date(2022, 10, 8), date_to=date(2022, 10, 8), grain="day",
                    value="2022-10-08", rule="ar.weekday", explanation="the most recent Saturday")
    m_since = mention(conn, a2, text2, "منذ العام 2014", date_from=date(2014, 1, 1), date_to=date(2022, 10, 9),
                      grain="year", value="2014", kind="open", flags=("open",), rule="ar.since_year",
                      explanation="since 2014, to the publication day")
    ids = {
        "raid": event(conn, date_from=date(2022, 10, 5), date_to=date(2022, 10, 6), grain="part_of_day",
                      value="2022-10-05TNI", text="نفذت قوات أمريكية إنزالاً جوياً في ريف القامشلي",
                      places=("SY0802",), reports=[(a1, m_night, text1.split(". ")[0] + ".")]),
        "statement": event(conn, date_from=date(2022, 10, 6), grain="day", value="2022-10-06", flags=("conflict",),
                           text="القيادة المركزية: العملية نجحت", places=("SY0802",),
                           reports=[(a1, m_thu, "وقالت القيادة المركزية أمس الخميس إن العملية نجحت.")]),
        "patrols": event(conn, date_from=date(2022, 10, 8), grain="day", value="2022-10-08",
                         text="التقت دوريات أمريكية وروسية قرب القحطانية", places=("C4751",),
                         reports=[(a1, None, "والتقت دوريات أمريكية وروسية قرب القحطانية."),
                                  (a2, m_sat, "التقت السبت دوريتان أمريكية وروسية قرب حقل نفطي.")]),
        "since": event(conn, date_from=date(2014, 1, 1), date_to=date(2022, 10, 9), grain="year", value="2014",
                       flags=("open",), text="القوات الأمريكية موجودة في المنطقة", places=("SY08",),
                       reports=[(a2, m_since, "والقوات الأمريكية موجودة منذ العام 2014 في المنطقة.")]),
        "aleppo": event(conn, date_from=date(2022, 10, 7), grain="day", value="2022-10-07", lang="en",
                        text="Shelling reported in Aleppo <script>alert(1)</script>", places=("SY02",),
                        reports=[(a2, None, "Shelling reported in Aleppo <script>alert(1)</script>")]),
    }
    return {"events": ids, "articles": {"tv": a1, "sohr": a2}, "sources": {"tv": tv, "sohr": sohr}}
