"""iCalendar output: all-day and timed events, cancellations, stable bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent
from icalendar.parser.string import _foldline

from tests.conftest import REPO
from tests.events.ics_check import ics_problems
from wenming.core.events import EventItem, event_item
from wenming.core.ics import (
    PRODID,
    TIMEZONE,
    TIMEZONE_ID,
    RememberedVevents,
    _fold,
    assemble,
    calendar,
    dtstamp,
    event_description,
    vevent_bytes,
)
from wenming.core.site_data import load_site


def vevent(event: EventItem, host: str, page_url: str | None = None, organizer_name: str | None = None) -> VEvent:
    """One VEVENT built with icalendar: the reference that :func:`vevent_bytes` must match byte for byte."""
    component = VEvent()
    component.add("uid", f"{event.id}@{host}")
    component.add("dtstamp", dtstamp(event))
    start, end = event.start_time, event.end_time
    if start is None:
        component.add("dtstart", event.date)  # VALUE=DATE: an all-day event
        component.add("dtend", event.date + dt.timedelta(days=1))
    else:
        starts = dt.datetime.combine(event.date, start, TIMEZONE)
        component.add("dtstart", starts)
        # Its own end, or two hours (the documented default) when it has none after the start.
        ends = dt.datetime.combine(event.date, end, TIMEZONE) if end is not None and end > start else starts + dt.timedelta(hours=2)
        component.add("dtend", ends)
    component.add("summary", ("【已取消】" if event.cancelled else "") + event.title)
    component.add("location", event.location)
    component.add("categories", [event.kind])
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if page_url:
        component.add("url", page_url)
    component.add("description", event_description(event, page_url, organizer_name))
    return component


def item(event_id: str, day: str, status: str = "planned", time: str | None = None, title: str = "活动") -> EventItem:
    return EventItem(event_id, title, "我们的节日", dt.date.fromisoformat(day), status, "幸福里小区中心广场", "居委会",
                     time=time, lunar="农历八月十五")  # fmt: skip


def build(*events: EventItem) -> bytes:
    return calendar(((e, f"https://wenming.test.example/events/{e.id}/", "幸福里社区居委会") for e in events),
                    "wenming.test.example", "测试社区 活动")  # fmt: skip


def test_all_day_timed_and_cancelled_events():
    raw = build(
        item("allday", "2026-09-25"),
        item("timed", "2026-09-25", time="19:00-21:00"),
        item("start-only", "2026-09-26", time="14:30"),
        item("cancelled", "2026-07-26", "cancelled", "19:00-21:00", title="夏夜纳凉晚会"),
    )
    text = raw.decode()
    assert ics_problems(raw) == []
    assert "DTSTART;VALUE=DATE:20260925\r\nDTEND;VALUE=DATE:20260926\r\n" in text
    assert "DTSTART;TZID=Asia/Shanghai:20260925T190000\r\nDTEND;TZID=Asia/Shanghai:20260925T210000\r\n" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n" in text
    events = {str(e["UID"]): e for e in Calendar.from_ical(raw).walk("VEVENT")}
    assert set(events) == {f"{name}@wenming.test.example" for name in ("allday", "timed", "start-only", "cancelled")}
    # Without an end a timed event would be zero-length (RFC 5545 3.6.1): it gets the default two hours.
    start_only = events["start-only@wenming.test.example"]
    assert start_only["DTEND"].dt - start_only["DTSTART"].dt == dt.timedelta(hours=2)
    assert "DTSTART;TZID=Asia/Shanghai:20260926T143000\r\nDTEND;TZID=Asia/Shanghai:20260926T163000\r\n" in text
    cancelled = events["cancelled@wenming.test.example"]
    assert (str(cancelled["STATUS"]), str(cancelled["SUMMARY"])) == ("CANCELLED", "【已取消】夏夜纳凉晚会")
    assert str(events["timed@wenming.test.example"]["STATUS"]) == "CONFIRMED"
    assert str(events["timed@wenming.test.example"]["URL"]) == "https://wenming.test.example/events/timed/"


def test_a_late_start_without_an_end_ends_after_midnight():
    text = build(item("late", "2026-12-31", time="23:00"), item("backwards", "2026-09-25", time="19:00-18:00")).decode()
    assert "DTSTART;TZID=Asia/Shanghai:20261231T230000\r\nDTEND;TZID=Asia/Shanghai:20270101T010000\r\n" in text
    # An end not after the start cannot be right; the event still gets a length, not a negative one.
    assert "DTSTART;TZID=Asia/Shanghai:20260925T190000\r\nDTEND;TZID=Asia/Shanghai:20260925T210000\r\n" in text


def test_dtstamp_comes_from_the_record_so_rebuilds_are_identical():
    event = item("a", "2026-09-25", time="19:00")
    assert dtstamp(event) == dt.datetime(2026, 9, 24, 16, 0, tzinfo=dt.UTC)
    assert build(event) == build(item("a", "2026-09-25", time="19:00"))
    assert b"DTSTAMP:20260924T160000Z\r\n" in build(event)


def test_long_chinese_text_is_folded_within_75_octets():
    raw = build(item("long", "2026-09-25", title="中秋邻里团圆宴" * 20))
    assert ics_problems(raw) == []
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75


def test_checker_catches_broken_files():
    good = build(item("a", "2026-09-25"))
    assert ics_problems(good.replace(b"\r\n", b"\n")) != []
    assert "duplicate UIDs" in ics_problems(build(item("a", "2026-09-25"), item("a", "2026-09-26")))
    no_tz = good.split(b"BEGIN:VTIMEZONE")[0] + good.split(b"END:VTIMEZONE\r\n")[1]
    timed = no_tz.replace(b"DTSTART;VALUE=DATE:20260925", b"DTSTART;TZID=Asia/Shanghai:20260925T190000")
    assert "missing VTIMEZONE for ['Asia/Shanghai']" in ics_problems(timed)


def test_assembled_calendar_is_byte_for_byte_what_icalendar_writes():
    # `assemble` reuses serialised parts across files; the result must not differ from letting
    # icalendar serialise the whole calendar, with a long name and description that need folding.
    events = [item("e1", "2026-06-19", time="09:00-11:00"), item("e2", "2026-10-01", status="cancelled")]
    name, description = "幸福里社区新时代文明实践站活动日历" * 3, "社区活动，欢迎居民朋友参加；逗号, 分号; 反斜杠\\"
    expected = Calendar()
    for key, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH"),
                       ("x-wr-calname", name), ("x-wr-caldesc", description), ("x-wr-timezone", TIMEZONE_ID)):  # fmt: skip
        expected.add(key, value)
    expected.add_component(Timezone.from_tzid(TIMEZONE_ID))
    for event in events:
        expected.add_component(vevent(event, "wenming.test.example", f"https://wenming.test.example/{event.id}/"))
    vevents = [vevent_bytes(e, "wenming.test.example", f"https://wenming.test.example/{e.id}/") for e in events]
    assert assemble(name, description, vevents) == expected.to_ical()
    assert assemble("活动", None, []).count(b"X-WR-CALDESC") == 0


# The portal writes VEVENTs itself (fast); icalendar's own serialisation is the reference.
# Escapes and line ends in every form, wide characters, and anything else UTF-8 can carry.
SOME_TEXT = st.lists(
    st.one_of(st.sampled_from(["\\", "^", ";", ",", ":", '"', "\r", "\n", "\r\n", "\\N", " ", "N", "中秋"]),
              st.characters(codec="utf-8")),
    max_size=120,
).map("".join)


def icalendar_bytes(event: EventItem, page_url: str | None, organizer: str | None) -> bytes:
    return bytes(vevent(event, "wenming.test.example", page_url, organizer).to_ical())


@settings(max_examples=400, deadline=None)
@given(line=SOME_TEXT.map(lambda text: "DESCRIPTION:" + text.replace("\n", "")))
def test_folding_is_icalendars_for_any_line(line: str):
    assert _fold(line) == _foldline(line).encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(
    title=SOME_TEXT,
    location=SOME_TEXT,
    kind=SOME_TEXT,
    organizer=st.one_of(st.none(), SOME_TEXT),
    day=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)),
    time=st.sampled_from([None, "09:00", "19:00-21:00", "21:00-19:00", "08:05-08:05"]),
    status=st.sampled_from(["planned", "cancelled", "done"]),
    lunar=st.one_of(st.none(), st.just("农历八月十五")),
    page_url=st.one_of(st.none(), st.just("https://wenming.test.example/events/a,b;c/")),
)
def test_vevent_bytes_are_icalendars_for_any_event(title, location, kind, organizer, day, time, status, lunar, page_url):
    event = EventItem("evt-1", title, kind, day, status, location, "居委会", time=time, lunar=lunar)
    assert vevent_bytes(event, "wenming.test.example", page_url, organizer) == icalendar_bytes(event, page_url, organizer)


def test_vevent_bytes_are_icalendars_for_every_sample_event():
    """The sample site's events carry records: sign-up, capacity and Markdown descriptions."""
    site = load_site(REPO / "content", dt.date(2026, 11, 23), "data", "submissions", display_root=REPO)
    events = [event_item(record) for record in site["events"].records]
    assert len(events) > 10 and any(event.record and event.record.data.description for event in events)
    for event in events:
        url = f"https://wenming.test.example/events/{event.id}/"
        assert vevent_bytes(event, "wenming.test.example", url, "幸福里社区居委会") == icalendar_bytes(event, url, "幸福里社区居委会")


