"""The ``wenming-events`` plugin: 我们的节日 and community events (pages, calendar, iCalendar feed)."""
