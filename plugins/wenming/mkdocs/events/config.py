"""Options of the ``wenming-events`` plugin (``plugins: - wenming-events: ...`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class EventsConfig(Config):
    enabled = c.Type(bool, default=True)

    # Past events per page of the 活动 index (whole months are kept together on one page).
    per_page = c.Type(int, default=20)

    # Upcoming events in the home page block (近期活动).
    home_count = c.Type(int, default=5)

    # Whether to write events.ics and one .ics per event ("添加到日历").
    ics = c.Type(bool, default=True)

    # events/events.ics (the calendar phones subscribe to and fetch again every few hours) holds
    # the events from this many days before the build date onward, so it stops growing with
    # every year of records; each event's own .ics is written whatever its date.
    ics_feed_past_days = c.Type(int, default=365)