@settings(max_examples=200, deadline=None)
@given(name=SOME_TEXT.filter(lambda text: "\n" not in text and "\r" not in text and text.strip()),
       description=st.one_of(st.none(), SOME_TEXT.filter(lambda text: "\n" not in text and "\r" not in text)))
def test_calendar_names_are_written_as_icalendar_writes_them(name, description):
    expected = Calendar()
    expected.add("x-wr-calname", name)
    if description:
        expected.add("x-wr-caldesc", description)
    lines = expected.to_ical().removeprefix(b"BEGIN:VCALENDAR\r\n").removesuffix(b"END:VCALENDAR\r\n")
    head = assemble(name, description, []).split(b"X-WR-TIMEZONE")[0]
    assert head.endswith(lines)


def test_a_title_written_over_two_lines_still_gives_a_valid_file():
    # `title: |` in YAML keeps the line break; icalendar refuses such a calendar name outright.
    event = item("two-lines", "2026-09-25", title="中秋晚会\n第二行")
    raw = assemble(event.title, "第一行\r\n第二行", [vevent_bytes(event, "wenming.test.example")])
    assert ics_problems(raw) == []
    assert b"X-WR-CALNAME:\xe4\xb8\xad\xe7\xa7\x8b\xe6\x99\x9a\xe4\xbc\x9a\\n" in raw
    assert "SUMMARY:中秋晚会\\n第二行\r\n" in raw.decode()


