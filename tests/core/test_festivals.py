"""The festival catalog: dates in a Gregorian year (checked against published calendars), lunar text, range."""

from __future__ import annotations

import datetime as dt

import pytest

from wenming.core.festivals import (
    CATALOG,
    FIRST_YEAR,
    LAST_YEAR,
    FestivalError,
    festival,
    festival_named_around,
    festivals_in,
    lunar_date_text,
    lunar_day_text,
)

KNOWN_DATES = [
    ("春节", "2025-01-29"),
    ("春节", "2026-02-17"),
    ("春节", "2027-02-06"),
    ("中秋", "2025-10-06"),
    ("中秋", "2026-09-25"),
    ("端午", "2026-06-19"),
    ("清明", "2025-04-04"),
    ("清明", "2026-04-05"),
    ("清明", "2027-04-05"),
    ("除夕", "2025-01-28"),
    ("除夕", "2026-02-16"),
    ("重阳", "2026-10-18"),
    ("七夕", "2026-08-19"),
    ("元宵", "2026-03-03"),
    ("腊八", "2026-01-26"),
]


@pytest.mark.parametrize(("name", "expected"), KNOWN_DATES)
def test_festival_dates_in_a_gregorian_year(name, expected):
    day = dt.date.fromisoformat(expected)
    assert festival(name).date_in(day.year) == day


def test_chuxi_of_a_gregorian_year_is_not_the_lunar_years():
    # borax's .at(2025) would give 除夕 of lunar year 2025, which falls on 2026-02-16.
    assert festival("除夕").date_in(2025) == dt.date(2025, 1, 28)


def test_chuxi_is_always_the_eve_of_chunjie():
    # Whether 腊月 has 29 or 30 days, 除夕 is the day before the next 春节.
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        assert festival("除夕").date_in(year) + dt.timedelta(days=1) == festival("春节").date_in(year), year


def test_qingming_falls_between_april_4_and_6():
    days = {festival("清明").date_in(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)}
    assert {(day.month, day.day) for day in days} <= {(4, 4), (4, 5), (4, 6)}


@pytest.mark.parametrize(
    ("day", "text"),
    [
        ("2026-09-25", "农历八月十五"),
        ("2026-02-16", "农历腊月廿九"),  # 除夕 in a 29-day 腊月
        ("2025-01-28", "农历腊月廿九"),
        ("2026-02-17", "农历正月初一"),
        ("2025-07-26", "农历闰六月初二"),
        ("2026-10-18", "农历九月初九"),
    ],
)
def test_lunar_date_text(day, text):
    assert lunar_date_text(dt.date.fromisoformat(day)) == text


def test_lunar_day_text_names_the_month_on_its_first_day():
    assert lunar_day_text(dt.date(2026, 9, 25)) == "十五"
    assert lunar_day_text(dt.date(2026, 2, 17)) == "正月"
    assert lunar_day_text(dt.date(1850, 1, 1)) is None


def test_laba_may_fall_twice_or_never_in_a_gregorian_year():
    laba = festival("腊八")
    assert laba.dates_in(2022) == (dt.date(2022, 1, 10), dt.date(2022, 12, 30))
    assert laba.dates_in(2023) == ()
    with pytest.raises(FestivalError) as twice:
        laba.date_in(2022)
    assert str(twice.value) == "2022年（公历）有两个腊八（2022-01-10 和 2022-12-30），请直接写 date 说明是哪一天"
    with pytest.raises(FestivalError) as never:
        laba.date_in(2023)
    assert str(never.value) == "2023年（公历）没有腊八：前后两次是 2022-12-30 和 2024-01-18，请直接写 date"


@pytest.mark.parametrize("year", [FIRST_YEAR - 1, LAST_YEAR + 1, 1850, 2100])
def test_year_outside_the_range_is_a_clear_error(year):
    with pytest.raises(FestivalError) as error:
        festival("中秋").date_in(year)
    assert str(error.value) == f"{year}年超出节日日期推算的范围（1901–2088年）"


def test_range_ends_work():
    assert festival("春节").date_in(FIRST_YEAR) == dt.date(1901, 2, 19)
    assert festival("中秋").date_in(LAST_YEAR).year == LAST_YEAR


