"""Real builds of small portals with the events section: each page kind, errors, calendar files."""

from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import base_config, run_build, write_files
from tests.events.conftest import events_plugins
from tests.events.ics_check import ics_problems

TEAM = "name: 幸福里巾帼志愿服务队\ntype: 巾帼\nleader: 钱玉珍\nmembers: 63\n"


def event(title: str, when: str, **extra: str) -> str:
    lines = [f"title: {title}", "kind: 我们的节日" if "festival" in extra else "kind: 志愿服务", when,
             "location: 幸福里小区中心广场", f"organizer: {extra.pop('organizer', '幸福里社区居委会')}"]  # fmt: skip
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


EVENTS = {
    "content/data/teams/jinguo.yml": TEAM,
    # upcoming (build date 2026-11-23)
    "content/data/events/xiaofang.yml": event("冬季消防安全入户检查", "date: 2026-11-23"),
    "content/data/events/dongzhi.yml": event(
        "冬至包饺子", "date: 2026-12-20", time='"09:00-11:30"', organizer="jinguo", capacity="40",
        signup="到社区服务大厅报名", description="和居民一起**包饺子**，送给独居老人。<script>alert(1)</script>",
        report="news/dongzhi.md",
    ),
    "content/data/events/kuanian.yml": event("跨年文艺汇演", "date: 2026-12-31", status="cancelled"),
    "content/data/events/chunjie-2027.yml": event("新春游园会", "year: 2027", festival="春节"),
    # past
    "content/data/events/zhongqiu.yml": event("中秋赏月诗会", "date: 2026-09-25", festival="中秋", time='"19:00-21:00"', status="done"),
    "content/data/events/chongyang.yml": event("重阳敬老", "date: 2026-10-18", festival="重阳", status="done"),
    "content/data/events/naliang.yml": event("夏夜纳凉晚会", "date: 2025-07-26", status="cancelled"),
    "content/news/dongzhi.md": "# 冬至饺子暖人心\n\n志愿者和居民一起包饺子。\n",
}


@pytest.fixture(scope="module")
def events_site(tmp_path_factory):
    """The small portal above, built once for the tests that only read it."""
    root = tmp_path_factory.mktemp("events")
    write_files(root, {"content/index.md": "---\ntemplate: home.html\n---\n# 首页\n", **EVENTS})
    config = base_config(plugins=events_plugins())
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = run_build(root / "mkdocs.yml", strict=True)
    assert built.error is None, built.warnings
    return built


def soup(built, path: str) -> BeautifulSoup:
    return BeautifulSoup(built.read(path), "html.parser")


def test_event_page_shows_every_field(events_site):
    built = events_site
    page = soup(built, "events/dongzhi/index.html")
    article = page.select_one("div.wm-event")
    assert article.select_one("h1").get_text(strip=True) == "冬至包饺子"
    facts = {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in article.select("dl.wm-event__facts > div")}
    assert facts == {
        "日期": "2026年12月20日 星期日 农历冬月十二",
        "时间": "09:00–11:30",
        "地点": "幸福里小区中心广场",
        "主办": "幸福里巾帼志愿服务队",  # the team's name, unlinked: the volunteers section is off
        "名额": "40 人",
        "报名": "到社区服务大厅报名",
        "状态": "即将举行",
    }
    assert article.select_one("dl a") is None
    assert article.select_one(".wm-event__description strong").get_text() == "包饺子"
    assert "<script>alert(1)" not in built.read("events/dongzhi/index.html")
    assert "<script>alert(1)</script>" in article.select_one(".wm-event__description").get_text()
    assert article.select_one("a[download]").get_text(strip=True) == "添加到日历"
    assert article.select_one("a[download]")["href"] == "../dongzhi.ics"
    report = article.select_one(".wm-event__report a")
    assert report["href"] == "../../news/dongzhi/"
    assert report.get_text(strip=True) == "阅读活动报道：冬至饺子暖人心 »"


def test_festival_event_without_date_gets_it_computed(events_site):
    built = events_site
    article = soup(built, "events/chunjie-2027/index.html").select_one("article")
    assert "2027年2月6日 星期六" in article.select_one("dl").get_text()
    assert "农历正月初一" in article.select_one("dl").get_text()
    assert article.select_one("a.wm-event-tag")["href"] == "../festivals/chunjie/"
    assert article.select_one("dl > div:nth-of-type(2) dd").get_text(strip=True) == "全天"


