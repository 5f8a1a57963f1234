"""我们的节日: the traditional festivals the portal knows, and their dates in a Gregorian year.

Dates come from borax. A festival's dates in Gregorian year ``Y`` are listed with
``festival.list_days(date(Y, 1, 1), date(Y, 12, 31))``: borax's ``.at(Y)`` means the *lunar* year,
which puts 除夕 and 腊八 of lunar year Y into the next Gregorian year.

A lunar festival falls on its day of the *regular* month only: in a year with a leap month of the
same number (2028 has 闰五月) the leap month's day is not the festival (2028-06-27 is 闰五月初五,
not 端午). borax counts both unless told ``leap=0``.

Most festivals fall once in every Gregorian year. 腊八 (腊月初八) does not: a Gregorian year may hold
two (2022: 1月10日 and 12月30日) or none (2023), so callers get a list and decide what that means.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache

from borax.calendars.festivals2 import Festival, LunarFestival, TermFestival  # type: ignore[import-untyped]
from borax.calendars.lunardate import LunarDate  # type: ignore[import-untyped]

# borax's tables are checked against the official calendar for these years (see DESIGN.md).
FIRST_YEAR = 1901
LAST_YEAR = 2088


class FestivalError(ValueError):
    """A festival date that cannot be given: unknown festival, year outside the range, none or two."""


@dataclass(frozen=True)
class FestivalInfo:
    """One festival of the catalog: its name, URL slug, how its date is fixed and a one-line summary."""

    name: str  # 春节
    slug: str  # chunjie (the festival page is events/festivals/<slug>/)
    rule: str  # how the date is fixed, in words: 农历正月初一 / 二十四节气之一
    summary: str

    def dates_in(self, year: int) -> tuple[dt.date, ...]:
        """Every day of Gregorian ``year`` that is this festival (usually one; 腊八: 0–2)."""
        return _dates_in(self.name, check_year(year))

    def date_in(self, year: int) -> dt.date:
        """The festival's one date in Gregorian ``year``; a clear error when there is none or two."""
        days = self.dates_in(year)
        if len(days) == 1:
            return days[0]
        if not days:
            before, after = self.nearest(year)
            raise FestivalError(
                f"{year}年（公历）没有{self.name}：前后两次是 {before.isoformat()} 和 {after.isoformat()}，请直接写 date"
            )
        listed = " 和 ".join(day.isoformat() for day in days)
        raise FestivalError(f"{year}年（公历）有两个{self.name}（{listed}），请直接写 date 说明是哪一天")

    def nearest(self, year: int) -> tuple[dt.date, dt.date]:
        """The last occurrence before ``year`` and the first after it (for messages)."""
        before = _dates_in(self.name, check_year(year - 1))[-1]
        after = _dates_in(self.name, check_year(year + 1))[0]
        return before, after

    def next_on_or_after(self, day: dt.date) -> dt.date | None:
        """The first date of this festival on or after ``day`` (None past the supported range)."""
        for year in (day.year, day.year + 1):
            if not FIRST_YEAR <= year <= LAST_YEAR:
                return None
            for candidate in _dates_in(self.name, year):
                if candidate >= day:
                    return candidate
        return None


CATALOG: tuple[FestivalInfo, ...] = (
    FestivalInfo("春节", "chunjie", "农历正月初一", "农历新年，一年中最隆重的传统节日，阖家团圆、辞旧迎新。"),
    FestivalInfo("元宵", "yuanxiao", "农历正月十五", "新年第一个月圆之夜，赏花灯、猜灯谜、吃元宵。"),
    FestivalInfo("清明", "qingming", "二十四节气之一（公历4月4日至6日）", "慎终追远、缅怀先人，也是踏青的时节。"),
    FestivalInfo("端午", "duanwu", "农历五月初五", "纪念屈原，包粽子、赛龙舟、挂艾草、佩香囊。"),
    FestivalInfo("七夕", "qixi", "农历七月初七", "牛郎织女相会之日，讲述爱情与家庭的美好。"),
    FestivalInfo("中秋", "zhongqiu", "农历八月十五", "月圆人团圆，赏月、吃月饼、寄相思。"),
    FestivalInfo("重阳", "chongyang", "农历九月初九", "登高望远、敬老爱老，也是我国的老年节。"),
    FestivalInfo("腊八", "laba", "农历腊月初八", "喝腊八粥、泡腊八蒜，拉开过年的序幕。"),
    FestivalInfo("除夕", "chuxi", "农历腊月的最后一天（腊月廿九或三十）", "一年的最后一晚，吃年夜饭、守岁、贴春联。"),
)

BY_NAME: dict[str, FestivalInfo] = {festival.name: festival for festival in CATALOG}
BY_SLUG: dict[str, FestivalInfo] = {festival.slug: festival for festival in CATALOG}

_REGULAR_MONTH = 0  # borax's ``leap=0``: the regular month only (its default counts a leap month too)

