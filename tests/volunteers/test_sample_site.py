"""The sample portal's 志愿服务 section (14 teams, 500+ service records), checked against figures
computed here straight from the YAML files."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import BUILD_DATE, REPO
from tests.volunteers.conftest import own_warnings, soup
from wenming.core.volunteers import TYPE_SLUGS, format_hours

TEAM_FILES = sorted((REPO / "content/data/teams").glob("*.yml"))
YEAR = int(BUILD_DATE[:4])


def raw_teams() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in TEAM_FILES}


def hours(team: dict, year: int | None = None) -> float:
    return sum(
        r["hours"] * r["volunteers"]
        for r in team.get("records", [])
        if year is None or r["date"].year == year
    )


def test_sample_data_covers_every_type_with_hundreds_of_records():
    teams = raw_teams()
    assert len(teams) >= 12
    assert {team["type"] for team in teams.values()} == set(TYPE_SLUGS)
    assert sum(len(team.get("records", [])) for team in teams.values()) >= 300
    assert {r["date"].year for team in teams.values() for r in team.get("records", [])} >= {YEAR - 1, YEAR}
    star_hours = {star["hours"] for team in teams.values() for star in team.get("stars", [])}
    assert {100, 1500} <= star_hours  # thresholds hit exactly


def test_sample_builds_without_volunteer_warnings_and_accounts_for_every_record(sample_volunteers_site):
    built = sample_volunteers_site
    assert own_warnings(built) == []
    teams = raw_teams()
    records = sum(len(team.get("records", [])) for team in teams.values())
    assert any(
        message.startswith(f"wenming: 志愿服务：{len(teams)} 支队伍，{records} 条服务记录，")
        and message.endswith("，0 个问题")
        for message in built.infos
    )


def test_index_figures_match_the_yaml(sample_volunteers_site):
    teams = raw_teams()
    page = soup(sample_volunteers_site, "volunteers/index.html")
    figures = {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in page.select(".wm-vol-figure")
    }
    members = sum(team["members"] for team in teams.values())
    this_year = sum(hours(team, YEAR) for team in teams.values())
    assert figures["志愿服务队"] == f"{len(teams)} 支"
    assert figures["注册志愿者"] == f"{members} 人"
    assert figures[f"{YEAR}年服务时长"] == f"{format_hours(this_year)} 人·小时"
    assert figures["累计服务时长"] == f"{format_hours(sum(hours(team) for team in teams.values()))} 人·小时"
    assert figures[f"{YEAR}年人均服务时长（每位注册志愿者）"].startswith(
        f"{format_hours(this_year / members)} 小时，目标 20 小时"
    )


def test_every_team_and_type_has_its_page(sample_volunteers_site):
    site = sample_volunteers_site.site
    teams = raw_teams()
    for team_id, team in teams.items():
        page = soup(sample_volunteers_site, f"volunteers/teams/{team_id}/index.html")
        assert page.h1.get_text(strip=True) == team["name"]
    for type_name, slug in TYPE_SLUGS.items():
        listed = {
            a["href"].split("/")[-2]
            for a in soup(sample_volunteers_site, f"volunteers/type/{slug}/index.html").select(
                ".wm-vol-card h3 a"
            )
        }
        assert listed == {team_id for team_id, team in teams.items() if team["type"] == type_name}
    assert "wangluo-wenming" in {
        a["href"].split("/")[-2]
        for a in soup(sample_volunteers_site, "volunteers/type/wangluo/index.html").select(
            ".wm-vol-card h3 a"
        )
    }
    assert (site / "volunteers/leaderboard/index.html").is_file()


def test_stars_at_exactly_100_and_1500_hours(sample_volunteers_site):
    board = soup(sample_volunteers_site, "volunteers/leaderboard/index.html").select("ol.wm-vol-board")[1]
    levels = {}
    for li in board.select("li"):
        hours_text = li.select_one(".wm-vol-board__figures strong").get_text()
        levels.setdefault(hours_text, set()).add(li.select_one(".wm-vol-level").get_text())
    assert levels["100"] == {"一星"} and levels["1,500"] == {"五星"}


def test_long_record_lists_fold_and_news_are_credited(sample_volunteers_site):
    teams = raw_teams()
    longest = max(teams, key=lambda team_id: len(teams[team_id].get("records", [])))
    assert len(teams[longest]["records"]) > 50
    page = soup(sample_volunteers_site, f"volunteers/teams/{longest}/index.html")
    shown = page.find("h2", id="wm-vol-records").parent.select("table.wm-vol-records")[0].select("tbody tr")
    folded = page.select("details.wm-vol-more tbody tr")
    assert (len(shown), len(shown) + len(folded)) == (50, len(teams[longest]["records"]))
    news = soup(sample_volunteers_site, "volunteers/teams/wangluo-wenming/index.html").find(
        "h2", id="wm-vol-news"
    )
    assert news is not None and news.parent.select("li a")


def test_no_volunteer_page_needs_javascript_or_another_origin_for_its_charts(sample_volunteers_site):
    pages = sorted(Path(sample_volunteers_site.site, "volunteers").rglob("index.html"))
    assert len(pages) >= len(TEAM_FILES) + len(TYPE_SLUGS) + 2
    charts = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for svg in re.findall(r"<svg[^>]*class=\"wm-chart\".*?</svg>", html, flags=re.S):
            charts += 1
            assert "<script" not in svg and "href" not in svg
            assert re.findall(r"https?://[^\"'\s<>]+", svg) == ["http://www.w3.org/2000/svg"], path
    assert charts == len(TEAM_FILES) + 1  # every team page and the index


def test_a_star_above_the_team_total_is_explained_on_the_page(sample_volunteers_site):
    # 张建国's 1,623.5 hours are more than the 学雷锋 team's recorded 1,552.5 person-hours: stars'
    # hours are a person's whole service, including years before the site's records began.
    team = raw_teams()["xueleifeng"]
    assert max(star["hours"] for star in team["stars"]) > hours(team)
    page = soup(sample_volunteers_site, "volunteers/teams/xueleifeng/index.html")
    section = page.find("h2", id="wm-vol-stars").parent
    note = section.select_one("p.wm-vol-note").get_text()
    first = min(record["date"] for record in team["records"])
    assert note == (
        f"累计时长是志愿者本人历年的全部志愿服务时长，包括本站从 {first.year}年{first.month}月开始登记服务记录之前的服务，"
        "所以可以多于上面服务记录的合计。"
    )
    assert "1,623.5" in section.get_text() and format_hours(hours(team)) == "1,552.5"