def test_team_organizer_links_to_team_page_when_volunteers_section_is_on(make_site):
    hooks = (
        "class _Config:\n    enabled = True\n\n\nclass _Volunteers:\n    config = _Config()\n\n\n"
        "def on_config(config):\n    config.plugins['wenming-volunteers'] = _Volunteers()\n"
    )
    built = make_site({**EVENTS, "hooks.py": hooks}, strict=True, plugins=events_plugins(), hooks=["hooks.py"])
    assert built.error is None, built.warnings
    link = soup(built, "events/dongzhi/index.html").select_one("dl.wm-event__facts a")
    assert (link.get_text(), link["href"]) == ("幸福里巾帼志愿服务队", "../../volunteers/teams/jinguo/")


def test_unknown_team_id_and_missing_report_are_errors_naming_file_and_line(make_site):
    files = {
        **EVENTS,
        "content/data/events/bad.yml": event("错误的活动", "date: 2026-12-01", organizer="xuelei-feng", report="news/none.md"),
    }
    built = make_site(files, strict=True, plugins=events_plugins())
    assert built.error is not None
    assert built.warnings == [
        "wenming: content/data/events/bad.yml:5: organizer 'xuelei-feng' 看起来是志愿服务队的 id，但 content/data/teams/ 里没有 "
        "xuelei-feng.yml；请改成已有的队伍 id（jinguo）或写主办单位的中文名称",
        "wenming: content/data/events/bad.yml:6: report 'news/none.md' 不存在：应为 content/ 下的新闻文章路径，例如 news/posts/2026-09-zhongqiu.md",
    ]
    # A plain build skips the bad event and publishes the others.
    plain = make_site(files, plugins=events_plugins())
    assert plain.error is None
    assert "events/bad/index.html" not in plain.outputs() and "events/dongzhi/index.html" in plain.outputs()


def test_index_lists_upcoming_first_then_past_by_month(events_site):
    built = events_site
    page = soup(built, "events/index.html")
    upcoming, past = page.select("section.wm-events-section")
    assert [a.get_text() for a in upcoming.select(".wm-event-item__title")] == ["冬季消防安全入户检查", "冬至包饺子", "跨年文艺汇演", "新春游园会"]
    cancelled = upcoming.select_one(".wm-event-item--cancelled")
    assert cancelled.select_one(".wm-event-status").get_text() == "已取消"
    assert [h.get_text() for h in past.select("h3")] == ["2026年10月", "2026年9月", "2025年7月"]
    assert [a.get_text() for a in past.select(".wm-event-item__title")] == ["重阳敬老", "中秋赏月诗会", "夏夜纳凉晚会"]
    assert "已取消" in past.select(".wm-event-item")[-1].get_text()
    # 订阅日历 leads to the explanation, not to a one-off download of today's events
    assert page.select_one(".wm-events-links a[href$='#subscribe']").get_text() == "订阅日历"
    assert page.select_one(".wm-events-links a[download]") is None
    subscribe = page.select_one("details#subscribe")
    assert subscribe.select_one("code").get_text() == "https://wenming.test.example/events/events.ics"
    assert subscribe.select_one("a[href^='webcal:']")["href"] == "webcal://wenming.test.example/events/events.ics"
    assert subscribe.select_one("a[download]")["href"] == "events.ics"
    assert page.select_one("nav.wm-pager") is None  # everything fits on one page: no page links


def test_index_is_paginated_by_whole_months(make_site):
    built = make_site(EVENTS, strict=True, plugins=events_plugins(per_page=1))
    first, second = soup(built, "events/index.html"), soup(built, "events/page/2/index.html")
    assert [h.get_text() for h in first.select("h3")] == ["2026年10月"]
    assert [h.get_text() for h in second.select("h3")] == ["2026年9月"]
    assert second.select("section.wm-events-section h2")[0].get_text() == "往期活动"
    assert [a.get_text(strip=True) for a in second.select("nav.wm-pager a")] == ["‹ 上一页", "1", "3", "下一页 ›"]
    assert second.select_one('nav.wm-pager [aria-current="page"]').get_text() == "2"
    assert "events/page/3/index.html" in built.outputs() and "events/page/4/index.html" not in built.outputs()
    assert second.select_one(".wm-events-links a[href$='#subscribe']")["href"] == "../../#subscribe"
    assert second.select_one("details#subscribe") is None  # explained once, on the first page


