"""Volunteer figures: person-hours, the 20-hour target, star levels, station scores, leaderboards, charts."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from wenming.core.charts import Bar, bar_chart_svg, nice_scale
from wenming.core.schemas import CHECKLIST_KEYS, Checklist, ServiceRecord, Team
from wenming.core.volunteers import (
    HOURS_TARGET,
    STAR_LEVELS,
    TYPE_SLUGS,
    MonthValue,
    community_figures,
    format_hours,
    hours_per_member,
    month_series,
    monthly_chart,
    monthly_summary,
    newest_first,
    next_star_level,
    person_hours,
    person_hours_by_month,
    person_hours_by_year,
    ranked,
    star_board,
    star_figures,
    star_level,
    station_score,
    team_figures,
    year_figures,
)

TODAY = dt.date(2026, 11, 23)
SVG = "{http://www.w3.org/2000/svg}"


def service(day: str, hours: float, volunteers: int, title: str = "服务") -> ServiceRecord:
    return ServiceRecord(date=day, title=title, hours=hours, volunteers=volunteers)


def team(members: int = 10, records: list[ServiceRecord] | None = None, **fields: object) -> Team:
    data: dict[str, object] = {"name": "测试队", "type": "学雷锋", "leader": "张三", "members": members}
    data.update(fields)
    return Team.model_validate({**data, "records": [r.model_dump() for r in records or []]})


# --- person-hours -------------------------------------------------------------------------------


def test_person_hours_is_the_sum_of_hours_times_volunteers():
    records = [service("2026-01-05", 2.5, 12), service("2026-02-01", 3, 5), service("2025-12-31", 0.5, 1)]
    assert person_hours(records) == 2.5 * 12 + 3 * 5 + 0.5 * 1
    assert person_hours([]) == 0


def test_person_hours_per_year_and_per_month():
    records = [service("2026-01-05", 2, 10), service("2026-01-20", 1.5, 4), service("2025-12-31", 3, 3)]
    assert person_hours_by_year(records) == {2026: 2 * 10 + 1.5 * 4, 2025: 3 * 3}
    assert person_hours_by_month(records) == {(2026, 1): 2 * 10 + 1.5 * 4, (2025, 12): 3 * 3}


def test_hours_per_member_is_person_hours_over_registered_members():
    assert hours_per_member(300, 12) == 25
    assert hours_per_member(0, 5) == 0
    assert hours_per_member(10, 0) == 0


def test_month_series_ends_with_the_build_month_and_crosses_the_year():
    series = month_series({(2025, 12): 60.0, (2026, 2): 7.5}, dt.date(2026, 3, 1), 4)
    assert [(item.year, item.month, item.value) for item in series] == [
        (2025, 12, 60.0),
        (2026, 1, 0.0),
        (2026, 2, 7.5),
        (2026, 3, 0.0),
    ]
    assert series[0].label == "2025年12月"


def test_year_figures_newest_first_with_services_and_participations():
    records = [service("2025-03-01", 2, 10), service("2026-01-01", 1, 4), service("2026-05-01", 3, 6)]
    years = year_figures(records)
    assert [(y.year, y.services, y.participations, y.person_hours) for y in years] == [
        (2026, 2, 4 + 6, 1 * 4 + 3 * 6),
        (2025, 1, 10, 2 * 10),
    ]
    assert years[0].per_member(11) == (1 * 4 + 3 * 6) / 11


def test_team_figures_this_year_against_the_target():
    records = [
        service("2026-03-05", 3, 30),  # 90
        service("2026-11-20", 2.5, 20),  # 50
        service("2025-10-01", 4, 25),  # 100, last year
    ]
    figures = team_figures(team(members=7, records=records), TODAY)
    assert figures.person_hours == 240
    assert figures.person_hours_this_year == 140
    assert figures.per_member_this_year == 140 / 7
    assert figures.target == HOURS_TARGET == 20
    assert figures.target_reached  # exactly 20 hours per member
    assert figures.target_percent == 100
    assert figures.services == 3 and figures.services_this_year == 2
    assert figures.latest == dt.date(2026, 11, 20)
    assert [month.value for month in figures.months][-9:] == [90, 0, 0, 0, 0, 0, 0, 0, 50]

    below = team_figures(team(members=8, records=records), TODAY)
    assert below.per_member_this_year == 140 / 8
    assert not below.target_reached
    assert below.target_percent == int(100 * (140 / 8) / 20)


def test_team_without_records_or_station():
    figures = team_figures(team(), TODAY)
    assert figures.person_hours == figures.person_hours_this_year == 0
    assert figures.latest is None and figures.years == [] and figures.station is None
    assert figures.target_percent == 0


def test_community_figures_add_up_all_teams():
    a = team(members=100, records=[service("2026-01-01", 2, 50), service("2025-01-01", 1, 10)])
    b = team(members=50, records=[service("2026-06-01", 5, 10)])
    figures = community_figures([a, b], TODAY)
    assert figures.teams == 2
    assert figures.volunteers == 150
    assert figures.person_hours_this_year == 2 * 50 + 5 * 10
    assert figures.person_hours == 2 * 50 + 1 * 10 + 5 * 10
    assert figures.per_member_this_year == (2 * 50 + 5 * 10) / 150
    assert figures.services_this_year == 2
    assert len(figures.months) == 12 and figures.months[-1].label == "2026年11月"


# --- star levels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "level"),
    [
        (0, None),
        (99.5, None),
        (100, "一星"),
        (299.9, "一星"),
        (300, "二星"),
        (599.5, "二星"),
        (600, "三星"),
        (999.9, "三星"),
        (1000, "四星"),
        (1499.5, "四星"),
        (1500, "五星"),
        (4000, "五星"),
    ],
)
def test_star_levels_start_exactly_at_their_thresholds(hours, level):
    found = star_level(hours)
    assert (found.name if found else None) == level


def test_star_thresholds_and_the_next_level():
    assert [(level.stars, level.name, level.threshold) for level in STAR_LEVELS] == [
        (1, "一星", 100), (2, "二星", 300), (3, "三星", 600), (4, "四星", 1000), (5, "五星", 1500),
    ]  # fmt: skip
    assert next_star_level(99).name == "一星"
    assert next_star_level(100).name == "二星"
    assert next_star_level(1500) is None
    star = star_figures("李美华", 612)
    assert star.level.name == "三星" and star.next_level.name == "四星" and star.hours_to_next == 388
    assert star_figures("张建国", 1623.5).hours_to_next is None


# --- station ------------------------------------------------------------------------------------


def test_station_score_names_the_nine_items_in_order():
    score = station_score(Checklist(**dict.fromkeys(CHECKLIST_KEYS, True)))
    assert [item.name for item in score.items] == [
        "有固定场所", "有负责人", "有志愿服务队伍", "有服务项目", "有活动计划/时间",
        "有标识标牌", "有管理制度", "有宣传阵地", "有服务记录",
    ]  # fmt: skip
    assert [item.key for item in score.items] == [
        "fixed_site", "person_in_charge", "team", "projects", "schedule", "signage", "rules", "publicity", "records",
    ]  # fmt: skip
    assert (score.score, score.total, str(score), score.complete) == (9, 9, "9/9", True)


def test_station_score_counts_true_items_and_missing_ones_as_not_done():
    score = station_score(Checklist(fixed_site=True, team=True, records=False, signage=True))
    assert str(score) == "3/9" and not score.complete
    assert [item.key for item in score.items if item.done] == ["fixed_site", "team", "signage"]
    assert str(station_score(Checklist())) == "0/9"


def test_team_figures_carry_the_station_score():
    figures = team_figures(
        team(station={"location": "服务站", "checklist": {"fixed_site": True, "rules": True}}), TODAY
    )
    assert str(figures.station) == "2/9"


# --- leaderboards -------------------------------------------------------------------------------


def test_ranked_gives_equal_values_the_same_rank():
    rows = ranked(
        [("乙", 5.0), ("甲", 9.0), ("丙", 5.0), ("丁", 1.0)], lambda row: row[1], lambda row: row[0]
    )
    assert [(entry.rank, entry.item[0]) for entry in rows] == [(1, "甲"), (2, "丙"), (2, "乙"), (4, "丁")]


def test_star_board_ranks_every_teams_stars_by_hours():
    a = team(stars=[{"name": "张三", "hours": 100}, {"name": "李四", "hours": 1500}])
    b = team(name="第二队", stars=[{"name": "王五", "hours": 99}])
    board = star_board([("a", a), ("b", b)])
    assert [
        (e.rank, e.item.name, e.item.team_id, e.item.level.name if e.item.level else None) for e in board
    ] == [
        (1, "李四", "a", "五星"),
        (2, "张三", "a", "一星"),
        (3, "王五", "b", None),
    ]
    assert board[2].item.team_name == "第二队"


def test_newest_first_keeps_file_order_within_a_day():
    records = [
        service("2026-01-01", 1, 1, "甲"),
        service("2026-03-01", 1, 1, "乙"),
        service("2026-03-01", 1, 1, "丙"),
    ]
    assert [record.title for record in newest_first(records)] == ["乙", "丙", "甲"]


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (32.5, "32.5"), (1234, "1,234"), (13141.0, "13,141"), (2.26, "2.3"), (99.96, "100")],
)
def test_hours_are_written_with_one_decimal_at_most(value, text):
    assert format_hours(value) == text


def test_every_type_has_a_slug():
    assert TYPE_SLUGS == {
        "学雷锋": "xueleifeng", "党员": "dangyuan", "青年": "qingnian", "巾帼": "jinguo",
        "文化": "wenhua", "网络文明传播": "wangluo", "其他": "qita",
    }  # fmt: skip


# --- charts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "top", "step"),
    [(0, 4, 1), (3, 3, 1), (157, 200, 50), (851.5, 1000, 250), (12, 15, 5), (0.7, 0.8, 0.2)],
)
def test_axis_steps_are_round_numbers(maximum, top, step):
    found_top, found_step = nice_scale(maximum)
    assert found_top == pytest.approx(top) and found_step == pytest.approx(step)
    assert found_top >= maximum


def test_bar_chart_is_self_contained_accessible_svg():
    bars = [
        Bar("12", "2025年12月", 60, "2025年"),
        Bar("1", "2026年1月", 0, "2026年"),
        Bar("2", "2026年2月", 121.5),
    ]
    svg = bar_chart_svg(bars, "<队>每月服务时长 & 图", "人·小时", "wm-chart-t", "合计 181.5 人·小时")
    root = ET.fromstring(svg)  # well-formed XML, with the team name escaped
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "wm-chart-t-title wm-chart-t-desc"
    assert root.find(f"{SVG}title").text == "<队>每月服务时长 & 图"
    assert root.find(f"{SVG}desc").text == "合计 181.5 人·小时"
    assert "<script" not in svg and "href" not in svg and "url(" not in svg
    assert re.findall(r"https?://[^\"'\s<>]+", svg) == ["http://www.w3.org/2000/svg"]
    rects = root.findall(f"{SVG}rect")
    assert [rect.find(f"{SVG}title").text for rect in rects] == [
        "2025年12月：60 人·小时",
        "2026年2月：121.5 人·小时",
    ]
    heights = [float(rect.get("height")) for rect in rects]
    assert heights[1] / heights[0] == pytest.approx(121.5 / 60, rel=0.01)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "2025年" in texts and "2026年" in texts and "人·小时" in texts
    assert bar_chart_svg(bars, "t", "u", "x") == bar_chart_svg(bars, "t", "u", "x")  # same data, same bytes


def test_first_short_year_label_is_right_aligned_so_years_do_not_overlap():
    series = month_series({}, dt.date(2026, 11, 1), 12)
    root = ET.fromstring(monthly_chart(series, "图", "c"))
    groups = [text for text in root.iter(f"{SVG}text") if text.get("class") == "wm-chart-group"]
    assert [text.text for text in groups] == ["2025年", "2026年"]
    assert groups[0].get("text-anchor") == "end"
    assert float(groups[0].get("x")) < float(groups[1].get("x"))


def test_monthly_summary_reads_the_chart_in_one_sentence():
    series = [MonthValue(2026, 1, 10), MonthValue(2026, 2, 32.5), MonthValue(2026, 3, 0)]
    assert monthly_summary(series) == (
        "2026年1月至2026年3月共服务 42.5 人·小时，最多的是2026年2月（32.5 人·小时）。各月数字见图表旁的表格。"
    )
    assert monthly_summary([MonthValue(2026, 1, 0)]) == "2026年1月至2026年1月没有服务记录。"
