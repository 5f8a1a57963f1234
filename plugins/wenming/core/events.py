"""Events as residents see them: resolved dates, upcoming vs past, month grids and organizers.

Plain functions over validated :class:`~wenming.core.schemas.Event` records; the MkDocs plugin turns
their results into pages and the :mod:`wenming.core.ics` module into calendar files.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .festivals import (
    FestivalInfo,
    festival,
    festival_named_around,
    festivals_in,
    lunar_date_text,
    lunar_day_text,
)
from .records import SLUG, Record
from .schemas import Event

STATUS_NAMES = {"planned": "计划中", "cancelled": "已取消", "done": "已举办"}
# Event ids that would take the place of a section page (events/calendar/, events/page/2/ …).
RESERVED_EVENT_IDS = frozenset({"calendar", "festivals", "page", "index", "events"})


def reserved_id_message(record_id: str) -> str:
    return f"文件名 {record_id!r} 与活动栏目的页面地址冲突，请换一个文件名（例如 {record_id}-2026）"
_TIME = re.compile(r"^(\d{2}):(\d{2})(?:-(\d{2}):(\d{2}))?$")


def resolve_date(event: Event) -> dt.date:
    """The event's day: its ``date``, else its festival's date in ``year``.

    Raises :class:`~wenming.core.festivals.FestivalError` when neither gives a day; records that
    passed :func:`wenming.core.rules.event_rules` always have one.
    """
    if event.date is not None:
        return event.date
    if event.festival is None or event.year is None:
        raise ValueError("event has neither date nor festival and year")
    return festival(event.festival).date_in(event.year)


@functools.lru_cache(maxsize=1024)  # a handful of distinct times, asked for by every sort of the events
def parse_time(text: str | None) -> tuple[dt.time | None, dt.time | None]:
    """``"09:00-11:30"`` -> (09:00, 11:30); ``"14:30"`` -> (14:30, None); None -> all day."""
    match = _TIME.match(text or "")
    if not match:
        return None, None
    start = dt.time(int(match.group(1)), int(match.group(2)))
    end = dt.time(int(match.group(3)), int(match.group(4))) if match.group(3) else None
    return start, end


@dataclass
class EventItem:
    """One event, ready for pages, feeds and other sections.

    ``url`` is site-relative (``events/zhongqiu-2026/``) and set by the plugin once the page exists.
    """

    id: str
    title: str
    kind: str
    date: dt.date
    status: str
    location: str
    organizer: str
    time: str | None = None
    festival: FestivalInfo | None = None
    lunar: str | None = None
    record: Record[Event] | None = field(default=None, repr=False)
    url: str = ""

    @property
    def start_time(self) -> dt.time | None:
        return parse_time(self.time)[0]

    @property
    def end_time(self) -> dt.time | None:
        return parse_time(self.time)[1]

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def time_text(self) -> str:
        """``09:00–11:30``, ``14:30 开始`` or ``全天``."""
        start, end = parse_time(self.time)
        if start is None:
            return "全天"
        if end is None:
            return f"{start:%H:%M} 开始"
        return f"{start:%H:%M}–{end:%H:%M}"

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str]:
        return (self.date, self.start_time or dt.time(0, 0), self.id)

    def shown_status(self, today: dt.date) -> str:
        """The status residents see: ``planned`` (still ahead), ``done`` or ``cancelled``.

        A planned event whose day has passed is shown as held, with the same word and colour as
        a done one (residents cannot tell two states apart that differ only in the office's
        bookkeeping; `wenming check` reminds the office to write ``status: done``)."""
        if self.status == "planned" and self.date < today:
            return "done"
        return self.status

    def status_text(self, today: dt.date) -> str:
        """即将举行 / 已举办 / 已取消, as :meth:`shown_status` decides."""
        shown = self.shown_status(today)
        return "即将举行" if shown == "planned" else STATUS_NAMES[shown]

    def __getattr__(self, name: str) -> Any:
        # Fields not copied here (description, capacity, signup, report) come from the record.
        if name.startswith("__") or name == "record":
            raise AttributeError(name)
        record = self.__dict__.get("record")
        if record is None:
            raise AttributeError(name)
        return getattr(record.data, name)


def event_item(record: Record[Event]) -> EventItem:
    data = record.data
    day = resolve_date(data)
    return EventItem(
        id=record.id,
        title=data.title,
        kind=data.kind,
        date=day,
        status=data.status,
        location=data.location,
        organizer=data.organizer,
        time=data.time,
        # Declared, or (held a few days before or after the day) named in a festival event's title.
        festival=festival(data.festival) if data.festival else festival_named_around(data.title, data.kind, day),
        lunar=lunar_date_text(day),
        record=record,
    )


def sort_events(events: Iterable[EventItem]) -> list[EventItem]:
    return sorted(events, key=lambda event: event.sort_key)


@dataclass(frozen=True)
class Split:
    upcoming: list[EventItem]  # today and later, soonest first
    past: list[EventItem]  # before today, latest first


def split_at(events: Iterable[EventItem], today: dt.date) -> Split:
    """Upcoming (on or after ``today``, the build date) and past events; cancelled ones stay in both."""
    ordered = sort_events(events)
    upcoming = [event for event in ordered if event.date >= today]
    past = [event for event in reversed(ordered) if event.date < today]
    return Split(upcoming, past)


def feed_window_start(today: dt.date, past_days: int) -> dt.date:
    """The first day the subscribed calendar holds: ``past_days`` before the build date."""
    if past_days < 0:
        raise ValueError(f"天数应为 0 或正整数，现在是 {past_days}")
    return today - dt.timedelta(days=past_days)


def in_feed_window(events: Iterable[EventItem], since: dt.date) -> list[EventItem]:
    """The events on or after ``since``, in calendar order (what ``events.ics`` holds)."""
    return [event for event in sort_events(events) if event.date >= since]


@dataclass(frozen=True)
class MonthGroup:
    year: int
    month: int
    events: list[EventItem]

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def group_by_month(events: Iterable[EventItem]) -> list[MonthGroup]:
    """Consecutive events of the same month, in the order given (past events: latest month first)."""
    groups: list[MonthGroup] = []
    for event in events:
        if groups and (groups[-1].year, groups[-1].month) == (event.date.year, event.date.month):
            groups[-1].events.append(event)
        else:
            groups.append(MonthGroup(event.date.year, event.date.month, [event]))
    return groups


def paginate_groups(groups: Sequence[MonthGroup], per_page: int, first_page_room: int) -> list[list[MonthGroup]]:
    """Month groups split into pages of about ``per_page`` events, never splitting a month.

    The first page also lists upcoming events, so it takes past events only up to
    ``first_page_room``; every page holds at least one month.
    """
    pages: list[list[MonthGroup]] = [[]]
    room = first_page_room
    for group in groups:
        if pages[-1] and len(group.events) > room:
            pages.append([])
            room = per_page
        pages[-1].append(group)
        room -= len(group.events)
    return pages


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    events: list[EventItem]
    festivals: tuple[FestivalInfo, ...]
    today: bool

    @property
    def busy(self) -> bool:
        return bool(self.events or self.festivals)

    @property
    def lunar(self) -> str | None:
        """Short, as printed in a grid cell: ``十五``, or ``正月`` on a month's first day."""
        return lunar_day_text(self.date)

    @property
    def lunar_full(self) -> str | None:
        """``农历正月初一``, for the phone list where a day stands alone."""
        return lunar_date_text(self.date)

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