def test_remembered_vevents_are_made_again_exactly_when_an_input_changes():
    """The preview server's calendar entries: the same bytes as vevent_bytes, made again when a
    field of the item, the record object, the address or the organiser differs."""
    site = load_site(REPO / "content", dt.date(2026, 11, 23), "data", "submissions", display_root=REPO)
    records = {record.id: record for record in site["events"].records}
    record = next(record for record in records.values() if record.data.description)
    remembered = RememberedVevents()

    def entry(event: EventItem, url: str = "https://wenming.test.example/e/", organizer: str = "居委会") -> bytes:
        made = remembered.made
        out = remembered.vevent(event, "wenming.test.example", url, organizer)
        assert out == vevent_bytes(event, "wenming.test.example", url, organizer)
        return b"made" if remembered.made > made else b"kept"

    first = event_item(record)
    remembered.start()
    assert entry(first) == b"made"
    remembered.start()
    assert entry(event_item(record)) == b"kept"  # another item, equal, with the same record object
    # Each input alone: a field of the item, the page URL, the organiser, the record object.
    remembered.start()
    assert entry(dataclasses.replace(first, title="改了的标题")) == b"made"
    assert entry(dataclasses.replace(first, title="改了的标题"), url="https://wenming.test.example/other/") == b"made"
    assert entry(dataclasses.replace(first, title="改了的标题"), url="https://wenming.test.example/other/", organizer="另一个") == b"made"
    reread = load_site(REPO / "content", dt.date(2026, 11, 23), "data", "submissions", display_root=REPO)
    same_file = next(other for other in reread["events"].records if other.id == record.id)
    assert same_file is not record and same_file.data == record.data
    assert entry(event_item(record)) == b"made"  # the inputs of the first entry again
    assert entry(event_item(record)) == b"kept"
    assert entry(event_item(same_file)) == b"made"  # an equal record, another object: not taken on trust
    # A build that asks for other events only lets this one's entry go; one that made no
    # calendar at all (it failed before) lets nothing go.
    other = next(item for item in reread["events"].records if item.id != record.id)
    remembered.start()
    assert entry(event_item(other)) == b"made"
    remembered.start()
    remembered.start()
    assert entry(event_item(other)) == b"kept"
    assert entry(event_item(same_file)) == b"made"