def test_long_index_links_a_window_of_pages(make_site):
    # Nine past months, one page each: a pager shows the first and last pages, two either side
    # of the current one, and "…" where two or more pages are left out.
    months = {f"content/data/events/past-{month}.yml": event(f"第{month}月活动", f"date: 2026-{month:02d}-10")
              for month in range(1, 10)}  # fmt: skip
    built = make_site(months, strict=True, plugins=events_plugins(per_page=1))
    assert "events/page/9/index.html" in built.outputs() and "events/page/10/index.html" not in built.outputs()

    def pager(path: str) -> list[str]:
        nav = soup(built, path).select_one("nav.wm-pager[aria-label=分页]")
        return [f"[{item.get_text()}]" if item.get("aria-current") == "page" else item.get_text()
                for item in nav.find_all(["a", "span"])]  # fmt: skip

    assert pager("events/index.html") == ["[1]", "2", "3", "…", "9", "下一页 ›"]
    assert pager("events/page/4/index.html") == ["‹ 上一页", "1", "2", "3", "[4]", "5", "6", "…", "9", "下一页 ›"]
    # Page 5: 2 and 8 are single pages left out, shown rather than replaced by "…".
    assert pager("events/page/5/index.html") == ["‹ 上一页", "1", "2", "3", "4", "[5]", "6", "7", "8", "9", "下一页 ›"]
    assert pager("events/page/9/index.html") == ["‹ 上一页", "1", "…", "7", "8", "[9]"]
    middle = soup(built, "events/page/5/index.html").select_one("nav.wm-pager")
    assert middle.select_one('a[rel="prev"]')["href"] == "../4/"
    assert middle.select_one('a[rel="next"]')["href"] == "../6/"
    assert [a["href"] for a in middle.find_all("a", string=["1", "9"])] == ["../../", "../9/"]


def test_month_page_grid_starts_monday_and_marks_festivals(events_site):
    built = events_site
    # November 2026 starts on a Sunday: six empty slots first.
    november = soup(built, "events/calendar/2026-11/index.html")
    cells = november.select("ol.wm-cal > li")
    assert [c["class"][0] for c in cells[:7]] == ["wm-cal__pad"] * 6 + ["wm-cal__day"]
    assert cells[6].select_one("time")["datetime"] == "2026-11-01"
    today = november.select_one("li[aria-current=date]")
    assert today["id"] == "d2026-11-23" and "冬季消防安全入户检查" in today.get_text()
    assert today.select_one(".wm-cal__lunar-short").get_text() == "十五"
    assert today.select_one(".wm-cal__lunar-full").get_text() == "农历十月十五"
    assert november.select_one("a[rel=prev]")["href"] == "../2026-10/"
    assert november.select_one("a[rel=next]")["href"] == "../2026-12/"
    # October: 重阳 has an event; September 中秋 too; a festival without events is still marked.
    october = soup(built, "events/calendar/2026-10/index.html")
    chongyang = october.select_one("#d2026-10-18")
    assert chongyang.select_one(".wm-cal__festival").get_text() == "重阳"
    august = soup(built, "events/calendar/2026-08/index.html")
    qixi = august.select_one("#d2026-08-19")
    assert qixi.select_one(".wm-cal__festival").get_text() == "七夕" and qixi.select_one(".wm-cal__events") is None
    assert "wm-cal__day--busy" in qixi["class"]


def test_calendar_months_span_events_and_build_month(events_site):
    built = events_site
    months = sorted(path.split("/")[2] for path in built.outputs() if path.startswith("events/calendar/20"))
    assert months[0] == "2025-07" and months[-1] == "2027-02" and len(months) == 20
    first = soup(built, "events/calendar/2025-07/index.html")
    assert first.select_one("a[rel=prev]") is None
    assert "已取消" in first.select_one("#d2025-07-26").get_text()