def month_grid(
    year: int, month: int, events_by_date: Mapping[dt.date, list[EventItem]], today: dt.date
) -> list[list[CalendarDay | None]]:
    """The weeks of a month, Monday first; days of the neighbouring months are None."""
    festival_days = festivals_in(year)
    weeks: list[list[CalendarDay | None]] = []
    for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month):
        weeks.append(
            [
                CalendarDay(day, events_by_date.get(day, []), festival_days.get(day, ()), day == today)
                if day.month == month
                else None
                for day in week
            ]
        )
    return weeks


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """Every (year, month) from ``first``'s month to ``last``'s month, inclusive."""
    months: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def by_date(events: Iterable[EventItem]) -> dict[dt.date, list[EventItem]]:
    found: dict[dt.date, list[EventItem]] = {}
    for event in sort_events(events):
        found.setdefault(event.date, []).append(event)
    return found


def looks_like_id(organizer: str) -> bool:
    """``xueleifeng`` is meant as a team id; ``幸福里社区居委会`` is a unit's name."""
    return bool(SLUG.match(organizer))


def unknown_team_message(organizer: str, team_ids: Iterable[str]) -> str:
    known = "、".join(sorted(team_ids)) or "（还没有志愿服务队）"
    return (
        f"organizer '{organizer}' 看起来是志愿服务队的 id，但 content/data/teams/ 里没有 {organizer}.yml；"
        f"请改成已有的队伍 id（{known}）或写主办单位的中文名称"
    )
