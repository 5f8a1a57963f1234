"""Events as residents see them: resolved dates, upcoming/past at the build date, month grids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wenming.core.events import (
    EventItem,
    event_item,
    group_by_month,
    looks_like_id,
    month_grid,
    months_between,
    paginate_groups,
    parse_time,
    resolve_date,
    split_at,
    unknown_team_message,
)
from wenming.core.records import Record
from wenming.core.schemas import Event
from wenming.core.source import SourceRef

TODAY = dt.date(2026, 11, 23)


def item(event_id: str, day: str, status: str = "planned", time: str | None = None) -> EventItem:
    return EventItem(event_id, event_id, "其他", dt.date.fromisoformat(day), status, "广场", "居委会", time=time)


def event(**fields: object) -> Event:
    base: dict[str, object] = {"title": "活动", "kind": "我们的节日", "location": "广场", "organizer": "居委会"}
    return Event.model_validate({**base, **fields})


def test_festival_and_year_give_the_date():
    assert resolve_date(event(festival="中秋", year=2026)) == dt.date(2026, 9, 25)
    assert resolve_date(event(festival="除夕", year=2026)) == dt.date(2026, 2, 16)
    assert resolve_date(event(festival="中秋", date="2026-09-25", year=2026)) == dt.date(2026, 9, 25)


def test_event_item_carries_lunar_date_and_festival():
    source = SourceRef(Path("zhongqiu.yml"), "content/data/events/zhongqiu.yml")
    record = Record("zhongqiu", event(festival="中秋", year=2026, time="19:00-21:00", capacity=30), source)
    made = event_item(record)
    assert (made.date, made.lunar, made.festival.name) == (dt.date(2026, 9, 25), "农历八月十五", "中秋")
    assert made.time_text == "19:00–21:00"
    assert made.capacity == 30  # fields not copied come from the record


def test_festival_event_before_the_day_belongs_to_the_festival():
    source = SourceRef(Path("tuanyuan.yml"), "content/data/events/tuanyuan.yml")
    before = event_item(Record("tuanyuan", event(title="中秋邻里团圆宴", date="2026-09-23"), source))
    assert before.festival is not None and before.festival.name == "中秋"
    unrelated = event_item(Record("lianhuan", event(title="中秋诗词朗诵预选", date="2026-07-10"), source))
    assert unrelated.festival is None


@pytest.mark.parametrize(
    ("text", "start", "end", "shown"),
    [
        ("09:00-11:30", dt.time(9, 0), dt.time(11, 30), "09:00–11:30"),
        ("14:30", dt.time(14, 30), None, "14:30 开始"),
        (None, None, None, "全天"),
    ],
)
def test_times(text, start, end, shown):
    assert parse_time(text) == (start, end)
    assert item("a", "2026-01-01", time=text).time_text == shown


def test_upcoming_and_past_split_at_the_build_date():
    events = [
        item("yesterday", "2026-11-22"),
        item("today", "2026-11-23"),
        item("later", "2026-12-20"),
        item("cancelled-later", "2026-12-01", "cancelled"),
        item("long-ago", "2025-03-05", "done"),
    ]
    split = split_at(events, TODAY)
    assert [e.id for e in split.upcoming] == ["today", "cancelled-later", "later"]
    assert [e.id for e in split.past] == ["yesterday", "long-ago"]


def test_same_day_events_are_ordered_by_time_all_day_first():
    events = [item("evening", "2026-12-01", time="19:00"), item("all-day", "2026-12-01"), item("morning", "2026-12-01", time="08:00")]
    assert [e.id for e in split_at(events, TODAY).upcoming] == ["all-day", "morning", "evening"]


@pytest.mark.parametrize(
    ("day", "status", "shown", "text"),
    [("2026-12-01", "planned", "planned", "即将举行"), (TODAY.isoformat(), "planned", "planned", "即将举行"),
     # A planned event whose day has passed looks like a held one: one word and one colour.
     ("2026-11-01", "planned", "done", "已举办"), ("2026-11-01", "done", "done", "已举办"),
     ("2026-12-01", "cancelled", "cancelled", "已取消"), ("2026-11-01", "cancelled", "cancelled", "已取消")],
)  # fmt: skip
def test_status_shown_to_residents(day, status, shown, text):
    event = item("a", day, status)
    assert (event.shown_status(TODAY), event.status_text(TODAY)) == (shown, text)


def test_past_events_grouped_by_month_latest_first():
    past = split_at([item("a", "2026-10-18"), item("b", "2026-10-01"), item("c", "2026-08-19"), item("d", "2025-10-29")], TODAY).past
    groups = group_by_month(past)
    assert [(g.key, [e.id for e in g.events]) for g in groups] == [
        ("2026-10", ["a", "b"]),
        ("2026-08", ["c"]),
        ("2025-10", ["d"]),
    ]


def test_pages_never_split_a_month():
    groups = group_by_month(item(f"e{n}", f"2026-{month:02d}-{day:02d}") for month in (10, 9, 8, 7) for n, day in enumerate((20, 10, 5)))
    pages = paginate_groups(groups, per_page=4, first_page_room=2)
    assert [[g.key for g in page] for page in pages] == [["2026-10"], ["2026-09"], ["2026-08"], ["2026-07"]]
    assert [[g.key for g in page] for page in paginate_groups(groups, per_page=6, first_page_room=6)] == [
        ["2026-10", "2026-09"],
        ["2026-08", "2026-07"],
    ]
    assert paginate_groups([], per_page=5, first_page_room=5) == [[]]


def test_month_grid_is_monday_first_with_empty_slots():
    # November 2026 starts on a Sunday: six empty slots, then the 1st under 日.
    weeks = month_grid(2026, 11, {}, TODAY)
    assert weeks[0][:6] == [None] * 6
    assert weeks[0][6].date == dt.date(2026, 11, 1)
    assert weeks[1][0].date == dt.date(2026, 11, 2)  # Monday
    days = [day for week in weeks for day in week if day is not None]
    assert [day.date.day for day in days] == list(range(1, 31))
    assert all(len(week) == 7 for week in weeks)
    assert [day.date for day in days if day.today] == [TODAY]


def test_month_grid_places_events_and_marks_festivals_without_events():
    zhongqiu = item("shangyue", "2026-09-25", time="19:00")
    weeks = month_grid(2026, 9, {zhongqiu.date: [zhongqiu]}, TODAY)
    # 1 September 2026 is a Tuesday: one empty slot before it.
    assert weeks[0][0] is None and weeks[0][1].date == dt.date(2026, 9, 1)
    [cell] = [day for week in weeks for day in week if day and day.date.day == 25]
    assert weeks[3].index(cell) == 4  # Friday
    assert cell.events == [zhongqiu]
    assert [f.name for f in cell.festivals] == ["中秋"]
    october = month_grid(2026, 10, {}, TODAY)
    [chongyang] = [day for week in october for day in week if day and day.festivals]
    assert (chongyang.date, chongyang.events, chongyang.busy) == (dt.date(2026, 10, 18), [], True)


def test_months_between_crosses_years():
    assert months_between(dt.date(2025, 11, 3), dt.date(2026, 2, 1)) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]


def test_organizer_id_or_name():
    assert looks_like_id("xueleifeng")
    assert looks_like_id("team-2")
    assert not looks_like_id("幸福里社区居委会")
    assert not looks_like_id("Xueleifeng")
    assert unknown_team_message("xuelei", ["jinguo", "xueleifeng"]) == (
        "organizer 'xuelei' 看起来是志愿服务队的 id，但 content/data/teams/ 里没有 xuelei.yml；"
        "请改成已有的队伍 id（jinguo、xueleifeng）或写主办单位的中文名称"
    )


def test_feed_window_starts_the_given_days_back_and_keeps_that_day():
    from wenming.core.events import EventItem, feed_window_start, in_feed_window

    since = feed_window_start(dt.date(2026, 11, 23), 365)
    assert since == dt.date(2025, 11, 23)
    days = ["2025-11-22", "2025-11-23", "2027-01-01", "2026-05-01"]
    events = [EventItem(f"e{n}", "活动", "其他", dt.date.fromisoformat(day), "planned", "广场", "居委会") for n, day in enumerate(days)]
    assert [event.id for event in in_feed_window(events, since)] == ["e1", "e3", "e2"]
    with pytest.raises(ValueError, match="天数应为 0 或正整数，现在是 -3"):
        feed_window_start(dt.date(2026, 11, 23), -3)
