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
    # The subscribed feed holds the events from a year before the build date (2026-11-23) on.
    starts = {path.stem: _start(path.read_bytes()) for path in files if path.name != "events.ics"}
    in_window = sorted(name for name, day in starts.items() if day >= "20251123")
    feed = (sample_events_site.site / "events/events.ics").read_bytes()
    assert sorted(re.findall(rb"UID:([a-z0-9-]+)@", feed)) == [name.encode() for name in in_window]
    assert 0 < len(in_window) < len(EVENT_FILES)
    cancelled = [path.stem for path in files if path.stem in in_window and b"STATUS:CANCELLED" in path.read_bytes()]
    assert feed.count(b"STATUS:CANCELLED") == len(cancelled) > 0


def _start(raw: bytes) -> str:
    """The event's first day, YYYYMMDD (the VTIMEZONE before it has DTSTARTs of its own)."""
    event = raw[raw.index(b"BEGIN:VEVENT") :]
    return re.search(rb"DTSTART[^:]*:(\d{8})", event).group(1).decode()


def test_every_timed_sample_event_has_an_end(sample_events_site):
    # Events written as time: "19:30" (no end) end two hours later in calendar apps.
    timed = {path.name: path.read_bytes() for path in sample_events_site.site.glob("events/*.ics")}
    starts = sum(raw.count(b"DTSTART;TZID=") for raw in timed.values())
    assert starts > 0 and sum(raw.count(b"DTEND;TZID=") for raw in timed.values()) == starts
    assert b"DTSTART;TZID=Asia/Shanghai:20260808T193000\r\nDTEND;TZID=Asia/Shanghai:20260808T213000\r\n" in timed[
        "2026-xiaye-lutian-dianying.ics"
    ]


def test_sample_covers_every_festival_in_two_years(sample_events_site):
    feed = (sample_events_site.site / "events/events.ics").read_text(encoding="utf-8")
    assert len(re.findall(r"CATEGORIES:我们的节日", feed)) >= 9  # within the feed's one-year window
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


def test_festival_event_held_before_the_day_is_on_the_festival_page_and_links_its_report(sample_events_site):
    # 中秋邻里团圆宴 (2026-09-23, two days before 中秋, no `festival:`): on the 中秋 page, tagged,
    # and its page links the news report named by `report:`.
    festival = BeautifulSoup(sample_events_site.read("events/festivals/zhongqiu/index.html"), "html.parser")
    titles = [a.get_text(strip=True) for a in festival.select(".wm-event-item__title")]
    assert "中秋邻里团圆宴" in titles and "中秋赏月诗会" in titles
    page = BeautifulSoup(sample_events_site.read("events/2026-zhongqiu-linli-tuanyuan-yan/index.html"), "html.parser")
    assert page.select_one("a.wm-event-tag").get_text() == "我们的节日·中秋"
    report = page.select_one(".wm-event__report a")
    assert report["href"] == "../../news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/"
    assert "百家宴上话团圆" in report.get_text()
    # A 宣讲 titled 春节前… is not a 春节 event.
    chunjie = BeautifulSoup(sample_events_site.read("events/festivals/chunjie/index.html"), "html.parser")
    assert "春节前消防与燃气安全宣讲" not in chunjie.get_text()


def test_a_past_event_shows_one_word_and_one_colour(sample_events_site):
    # Held (status: done) and planned-but-past look the same: 已举办 in the done badge.
    page = BeautifulSoup(sample_events_site.read("events/index.html"), "html.parser")
    badges = {(badge.get_text(), tuple(badge["class"])) for badge in page.select(".wm-events-section .wm-event-status")}
    assert ("已结束", ("wm-event-status", "wm-event-status--planned")) not in badges
    shown = {text for text, classes in badges if "wm-event-status--done" in classes}
    assert shown == {"已举办"}
    assert {text for text, classes in badges if "wm-event-status--planned" in classes} <= {"即将举行"}


def test_a_news_report_links_back_to_its_event(sample_events_site):
    post = BeautifulSoup(sample_events_site.read("news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/index.html"), "html.parser")
    line = post.select_one("article .wm-post-event")
    assert line.get_text() == "活动信息：中秋邻里团圆宴（2026年9月23日）"
    assert line.select_one("a")["href"] == "../../../../events/2026-zhongqiu-linli-tuanyuan-yan/"
    # A post no event names has no such line.
    other = BeautifulSoup(sample_events_site.read("news/2026/07/2026-07-kuaidiyuan-shijin-bumei/index.html"), "html.parser")
    assert other.select_one(".wm-post-event") is None
