"""Every festival date the portal accepts, checked against a table built with a second calendar
library (lunar_python, a test dependency only), not against borax, which the portal uses.

lunar_python writes a leap month as a negative month number (2028's 闰五月 is -5), so the table
below holds the regular month's day only; the same day of a leap month is collected separately
to show that the portal leaves out exactly those (28 dates from 1901 to 2088).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from lunar_python import Lunar, LunarYear, Solar

from wenming.core.festivals import CATALOG, FIRST_YEAR, LAST_YEAR, festival, festivals_in

YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
LUNAR_DAYS = {"春节": (1, 1), "元宵": (1, 15), "端午": (5, 5), "七夕": (7, 7), "中秋": (8, 15), "重阳": (9, 9), "腊八": (12, 8)}


def _solar(lunar: Lunar) -> dt.date:
    solar = lunar.getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


@cache
def reference_table() -> tuple[dict[tuple[str, int], tuple[dt.date, ...]], dict[str, list[dt.date]]]:
    """(festival, Gregorian year) -> its dates in that year; and the leap-month days per festival."""
    table: dict[tuple[str, int], set[dt.date]] = {(info.name, year): set() for info in CATALOG for year in YEARS}
    leap_days: dict[str, list[dt.date]] = {}

    def put(name: str, day: dt.date) -> None:
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            table[(name, day.year)].add(day)

    # A Gregorian year holds parts of two lunar years; one more on each side covers the range ends.
    for lunar_year in range(FIRST_YEAR - 1, LAST_YEAR + 2):
        for name, (month, day) in LUNAR_DAYS.items():
            put(name, _solar(Lunar.fromYmd(lunar_year, month, day)))
            if LunarYear.fromYear(lunar_year).getLeapMonth() == month:
                leap = _solar(Lunar.fromYmd(lunar_year, -month, day))
                if FIRST_YEAR <= leap.year <= LAST_YEAR:
                    leap_days.setdefault(name, []).append(leap)
        # 除夕: the eve of the next lunar new year, however long 腊月 (or a 闰腊月) is.
        put("除夕", _solar(Lunar.fromYmd(lunar_year + 1, 1, 1)) - dt.timedelta(days=1))
    for year in YEARS:
        qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
        put("清明", dt.date(qingming.getYear(), qingming.getMonth(), qingming.getDay()))
    return {key: tuple(sorted(days)) for key, days in table.items()}, leap_days


@pytest.mark.parametrize("name", [info.name for info in CATALOG])
def test_every_year_matches_the_independent_table(name):
    table, _ = reference_table()
    wrong = {year: (festival(name).dates_in(year), table[(name, year)]) for year in YEARS
             if festival(name).dates_in(year) != table[(name, year)]}  # fmt: skip
    assert wrong == {}
    assert sum(len(table[(name, year)]) for year in YEARS) >= len(YEARS) - 1  # 腊八 misses some years


def test_the_table_knows_the_leap_month_days_the_portal_must_leave_out():
    _, leap_days = reference_table()
    counts = {name: len(days) for name, days in leap_days.items()}
    # Only the lunar festivals whose month can be a leap month within the range.
    assert counts == {"端午": 14, "七夕": 8, "中秋": 5, "重阳": 1}
    everything = {day for year in YEARS for day in festivals_in(year)}
    for name, days in leap_days.items():
        assert not [day for day in days if day in everything and festival(name) in festivals_in(day.year)[day]], name
    # The next ones after 2026, as the issue lists them: 2028 端午, 2039 端午, 2044 七夕, 2047 端午, 2052 中秋.
    upcoming = sorted((day, name) for name, days in leap_days.items() for day in days if day.year > 2026)
    assert [(day.year, name) for day, name in upcoming[:5]] == [
        (2028, "端午"), (2039, "端午"), (2044, "七夕"), (2047, "端午"), (2052, "中秋")
    ]


def test_2028_has_one_duanwu():
    duanwu = festival("端午")
    assert duanwu.dates_in(2028) == (dt.date(2028, 5, 28),)
    assert duanwu.date_in(2028) == dt.date(2028, 5, 28)
    assert duanwu.next_on_or_after(dt.date(2028, 6, 1)) == dt.date(2029, 6, 16)
    assert dt.date(2028, 6, 27) not in festivals_in(2028)
