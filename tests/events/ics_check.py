"""Checks every generated .ics must pass (RFC 5545 basics and stable output)."""

from __future__ import annotations

from icalendar import Calendar


def ics_problems(raw: bytes) -> list[str]:
    """What is wrong with one iCalendar file; empty when it is fine."""
    problems: list[str] = []
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"not UTF-8: {error}"]
    if not raw.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    lines = raw[:-2].split(b"\r\n")
    for number, line in enumerate(lines, start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare LF or CR")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets")
        try:
            line.decode("utf-8")  # folding must not split a character
        except UnicodeDecodeError:
            problems.append(f"line {number}: folded inside a UTF-8 character")
    try:
        calendar = Calendar.from_ical(raw)
    except ValueError as error:
        return [*problems, f"does not parse: {error}"]
    events = calendar.walk("VEVENT")
    if not events:
        problems.append("no VEVENT")
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART"):
            if name not in event:
                problems.append(f"VEVENT {event.get('UID')} has no {name}")
    missing = calendar.get_missing_tzids()
    if missing:
        problems.append(f"missing VTIMEZONE for {sorted(missing)}")
    uids = [str(event["UID"]) for event in events if "UID" in event]
    if len(set(uids)) != len(uids):
        problems.append("duplicate UIDs")
    if calendar.to_ical() != raw:
        problems.append("re-serialising changes the bytes")
    return problems