def test_festival_page_uses_authored_text_and_lists_its_events(make_site):
    authored = "---\ntitle: 中秋\n---\n\n# 中秋\n\n中秋节在农历八月十五，月圆人团圆。\n\n## 传统习俗\n\n赏月、吃月饼。\n"
    built = make_site({**EVENTS, "content/events/festivals/zhongqiu.md": authored}, strict=True, plugins=events_plugins())
    assert built.error is None, built.warnings
    page = soup(built, "events/festivals/zhongqiu/index.html")
    assert [h.get_text(strip=True) for h in page.select(".md-content h1")] == ["中秋"]
    assert "月圆人团圆" in page.select_one(".md-content").get_text()
    assert page.select_one(".wm-festival__dates").get_text(" ", strip=True).startswith("2026年的中秋： 2026年9月25日 星期五")
    assert "下一个中秋： 2027年9月15日 星期三" in page.select_one(".wm-festival__dates").get_text(" ", strip=True)
    assert [a.get_text() for a in page.select(".wm-event-item__title")] == ["中秋赏月诗会"]
    # Festivals without authored text get a generated page with the catalog's summary.
    qixi = soup(built, "events/festivals/qixi/index.html")
    assert "牛郎织女相会之日" in qixi.select_one(".md-content").get_text()
    assert "暂无安排" in qixi.get_text()
    overview = soup(built, "events/festivals/index.html")
    assert [a.get_text() for a in overview.select(".wm-festivals__name")][:3] == ["腊八", "除夕", "春节"]


def test_home_page_block_shows_the_next_five(make_site):
    files = dict(EVENTS)
    for day in range(1, 5):
        files[f"content/data/events/extra-{day}.yml"] = event(f"周末活动{day}", f"date: 2027-03-0{day}")
    built = make_site(files, strict=True, plugins=events_plugins())
    block = soup(built, "index.html").select_one("section.wm-home-block[aria-label=近期活动]")
    assert [a.get_text() for a in block.select(".wm-event-item__title")] == [
        "冬季消防安全入户检查", "冬至包饺子", "跨年文艺汇演", "新春游园会", "周末活动1",
    ]  # fmt: skip
    assert block.select_one(".wm-more a")["href"] == "events/"


def test_calendar_files_are_valid_and_byte_identical_on_rebuild(make_site, tmp_path):
    built = make_site(EVENTS, strict=True, plugins=events_plugins())
    first = {path: (built.site / path).read_bytes() for path in built.outputs() if path.endswith(".ics")}
    assert sorted(first) == sorted(["events/events.ics"] + [f"events/{name}.ics" for name in
        ("xiaofang", "dongzhi", "kuanian", "chunjie-2027", "zhongqiu", "chongyang", "naliang")])  # fmt: skip
    assert {path: ics_problems(raw) for path, raw in first.items() if ics_problems(raw)} == {}
    again = make_site(EVENTS, strict=True, plugins=events_plugins())
    assert {path: (again.site / path).read_bytes() for path in first} == first
    text = first["events/dongzhi.ics"].decode()
    assert "UID:dongzhi@wenming.test.example\r\n" in text
    assert "STATUS:CANCELLED" in first["events/kuanian.ics"].decode()
    assert "DTSTART;VALUE=DATE:20270206\r\n" in first["events/chunjie-2027.ics"].decode()
    assert "DESCRIPTION:主办：幸福里巾帼志愿服务队\\n" in text.replace("\r\n ", "")


def test_without_site_url_no_calendar_files_and_a_warning(make_site):
    built = make_site(EVENTS, plugins=events_plugins(), site_url=None)
    assert built.error is None
    assert not [path for path in built.outputs() if path.endswith(".ics")]
    assert any("没有 site_url" in message for message in built.warnings)
    assert soup(built, "events/dongzhi/index.html").select_one("a[download]") is None


def test_events_by_organizer_for_the_volunteers_section(make_site):
    hooks = (
        "import json, os\n\n\ndef on_post_build(config):\n"
        "    plugin = config.plugins['wenming-events']\n"
        "    data = {team: [[e.title, e.date.isoformat(), e.url, e.status] for e in events]\n"
        "            for team, events in plugin.by_organizer.items()}\n"
        "    with open(os.path.join(config.site_dir, 'by-organizer.json'), 'w') as out:\n"
        "        json.dump(data, out, ensure_ascii=False)\n"
    )
    built = make_site({**EVENTS, "hooks.py": hooks}, strict=True, plugins=events_plugins(), hooks=["hooks.py"])
    assert json.loads(built.read("by-organizer.json")) == {"jinguo": [["冬至包饺子", "2026-12-20", "events/dongzhi/", "planned"]]}


def test_plugin_off_adds_nothing(make_site):
    built = make_site(EVENTS, plugins=events_plugins(enabled=False))
    assert built.error is None
    assert not [path for path in built.outputs() if path.startswith("events/")]