_BORAX: dict[str, Festival] = {
    "春节": LunarFestival(month=1, day=1, leap=_REGULAR_MONTH),
    "元宵": LunarFestival(month=1, day=15, leap=_REGULAR_MONTH),
    "清明": TermFestival("清明"),
    "端午": LunarFestival(month=5, day=5, leap=_REGULAR_MONTH),
    "七夕": LunarFestival(month=7, day=7, leap=_REGULAR_MONTH),
    "中秋": LunarFestival(month=8, day=15, leap=_REGULAR_MONTH),
    "重阳": LunarFestival(month=9, day=9, leap=_REGULAR_MONTH),
    "腊八": LunarFestival(month=12, day=8, leap=_REGULAR_MONTH),
    # day=-1: the last day of 腊月, whether the month has 29 or 30 days. 1901–2088 has no 闰腊月
    # (the tests check 除夕 against the eve of 春节 in another calendar library), so the regular
    # 腊月's last day is always the eve of the new year.
    "除夕": LunarFestival(month=12, day=-1, leap=_REGULAR_MONTH),
}


# An event of kind 我们的节日 named after a festival but held a few days before or after it (a
# festival event must fall on the day itself to declare ``festival:``, see rules.py) belongs on
# that festival's page: from two weeks before (春联 are written, 粽子 wrapped ahead of the day) to
# a week after the festival's date.
FESTIVAL_KIND = "我们的节日"
DAYS_BEFORE_FESTIVAL = 14
DAYS_AFTER_FESTIVAL = 7


def festival_named_around(title: str, kind: str, day: dt.date) -> FestivalInfo | None:
    """The festival an event without ``festival:`` belongs to, or None.

    All of: the event's kind is 我们的节日 (a 宣讲 titled 春节前消防安全宣讲 is about fire safety);
    its title names the festival; its date lies from :data:`DAYS_BEFORE_FESTIVAL` days before to
    :data:`DAYS_AFTER_FESTIVAL` days after one of that festival's dates (a 春节 in a July title is
    no 春节 event). When the title names two festivals that both fit (除夕春节团拜), the one
    nearest the date wins, then the one named first.
    """
    if kind != FESTIVAL_KIND:
        return None
    fitting: list[tuple[int, int, FestivalInfo]] = []
    for info in CATALOG:
        at = title.find(info.name)
        if at < 0:
            continue
        distances = [
            abs((day - date).days)
            for year in (day.year - 1, day.year, day.year + 1)
            if FIRST_YEAR <= year <= LAST_YEAR
            for date in _dates_in(info.name, year)
            if -DAYS_AFTER_FESTIVAL <= (date - day).days <= DAYS_BEFORE_FESTIVAL
        ]
        if distances:
            fitting.append((min(distances), at, info))
    return min(fitting, key=lambda item: item[:2])[2] if fitting else None


def festival(name: str) -> FestivalInfo:
    """The catalog entry for ``name``; an unknown name is a :class:`FestivalError` listing the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        known = "、".join(BY_NAME)
        raise FestivalError(f"不认识的节日 {name!r}（可选：{known}）") from None


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FestivalError(f"{year}年超出节日日期推算的范围（{FIRST_YEAR}–{LAST_YEAR}年）")
    return year


def in_range(day: dt.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


@cache
def _dates_in(name: str, year: int) -> tuple[dt.date, ...]:
    days = _BORAX[name].list_days(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return tuple(sorted(day.solar for day in days))


@cache
def festivals_in(year: int) -> dict[dt.date, tuple[FestivalInfo, ...]]:
    """Every festival day of Gregorian ``year`` (empty outside the supported range)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return {}
    found: dict[dt.date, tuple[FestivalInfo, ...]] = {}
    for info in CATALOG:
        for day in _dates_in(info.name, year):
            found[day] = (*found.get(day, ()), info)
    return dict(sorted(found.items()))


@lru_cache(maxsize=4096)
def _lunar(day: dt.date) -> LunarDate | None:
    # A calendar month page asks for each day's lunar date in two forms; the conversion is the
    # costly part (about 20 µs), so it is done once a day. Text from the date's own fields is what
    # borax's strftime("%L%M月%D") gives, at a twentieth of the cost (tests compare the two).
    return LunarDate.from_solar(day) if in_range(day) else None


def lunar_date_text(day: dt.date) -> str | None:
    """``农历八月十五``, ``农历腊月廿九``, ``农历闰六月初六``; None outside the supported range."""
    lunar = _lunar(day)
    if lunar is None:
        return None
    return f"农历{lunar.cn_leap}{lunar.cn_month}月{lunar.cn_day}"


def lunar_day_text(day: dt.date) -> str | None:
    """The short form calendars print under a day: ``十五``, or the month on its first day (``腊月``)."""
    lunar = _lunar(day)
    if lunar is None:
        return None
    if lunar.day == 1:
        return f"{lunar.cn_leap}{lunar.cn_month}月"
    return str(lunar.cn_day)
