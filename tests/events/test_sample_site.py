"""The sample portal with the events section: every event valid, every .ics valid and stable."""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup

from tests.conftest import REPO
from tests.events.conftest import own_warnings
from tests.events.ics_check import ics_problems
from wenming.core.festivals import CATALOG

EVENT_FILES = sorted((REPO / "content/data/events").glob("*.yml"))


def test_every_sample_event_gets_a_page_and_a_calendar_file(sample_events_site):
    outputs = set(sample_events_site.outputs())
    assert len(EVENT_FILES) >= 40
    for path in EVENT_FILES:
        assert f"events/{path.stem}/index.html" in outputs
        assert f"events/{path.stem}.ics" in outputs
    assert "events/events.ics" in outputs
    assert own_warnings(sample_events_site) == []


def test_every_generated_ics_passes_the_checks(sample_events_site):
    files = sorted(sample_events_site.site.rglob("*.ics"))
    assert len(files) == len(EVENT_FILES) + 1
    problems = {path.name: ics_problems(path.read_bytes()) for path in files}
    assert {name: found for name, found in problems.items() if found} == {}
    feed = sample_events_site.site / "events/events.ics"
    assert feed.read_bytes().count(b"BEGIN:VEVENT") == len(EVENT_FILES)
    assert feed.read_bytes().count(b"STATUS:CANCELLED") == 3


def test_sample_covers_every_festival_in_two_years(sample_events_site):
    feed = (sample_events_site.site / "events/events.ics").read_text(encoding="utf-8")
    assert len(re.findall(r"CATEGORIES:我们的节日", feed)) >= 9
    for info in CATALOG:
        page = BeautifulSoup(sample_events_site.read(f"events/festivals/{info.slug}/index.html"), "html.parser")
        items = page.select(".wm-event-list .wm-event-item time")
        years = {dt.date.fromisoformat(tag["datetime"]).year for tag in items}
        assert len(years) >= 2, info.name
        assert page.select_one(".md-content h2"), f"{info.name}: customs text missing"


def test_festival_texts_are_not_separate_pages_or_nav_entries(sample_events_site):
    index = BeautifulSoup(sample_events_site.read("events/festivals/chunjie/index.html"), "html.parser")
    assert index.select_one("h1").get_text(strip=True) == "春节"
    assert "贴春联、贴福字" in index.get_text()
    nav_links = [a["href"] for a in index.select(".md-nav a[href]")]
    assert not [href for href in nav_links if "festivals/chunjie" in href]
