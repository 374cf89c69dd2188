"""Date labels: Arabic and English, never more exact than the date."""

from datetime import date, datetime, timedelta, timezone

import pytest

from chrono.web.labels import label, labels, month_series_of, precision

D = date


@pytest.mark.parametrize("args, en, ar", [
    ((D(2022, 10, 5), D(2022, 10, 6), "part_of_day", "2022-10-05TNI"), "night of 5–6 Oct 2022", "ليل 5–6 تشرين الأول 2022"),
    ((D(2022, 10, 5), D(2022, 10, 5), "part_of_day", "2022-10-05TMO"), "morning of 5 Oct 2022", "صباح 5 تشرين الأول 2022"),
    ((D(2022, 10, 8), D(2022, 10, 8), "day", "2022-10-08"), "8 Oct 2022", "8 تشرين الأول 2022"),
    ((D(2022, 10, 3), D(2022, 10, 9), "week", "2022-W40"), "week of 3–9 Oct 2022", "أسبوع 3–9 تشرين الأول 2022"),
    ((D(2022, 10, 1), D(2022, 10, 31), "month", "2022-10"), "Oct 2022", "تشرين الأول 2022"),
    ((D(2022, 10, 1), D(2022, 10, 10), "month", "2022-10"), "1–10 Oct 2022", "1–10 تشرين الأول 2022"),
    ((D(2022, 10, 1), D(2022, 12, 31), "quarter", "2022-Q4"), "Q4 2022", "الربع الرابع 2022"),
    ((D(2019, 1, 1), D(2019, 12, 31), "year", "2019"), "2019", "2019"),
    ((D(2015, 1, 1), D(2019, 12, 31), "year", None), "2015–2019", "2015–2019"),
    ((D(1990, 1, 1), D(1999, 12, 31), "decade", "199"), "the 1990s", "التسعينيات (1990–1999)"),
    ((D(2022, 9, 28), D(2022, 10, 3), "day", None), "28 Sep – 3 Oct 2022", "28 أيلول – 3 تشرين الأول 2022"),
    ((D(2021, 12, 28), D(2022, 1, 3), "day", None), "28 Dec 2021 – 3 Jan 2022", "28 كانون الأول 2021 – 3 كانون الثاني 2022"),
    ((D(2019, 1, 1), D(2019, 4, 30), "month", None), "Jan–Apr 2019", "كانون الثاني – نيسان 2019"),
])
def test_labels(args, en, ar):
    assert labels(*args) == {"en": en, "ar": ar}


def test_open_intervals_say_since_and_where_they_stop():
    assert label(D(2014, 1, 1), D(2022, 10, 9), "year", "2014", flags=["open"]) == "since 2014 (to 9 Oct 2022)"
    assert label(D(2014, 1, 1), D(2022, 10, 9), "year", "2014", flags=["open"], lang="ar") == "منذ 2014 (حتى 9 تشرين الأول 2022)"
    assert label(D(2011, 3, 1), D(2022, 10, 9), "month", flags=["open"]) == "since Mar 2011 (to 9 Oct 2022)"
    # Without the open flag the same days are a plain range, not "since".
    assert label(D(2014, 1, 1), D(2022, 10, 9), "year") == "1 Jan 2014 – 9 Oct 2022"


def test_times_are_shown_in_damascus_time():
    t = datetime(2022, 10, 5, 20, 0, tzinfo=timezone.utc)  # 23:00 in Damascus
    assert label(D(2022, 10, 5), D(2022, 10, 5), "time", None, t, t) == "5 Oct 2022, 23:00"
    assert label(D(2022, 10, 5), D(2022, 10, 5), "time", None, t, t + timedelta(hours=2), lang="ar") == \
        "5 تشرين الأول 2022، الساعة 23:00–01:00"


def test_month_series_follow_the_source():
    assert month_series_of(["8 تشرين الأول 2022"]) == "levant"
    assert month_series_of(["8 أكتوبر 2022"]) == "gregorian"
    assert month_series_of(["8 تشرين الأول/أكتوبر 2022"]) == "both"
    assert label(D(2022, 10, 8), D(2022, 10, 8), "day", lang="ar", months="both") == "8 تشرين الأول/أكتوبر 2022"
    assert label(D(2022, 10, 8), D(2022, 10, 8), "day", lang="ar", months="gregorian") == "8 أكتوبر 2022"


def test_precision_words():
    assert precision("day", D(2022, 10, 5), D(2022, 10, 6)) == "day, 2 days"
    assert precision("year", D(2014, 1, 1), D(2022, 1, 1), ["open"], lang="ar") == "مفتوح (منذ…)"
    assert label(None, None) == "undated"