def test_a_leap_month_day_is_no_festival_in_pages_or_calendars(make_site):
    # Built in June 2028, a year with 闰五月: 端午 was 05-28; 06-27 is 闰五月初五, not 端午.
    plugins = events_plugins()
    for plugin in plugins:
        if isinstance(plugin, dict) and "wenming" in plugin:
            plugin["wenming"] = {**plugin["wenming"], "build_date": "2028-06-10"}
    files = {"content/data/events/duanwu.yml": event("端午包粽子", "year: 2028", festival="端午")}
    built = make_site(files, strict=True, plugins=plugins)
    assert built.error is None, built.warnings
    assert b"DTSTART;VALUE=DATE:20280528\r\n" in (built.site / "events/duanwu.ics").read_bytes()
    page = soup(built, "events/festivals/duanwu/index.html").select_one(".wm-festival__dates").get_text(" ", strip=True)
    assert "2028年5月28日" in page and "6月27日" not in page and "下一个端午： 2029年6月16日" in page
    overview = soup(built, "events/festivals/index.html")
    duanwu = next(item for item in overview.select(".wm-festivals__item") if item.select_one(".wm-festivals__name").get_text() == "端午")
    assert duanwu.select_one(".wm-festivals__next").get_text(strip=True) == "下一个：2029年6月16日 星期六"
    june = soup(built, "events/calendar/2028-06/index.html")
    assert june.select_one("#d2028-06-27 .wm-cal__festival") is None
    assert june.select_one("#d2028-06-27 .wm-cal__lunar-full").get_text() == "农历闰五月初五"
    may = soup(built, "events/calendar/2028-05/index.html")
    assert may.select_one("#d2028-05-28 .wm-cal__festival").get_text() == "端午"


def feed_uids(built) -> list[str]:
    raw = (built.site / "events/events.ics").read_bytes().decode()
    return [line.removeprefix("UID:").removesuffix("@wenming.test.example") for line in raw.split("\r\n") if line.startswith("UID:")]


def test_subscribed_feed_holds_a_window_while_every_event_keeps_its_own_file(make_site):
    # Build date 2026-11-23: a year back is 2025-11-23, so the 2025-07-26 event leaves the feed.
    built = make_site(EVENTS, strict=True, plugins=events_plugins())
    assert feed_uids(built) == ["zhongqiu", "chongyang", "xiaofang", "dongzhi", "kuanian", "chunjie-2027"]
    assert b"UID:naliang@wenming.test.example" in (built.site / "events/naliang.ics").read_bytes()
    subscribe = soup(built, "events/index.html").select_one("#subscribe").get_text(" ", strip=True)
    assert "订阅的日历里有 2025年11月23日以来的活动" in subscribe


def test_feed_window_is_an_option_and_a_bad_value_is_a_clear_error(make_site):
    built = make_site(EVENTS, strict=True, plugins=events_plugins(ics_feed_past_days=0))
    assert feed_uids(built) == ["xiaofang", "dongzhi", "kuanian", "chunjie-2027"]  # from the build date on
    wide = make_site(EVENTS, strict=True, plugins=events_plugins(ics_feed_past_days=3650))
    assert feed_uids(wide)[0] == "naliang" and len(feed_uids(wide)) == 7
    bad = make_site(EVENTS, plugins=events_plugins(ics_feed_past_days=-1))
    assert bad.error is not None
    assert "plugins.wenming-events.ics_feed_past_days：天数应为 0 或正整数，现在是 -1" in bad.errors


def test_planned_event_whose_day_passed_shows_as_held(make_site):
    files = {
        "content/data/events/held.yml": event("重阳登高", "date: 2026-10-18", status="done"),
        "content/data/events/forgot.yml": event("秋季健步走", "date: 2026-10-25"),  # still planned
        "content/data/events/soon.yml": event("冬季义诊", "date: 2026-12-05"),
    }
    built = make_site(files, plugins=events_plugins())
    assert built.error is None, built.warnings
    index = soup(built, "events/index.html")
    badges = {
        item.select_one(".wm-event-item__title").get_text(): (status.get_text(), status["class"][-1])
        for item in index.select(".wm-event-item")
        for status in item.select(".wm-event-status")
    }
    assert badges == {
        "重阳登高": ("已举办", "wm-event-status--done"),
        "秋季健步走": ("已举办", "wm-event-status--done"),
        "冬季义诊": ("即将举行", "wm-event-status--planned"),
    }
    page = soup(built, "events/forgot/index.html")
    assert page.select_one(".wm-event-status")["class"][-1] == "wm-event-status--done"
    assert "已结束" not in page.get_text()
