"""Real builds of a small portal with three teams: every 志愿服务 page kind, as a resident gets it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import yaml

from tests.volunteers.conftest import own_warnings, soup, volunteer_plugins
from wenming.core.volunteers import TYPE_SLUGS, format_hours

YEAR = 2026  # the build date of the fixtures is 2026-11-23

# Each team as data: the YAML files are written from it and the expected figures computed from it.
TEAMS: dict[str, dict[str, Any]] = {
    "leifeng": {
        "name": "幸福里学雷锋志愿服务队",
        "type": "学雷锋",
        "founded": "2012-03-05",
        "leader": "张建国",
        "contact": "0571-8888 6001",
        "members": 10,
        "services": ["扶老助残", "便民服务"],
        "schedule": "每周六上午9:00–11:00",
        "description": "常年开展**便民服务集市**。<script>alert(1)</script>",
        "station": {
            "location": "党群服务中心一楼",
            "checklist": {
                key: True
                for key in (
                    "fixed_site",
                    "person_in_charge",
                    "team",
                    "projects",
                    "schedule",
                    "signage",
                    "rules",
                    "publicity",
                    "records",
                )
            },
        },  # fmt: skip
        "stars": [
            {"name": "张建国", "hours": 1500},
            {"name": "李美华", "hours": 100},
            {"name": "赵德明", "hours": 99.5},
        ],
        "records": [
            {"date": "2025-03-05", "title": "学雷锋纪念日集中服务", "hours": 3, "volunteers": 30},
            {"date": "2025-10-29", "title": "重阳节义务理发", "hours": 2, "volunteers": 12},
            {"date": "2026-01-10", "title": "便民服务集市", "hours": 2.5, "volunteers": 14},
            {"date": "2026-03-05", "title": "学雷锋纪念日集中服务", "hours": 3, "volunteers": 40},
            {"date": "2026-05-09", "title": "为独居老人打扫卫生", "hours": 2, "volunteers": 8},
            {"date": "2026-07-11", "title": "楼道小广告清理", "hours": 1.5, "volunteers": 10},
            {"date": "2026-09-12", "title": "便民服务集市", "hours": 2, "volunteers": 16},
            {"date": "2026-11-14", "title": "<b>冬季</b>送温暖", "hours": 3, "volunteers": 20},
        ],
    },
    "dangyuan": {
        "name": "幸福里党员先锋志愿服务队",
        "type": "党员",
        "leader": "陈卫东",
        "members": 4,
        "station": {"checklist": {"fixed_site": True, "team": True, "records": True, "rules": False}},
        "records": [
            {"date": "2026-06-01", "title": "政策宣讲", "hours": 2, "volunteers": 4},
            {"date": "2026-08-15", "title": "文明劝导", "hours": 4, "volunteers": 10},
        ],
    },
    "wenyi": {"name": "幸福里文化文艺志愿服务队", "type": "文化", "leader": "许美玲", "members": 20},
}


def person_hours(team: dict[str, Any], year: int | None = None) -> float:
    return sum(
        r["hours"] * r["volunteers"]
        for r in team.get("records", [])
        if year is None or r["date"].startswith(str(year))
    )


def files(**overrides: dict[str, Any]) -> dict[str, str]:
    teams = {**TEAMS, **overrides}
    return {
        f"content/data/teams/{team_id}.yml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        for team_id, data in teams.items()
    }


def build(
    make_site,
    extra_files: dict[str, str] | None = None,
    *extra_plugins: Any,
    strict: bool = True,
    **options: Any,
):
    built = make_site(
        {**files(), **(extra_files or {})},
        strict=strict,
        plugins=volunteer_plugins(*extra_plugins, **options),
    )
    assert built.error is None, "\n".join(built.warnings)
    return built


def figure_texts(block) -> dict[str, str]:
    return {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
        for div in block.select(".wm-vol-figure")
    }


def test_index_shows_headline_figures_then_the_directory(make_site):
    built = build(make_site)
    page = soup(built, "volunteers/index.html")
    assert page.h1.get_text(strip=True) == "志愿服务"
    figures = figure_texts(page.select_one("dl.wm-vol-figures"))
    this_year = sum(person_hours(team, YEAR) for team in TEAMS.values())
    members = sum(team["members"] for team in TEAMS.values())
    assert figures["志愿服务队"] == f"{len(TEAMS)} 支"
    assert figures["注册志愿者"] == f"{members} 人"
    assert figures[f"{YEAR}年服务时长"] == f"{format_hours(this_year)} 人·小时"
    assert figures["累计服务时长"] == f"{format_hours(sum(person_hours(t) for t in TEAMS.values()))} 人·小时"
    average = figures[f"{YEAR}年人均服务时长（每位注册志愿者）"]
    assert average.startswith(f"{format_hours(this_year / members)} 小时，目标 20 小时，")
    cards = page.select("ul.wm-vol-cards > li.wm-vol-card")
    # Directory order: by type (学雷锋, 党员, …, 文化), then id.
    assert [card.h3.a.get_text(strip=True) for card in cards] == [
        TEAMS[t]["name"] for t in ("leifeng", "dangyuan", "wenyi")
    ]
    assert cards[0].h3.a["href"] == "teams/leifeng/"
    assert f"{YEAR}年服务 {format_hours(person_hours(TEAMS['leifeng'], YEAR))} 人·小时" in cards[0].get_text(
        " ", strip=True
    )
    assert "站点“九个有” 9/9" in cards[0].get_text(" ", strip=True)
    assert "站点" not in cards[2].get_text()  # no station registered
    assert own_warnings(built) == []
    assert not page.select("div.wm-vol script")


def test_type_filter_is_plain_links_to_one_page_per_type(make_site):
    built = build(make_site)
    index = soup(built, "volunteers/index.html")
    links = index.select("nav.wm-vol-filter a")
    assert [a.get_text("", strip=True) for a in links] == [
        "全部（3）",
        "学雷锋（1）",
        "党员（1）",
        "青年（0）",
        "巾帼（0）",
        "文化（1）",
        "网络文明传播（0）",
        "其他（0）",
    ]
    assert [a["href"] for a in links[1:]] == [f"type/{slug}/" for slug in TYPE_SLUGS.values()]
    assert links[0].get("aria-current") == "page"
    for type_name, slug in TYPE_SLUGS.items():
        page = soup(built, f"volunteers/type/{slug}/index.html")  # every type has its page
        assert page.h1.get_text(strip=True) == f"{type_name}志愿服务队"
        current = page.select("nav.wm-vol-filter a[aria-current=page]")
        assert [a.get_text("", strip=True).split("（")[0] for a in current] == [type_name]
        names = [a.get_text(strip=True) for a in page.select(".wm-vol-card h3 a")]
        assert names == [team["name"] for team in TEAMS.values() if team["type"] == type_name]
        if not names:
            assert "暂时还没有" in page.select_one(".wm-vol-empty").get_text()
        # The filter works without JavaScript: links only, every one resolves to a built page.
        assert not page.select("div.wm-vol form, div.wm-vol script, div.wm-vol [onclick]")
        for a in page.select("nav.wm-vol-filter a"):
            assert (built.site / "volunteers/type" / slug / a["href"] / "index.html").resolve().is_file(), a[
                "href"
            ]
    party = soup(built, "volunteers/type/dangyuan/index.html")
    assert f"{YEAR}年服务 {format_hours(person_hours(TEAMS['dangyuan'], YEAR))} 人·小时" in " ".join(
        party.select_one(".wm-vol-lead").get_text().split()
    )


def test_team_page_shows_facts_escaped_description_station_and_stars(make_site):
    built = build(make_site)
    page = soup(built, "volunteers/teams/leifeng/index.html")
    team = TEAMS["leifeng"]
    assert page.h1.get_text(strip=True) == team["name"]
    facts = {
        div.dt.get_text(strip=True): div.dd.get_text(strip=True)
        for div in page.select("dl.wm-vol-facts > div")
    }
    assert facts == {
        "类型": "学雷锋", "队长": "张建国", "注册队员": "10 人", "成立时间": "2012年3月5日",
        "服务时间": "每周六上午9:00–11:00", "联系方式": "0571-8888 6001", "服务领域": "扶老助残、便民服务",
    }  # fmt: skip
    about = page.select_one("section.wm-vol-about")
    assert about.strong.get_text() == "便民服务集市"  # Markdown is rendered…
    assert "<script>alert(1)</script>" in about.get_text() and not about.select("script")  # …raw HTML is not
    station = page.find("h2", id="wm-vol-station").parent
    assert station.select_one(".wm-vol-score").get_text(strip=True).startswith("“九个有”达标9/9")
    ticks = station.select("ul.wm-vol-checklist > li")
    assert len(ticks) == 9 and all("is-done" in li["class"] for li in ticks)
    assert ticks[4].get_text(strip=True) == "✓有活动计划/时间：已具备"
    stars = [li.get_text(" ", strip=True) for li in page.select("ul.wm-vol-starlist > li")]
    assert stars[0].startswith("张建国") and "五星" in stars[0] and "距" not in stars[0]
    assert stars[1].startswith("李美华") and "一星" in stars[1] and "距二星还差 200 小时" in stars[1]
    assert stars[2].startswith("赵德明") and "未满一星" in stars[2] and "距一星还差 0.5 小时" in stars[2]
    assert page.select_one("ul.wm-vol-starlist .wm-vol-stars").get("aria-hidden") == "true"

    party = soup(built, "volunteers/teams/dangyuan/index.html")
    station = party.find("h2", id="wm-vol-station").parent
    assert "3/9" in station.select_one(".wm-vol-score").get_text()
    missing = [li.get_text(strip=True) for li in station.select("li.is-missing")]
    assert missing == ["✗有负责人：未具备", "✗有服务项目：未具备", "✗有活动计划/时间：未具备", "✗有标识标牌：未具备",
                       "✗有管理制度：未具备", "✗有宣传阵地：未具备"]  # fmt: skip
    assert not party.select("section.wm-vol-about") and not party.select("ul.wm-vol-starlist")
    empty = soup(built, "volunteers/teams/wenyi/index.html")
    assert "暂未登记志愿服务站点" in empty.get_text() and "暂无服务记录" in empty.get_text()


def test_team_hours_per_year_and_per_member_against_20_hours(make_site):
    built = build(make_site)
    page = soup(built, "volunteers/teams/leifeng/index.html")
    team = TEAMS["leifeng"]
    figures = figure_texts(page.find("h2", id="wm-vol-hours").parent)
    this_year = person_hours(team, YEAR)
    assert figures[f"{YEAR}年服务时长"] == f"{format_hours(this_year)} 人·小时"
    per_member = this_year / team["members"]
    assert figures[f"{YEAR}年人均服务时长（10 名注册队员）"].startswith(
        f"{format_hours(per_member)} 小时，目标 20 小时，"
    )
    assert per_member >= 20 and "已达标" in figures[f"{YEAR}年人均服务时长（10 名注册队员）"]
    rows = [
        [cell.get_text(strip=True) for cell in tr.select("th, td")]
        for tr in page.select("table.wm-vol-years tbody tr")
    ]
    expected = []
    for year in (2026, 2025):
        records = [r for r in team["records"] if r["date"].startswith(str(year))]
        hours = person_hours(team, year)
        expected.append([f"{year}年", str(len(records)), str(sum(r["volunteers"] for r in records)),
                         format_hours(hours), format_hours(hours / team["members"])])  # fmt: skip
    assert rows == expected
    party = figure_texts(
        soup(built, "volunteers/teams/dangyuan/index.html").find("h2", id="wm-vol-hours").parent
    )
    party_average = person_hours(TEAMS["dangyuan"], YEAR) / TEAMS["dangyuan"]["members"]
    assert party[f"{YEAR}年人均服务时长（4 名注册队员）"] == (
        f"{format_hours(party_average)} 小时，目标 20 小时，已完成 {int(100 * party_average / 20)}%"
    )


def test_service_records_newest_first_and_older_ones_fold_away_by_year(make_site):
    built = build(make_site, records_shown=5)
    page = soup(built, "volunteers/teams/leifeng/index.html")
    records = sorted(TEAMS["leifeng"]["records"], key=lambda r: r["date"], reverse=True)
    section = page.find("h2", id="wm-vol-records").parent
    tables = section.select("table.wm-vol-records")
    shown = [tr.select("td")[1].get_text(strip=True) for tr in tables[0].select("tbody tr")]
    assert shown == [r["title"] for r in records[:5]]  # the <b> in a title is text, not markup
    assert not tables[0].select("tbody b")
    first = tables[0].select_one("tbody tr")
    assert first.time["datetime"] == "2026-11-14" and first.time.get_text() == "2026年11月14日"
    assert first.select("td")[2].get_text(" ", strip=True) == "60 3小时×20人"
    folded = section.select("details.wm-vol-more")
    assert [d.summary.get_text(strip=True) for d in folded] == [
        "更早的记录：2026年（1 条）",
        "2025年（2 条）",
    ]
    assert [tr.select("td")[1].get_text(strip=True) for d in folded for tr in d.select("tbody tr")] == [
        r["title"] for r in records[5:]
    ]


def test_chart_is_inline_svg_with_a_table_of_the_same_numbers(make_site):
    built = build(make_site)
    for path in ("volunteers/index.html", "volunteers/teams/leifeng/index.html"):
        page = soup(built, path)
        chart = page.select_one("div.wm-vol-chart")
        svg_tag = chart.select_one("figure svg")
        svg = str(svg_tag)
        assert svg_tag["role"] == "img" and svg_tag.title.get_text()
        assert "<script" not in svg.lower() and "href" not in svg and "url(" not in svg
        assert re.findall(r"https?://[^\"'\s<>]+", svg) == ["http://www.w3.org/2000/svg"]
        ET.fromstring(svg.replace("viewbox", "viewBox"))  # well-formed
        table = chart.select_one("table.wm-vol-chart__table")
        assert table.caption.get_text(strip=True).endswith("（数据表）")
        rows = {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in table.select("tbody tr")}
        assert len(rows) == 12 and list(rows)[0] == "2025年12月" and list(rows)[-1] == "2026年11月"
        # Every bar's tooltip says the number the table says; empty months have no bar.
        bars = dict(rect.title.get_text().rsplit(" ", 1)[0].split("：") for rect in svg_tag.select("rect"))
        assert bars == {month: value for month, value in rows.items() if value != "0"}
    team_rows = {
        tr.th.get_text(strip=True): tr.td.get_text(strip=True)
        for tr in soup(built, "volunteers/teams/leifeng/index.html").select(
            "table.wm-vol-chart__table tbody tr"
        )
    }
    assert team_rows["2026年3月"] == format_hours(3 * 40) and team_rows["2026年2月"] == "0"


def test_leaderboard_ranks_teams_by_hours_this_year_and_stars_by_hours(make_site):
    built = build(make_site)
    page = soup(built, "volunteers/leaderboard/index.html")
    assert page.h1.get_text(strip=True) == "服务时长榜"
    boards = page.select("ol.wm-vol-board")
    teams = [
        (li["value"], li.select_one(".wm-vol-board__name").get_text(strip=True))
        for li in boards[0].select("li")
    ]
    active = sorted(
        (t for t in TEAMS.values() if person_hours(t, YEAR)), key=lambda t: -person_hours(t, YEAR)
    )
    assert teams == [(str(rank), team["name"]) for rank, team in enumerate(active, start=1)]
    assert "另有 1 支队伍2026年尚无服务记录" in page.get_text()
    stars = [(li["value"], li.select_one(".wm-vol-board__name").get_text(strip=True), li.select_one(".wm-vol-level").get_text())
             for li in boards[1].select("li")]  # fmt: skip
    assert stars == [("1", "张建国", "五星"), ("2", "李美华", "一星"), ("3", "赵德明", "未满一星")]
    assert boards[1].select_one("a")["href"] == "../teams/leifeng/"
    assert [li.get_text(strip=True) for li in page.select("ul.wm-vol-levels li")] == [
        "五星 1 人",
        "一星 1 人",
    ]


def test_home_block_shows_the_headline_figures(make_site):
    built = build(make_site)
    home = soup(built, "index.html")
    block = home.select_one("section.wm-home-block[aria-label=志愿服务]")
    assert block.h2.get_text() == "志愿服务"
    figures = figure_texts(block)
    assert figures["注册志愿者"] == f"{sum(t['members'] for t in TEAMS.values())} 人"
    assert [a["href"] for a in block.select(".wm-more a")] == ["volunteers/", "volunteers/leaderboard/"]


def test_directory_is_paginated_and_only_index_and_leaderboard_are_in_nav(make_site):
    built = build(make_site, per_page=2)
    first = soup(built, "volunteers/index.html")
    assert len(first.select(".wm-vol-card")) == 2
    assert [a["href"] for a in first.select("nav.wm-pager a")] == ["page/2/", "page/2/"]
    second = soup(built, "volunteers/page/2/index.html")
    assert [a.get_text(strip=True) for a in second.select(".wm-vol-card h3 a")] == [TEAMS["wenyi"]["name"]]
    assert not second.select("dl.wm-vol-figures")  # headline figures on page 1 only
    nav = [a["href"] for a in first.select("nav.md-nav--primary a.md-nav__link[href]")]
    assert "./" in nav or "../volunteers/" in nav or "." in nav
    assert any(href.endswith("leaderboard/") for href in nav)
    assert not [href for href in nav if "teams/" in href or "type/" in href or "page/" in href]


def test_mobile_number_in_contact_warns_and_is_not_published(make_site):
    leifeng = {**TEAMS["leifeng"], "contact": "张队长 13905718823"}
    built = make_site(files(leifeng=leifeng), plugins=volunteer_plugins())
    assert built.error is None  # the team is published, without its contact
    assert own_warnings(built) == [
        "wenming: content/data/teams/leifeng.yml:5: contact 含有手机号 13*******23：contact 会公开显示，"
        "个人手机号请移到 private: 下（例如 private: {leader_phone: ...}），contact 只写办公电话或地点；改正前网页上不显示联系方式"
    ]
    page = soup(built, "volunteers/teams/leifeng/index.html")
    assert "联系方式" not in page.get_text() and "13905718823" not in built.read(
        "volunteers/teams/leifeng/index.html"
    )
    assert "wenming: 志愿服务：3 支队伍，10 条服务记录，生成 12 个页面，1 个问题" in built.infos
    strict = make_site(files(leifeng=leifeng), strict=True, plugins=volunteer_plugins())
    assert strict.error is not None


BLOG = {"blog": {"blog_dir": "news", "post_url_format": "{date}/{file}", "post_url_date_format": "yyyy/MM"}}
POST = "---\ndate: {date}\n{team}---\n\n# {title}\n\n正文。\n"


def test_news_credited_to_the_team_are_listed_and_unknown_teams_reported(make_site):
    news = {
        "content/news/index.md": "# 新闻动态\n",
        "content/news/posts/a.md": POST.format(
            date="2026-03-06", team="team: leifeng\n", title="学雷锋日集中服务"
        ),
        "content/news/posts/b.md": POST.format(date="2026-11-15", team="team: leifeng\n", title="冬季送温暖"),
        "content/news/posts/c.md": POST.format(date="2026-10-01", team="", title="国庆升旗"),
        "content/news/posts/d.md": POST.format(date="2026-10-02", team="team: no-such-team\n", title="无名"),
    }
    built = make_site({**files(), **news}, plugins=volunteer_plugins(BLOG))
    assert built.error is None
    page = soup(built, "volunteers/teams/leifeng/index.html")
    items = page.find("h2", id="wm-vol-news").parent.select("li")
    assert [(li.time["datetime"], li.a.get_text(strip=True), li.a["href"]) for li in items] == [
        ("2026-11-15", "冬季送温暖", "../../../news/2026/11/b/"),
        ("2026-03-06", "学雷锋日集中服务", "../../../news/2026/03/a/"),
    ]
    assert not soup(built, "volunteers/teams/dangyuan/index.html").find("h2", id="wm-vol-news")
    assert own_warnings(built) == [
        "wenming: content/news/posts/d.md:3: team 'no-such-team' 不是已登记的志愿服务队 id（见 content/data/teams/）"
    ]


EVENT = "title: {title}\nkind: 志愿服务\ndate: {date}\nlocation: 社区广场\norganizer: {organizer}\n{extra}"


def test_events_the_team_organizes_come_from_the_events_section(make_site):
    events = {
        "content/data/events/a.yml": EVENT.format(
            title="冬季便民集市", date="2026-12-12", organizer="leifeng", extra=""
        ),
        "content/data/events/b.yml": EVENT.format(
            title="重阳理发", date="2026-10-29", organizer="leifeng", extra="status: done\n"
        ),
        "content/data/events/c.yml": EVENT.format(
            title="元旦联欢", date="2026-12-31", organizer="leifeng", extra="status: cancelled\n"
        ),
        "content/data/events/d.yml": EVENT.format(
            title="党课", date="2026-12-01", organizer="dangyuan", extra=""
        ),
    }
    plugins = volunteer_plugins()
    plugins.insert(plugins.index("wenming-volunteers"), "wenming-events")
    built = make_site({**files(), **events}, plugins=plugins)
    assert built.error is None, built.warnings
    section = soup(built, "volunteers/teams/leifeng/index.html").find("h2", id="wm-vol-events").parent
    groups = {h3.get_text(): h3.find_next("ul") for h3 in section.select("h3")}
    assert [li.a.get_text(strip=True) for li in groups["即将举行"].select("li")] == [
        "冬季便民集市",
        "元旦联欢",
    ]
    assert groups["即将举行"].select("li")[1].select_one(".wm-vol-cancelled").get_text() == "已取消"
    assert groups["即将举行"].select_one("time").get_text() == "2026年12月12日 星期六"
    assert [li.a.get_text(strip=True) for li in groups["最近举办"].select("li")] == ["重阳理发"]
    for link in section.select("a"):
        assert (built.site / "volunteers/teams/leifeng" / link["href"] / "index.html").resolve().is_file()
    # Without the events plugin there is no events section at all.
    without = make_site({**files(), **events}, plugins=volunteer_plugins())
    assert not soup(without, "volunteers/teams/leifeng/index.html").find("h2", id="wm-vol-events")


def test_disabled_plugin_adds_no_pages(make_site):
    built = make_site(files(), strict=True, plugins=volunteer_plugins(enabled=False))
    assert built.error is None
    assert not [path for path in built.outputs() if path.startswith("volunteers/")]
    assert not soup(built, "index.html").select("section.wm-home-block[aria-label=志愿服务]")
