"""iCalendar files for events (RFC 5545), written with the icalendar library.

Output is stable: UIDs are ``<event id>@<site host>``, DTSTAMP comes from the record (the start
of the event's day, China time, in UTC), never from the clock, and properties are always added in
the same order. Rebuilding unchanged data therefore gives byte-identical files, so calendar apps
that subscribe to ``events.ics`` see no phantom changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from .dates import chinese_date
from .events import EventItem

TIMEZONE_ID = "Asia/Shanghai"
TIMEZONE = ZoneInfo(TIMEZONE_ID)
PRODID = "-//wenming-portal//events//ZH"
_MARKUP = re.compile(r"[*_`#>]+")


@cache
def _vtimezone() -> Timezone:
    # Built from tzdata once per process (about 20 ms each time), then shared: it is only read.
    return Timezone.from_tzid(TIMEZONE_ID)


def dtstamp(event: EventItem) -> dt.datetime:
    """The record's stamp: 00:00 China time on the event's day, in UTC (no clock involved)."""
    return dt.datetime.combine(event.date, dt.time(0, 0), TIMEZONE).astimezone(dt.UTC)


def plain_text(markdown: str) -> str:
    """Record Markdown as plain text for calendar apps: emphasis marks dropped, lines kept."""
    lines = [_MARKUP.sub("", line).strip() for line in markdown.strip().splitlines()]
    return "\n".join(lines)


def vevent(event: EventItem, host: str, page_url: str | None = None, organizer_name: str | None = None) -> VEvent:
    """One VEVENT. ``page_url`` is the event page's absolute address; ``organizer_name`` the team's name."""
    component = VEvent()
    component.add("uid", f"{event.id}@{host}")
    component.add("dtstamp", dtstamp(event))
    start, end = event.start_time, event.end_time
    if start is None:
        component.add("dtstart", event.date)  # VALUE=DATE: an all-day event
        component.add("dtend", event.date + dt.timedelta(days=1))
    else:
        component.add("dtstart", dt.datetime.combine(event.date, start, TIMEZONE))
        if end is not None and end > start:
            component.add("dtend", dt.datetime.combine(event.date, end, TIMEZONE))
    component.add("summary", ("【已取消】" if event.cancelled else "") + event.title)
    component.add("location", event.location)
    component.add("categories", [event.kind])
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    details = [f"主办：{organizer_name or event.organizer}"]
    if event.lunar:
        details.append(f"日期：{chinese_date(event.date, weekday=True)}（{event.lunar}）")
    if event.record is not None:
        data = event.record.data
        if data.signup:
            details.append(f"报名：{data.signup}")
        if data.capacity:
            details.append(f"名额：{data.capacity}人")
        if data.description:
            details.append("")
            details.append(plain_text(data.description))
    if page_url:
        details.extend(["", f"详情：{page_url}"])
        component.add("url", page_url)
    component.add("description", "\n".join(details))
    return component


def calendar(
    events: Iterable[tuple[EventItem, str | None, str | None]], host: str, name: str, description: str | None = None
) -> bytes:
    """A whole calendar: ``events`` are (event, page URL, organizer name); bytes with CRLF line ends."""
    return assemble(name, description, [vevent_bytes(event, host, url, organizer) for event, url, organizer in events])


def vevent_bytes(event: EventItem, host: str, page_url: str | None = None, organizer_name: str | None = None) -> bytes:
    """One VEVENT serialised, so the same bytes can go into the feed and the event's own file."""
    return bytes(vevent(event, host, page_url, organizer_name).to_ical())


def assemble(name: str, description: str | None, vevents: Iterable[bytes]) -> bytes:
    """A VCALENDAR around serialised VEVENTs: exactly what icalendar writes for the same
    components (header properties, then the VTIMEZONE, then the events), built without
    serialising the time zone, each event and the fixed header properties again for every file."""
    named = _property_lines({"x-wr-calname": name, **({"x-wr-caldesc": description} if description else {})})
    return b"".join((_fixed_head(), named, _fixed_time_zone(), *vevents, _END))


_END = b"END:VCALENDAR\r\n"


def _property_lines(properties: dict[str, str]) -> bytes:
    """Calendar properties as icalendar writes them (escaped, folded), without BEGIN/END."""
    holder = Calendar()
    for key, value in properties.items():
        holder.add(key, value)
    lines = bytes(holder.to_ical())
    start = b"BEGIN:VCALENDAR\r\n"
    assert lines.startswith(start) and lines.endswith(_END)
    return lines[len(start) : -len(_END)]


@cache
def _fixed_head() -> bytes:
    return b"BEGIN:VCALENDAR\r\n" + _property_lines(
        {"prodid": PRODID, "version": "2.0", "calscale": "GREGORIAN", "method": "PUBLISH"}
    )


@cache
def _fixed_time_zone() -> bytes:
    """X-WR-TIMEZONE, then the VTIMEZONE from tzdata: in every file (also all-day ones, harmless
    there), always the same span, so every file carries an identical definition."""
    return _property_lines({"x-wr-timezone": TIMEZONE_ID}) + bytes(_vtimezone().to_ical())