def test_unknown_festival_lists_the_known_ones():
    with pytest.raises(FestivalError) as error:
        festival("国庆")
    assert str(error.value) == "不认识的节日 '国庆'（可选：春节、元宵、清明、端午、七夕、中秋、重阳、腊八、除夕）"


def test_festivals_in_a_year_cover_the_catalog():
    days = festivals_in(2026)
    assert days[dt.date(2026, 9, 25)] == (festival("中秋"),)
    assert sorted(info.name for infos in days.values() for info in infos) == sorted(info.name for info in CATALOG)
    assert list(days) == sorted(days)
    assert festivals_in(2100) == {}


def test_next_occurrence():
    zhongqiu = festival("中秋")
    assert zhongqiu.next_on_or_after(dt.date(2026, 9, 25)) == dt.date(2026, 9, 25)
    assert zhongqiu.next_on_or_after(dt.date(2026, 11, 23)) == dt.date(2027, 9, 15)
    assert zhongqiu.next_on_or_after(dt.date(LAST_YEAR, 12, 31)) is None


def test_slugs_are_unique_url_safe():
    slugs = [info.slug for info in CATALOG]
    assert len(set(slugs)) == len(slugs) == 9
    assert all(slug.isascii() and slug.isalpha() and slug.islower() for slug in slugs)


@pytest.mark.parametrize("year", [2023, 2025, 2028, 2033])  # leap months 闰二月, 闰六月, 闰五月, 闰十一月
def test_lunar_texts_are_what_borax_formats_for_every_day_of_a_year(year):
    from borax.calendars.lunardate import LunarDate

    day = dt.date(year, 1, 1)
    while day.year == year:
        lunar = LunarDate.from_solar(day)
        assert lunar_date_text(day) == "农历" + lunar.strftime("%L%M月%D"), day
        assert lunar_day_text(day) == lunar.strftime("%L%M月" if lunar.day == 1 else "%D"), day
        day += dt.timedelta(days=1)


# 中秋 2026-09-25, 春节 2026-02-17 / 2027-02-06, 除夕 2026-02-16, 元宵 2026-03-03, 腊八 2027-01-15.
@pytest.mark.parametrize(
    ("title", "kind", "day", "expected"),
    [
        # The event: two days before 中秋, declared nowhere.
        ("中秋邻里团圆宴", "我们的节日", "2026-09-23", "中秋"),
        ("春节写春联 送福字", "我们的节日", "2026-02-08", "春节"),
        # The window: 14 days before to 7 days after, not one day more.
        ("春节写春联", "我们的节日", "2026-02-03", "春节"),
        ("春节写春联", "我们的节日", "2026-02-02", None),
        ("春节慰问回访", "我们的节日", "2026-02-24", "春节"),
        ("春节慰问回访", "我们的节日", "2026-02-25", None),
        # A festival's name in an unrelated month is no festival event.
        ("春节联欢会节目征集", "我们的节日", "2026-07-15", None),
        ("夏日话中秋", "我们的节日", "2026-07-15", None),
        # Another kind names a festival in passing: a fire-safety talk before 春节.
        ("春节前消防与燃气安全宣讲", "宣讲", "2027-01-30", None),
        ("春节前消防与燃气安全宣讲", "志愿服务", "2027-01-30", None),
        # Two festivals in the title: the nearest one, then the one named first.
        ("除夕春节团拜", "我们的节日", "2026-02-16", "除夕"),
        ("春节元宵灯会", "我们的节日", "2026-03-03", "元宵"),
        # Across the turn of the year: 腊八 of 2027-01-15, seen from December 2026.
        ("腊八粥提前熬", "我们的节日", "2027-01-05", "腊八"),
        ("迎新年健步走", "我们的节日", "2026-01-01", None),
        # At the edge of the supported calendar: no error, just no festival.
        ("春节", "我们的节日", "2088-12-30", None),
    ],
)
def test_festival_named_around(title, kind, day, expected):
    found = festival_named_around(title, kind, dt.date.fromisoformat(day))
    assert (found.name if found else None) == expected
