"""Checks across records (a team id named by an event or a submission, a news post named by an
event) and warnings on single records, so that `wenming check` reports everything a build would.

The section plugins call the same functions when they build their pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .events import RESERVED_EVENT_IDS, looks_like_id, reserved_id_message, resolve_date, unknown_team_message
from .news_posts import post_file_name
from .problems import Problem
from .records import Record
from .rules import event_warnings, star_hours_warnings, team_warnings
from .site_data import SiteData


def organizer_problem(record: Record[Any], team_ids: Iterable[str]) -> Problem | None:
    """An organizer written like a team id must be a known team."""
    organizer = record.data.organizer
    known = set(team_ids)
    if looks_like_id(organizer) and organizer not in known:
        return record.source.problem(("organizer",), unknown_team_message(organizer, known), "organizer")
    return None


def report_missing_message(report: str) -> str:
    return f"report '{report}' 不存在：应为 content/ 下的新闻文章路径，例如 news/posts/2026-09-zhongqiu.md"


def report_problem(record: Record[Any], docs_dir: Path, generated: Iterable[str] = ()) -> Problem | None:
    """``report`` must name a news post: a Markdown file under content/, or one of ``generated``
    (posts made at build time, such as approved submissions)."""
    report = record.data.report
    if report and report.strip().lstrip("/") not in set(generated) and not _is_markdown_file(docs_dir, report):
        return record.source.problem(("report",), report_missing_message(report), "report")
    return None


def team_problem(record: Record[Any], teams: Mapping[str, Any]) -> Problem | None:
    """A submission's ``team`` must be a known team id."""
    team = record.data.team
    if team and team not in teams:
        return record.source.problem(("team",), f"team '{team}' 不是已登记的志愿服务队 id（见 content/data/teams/）", "team")
    return None


def cross_checks(site: SiteData, docs_dir: Path, posts_dir: str = "news/posts") -> list[Problem]:
    """Every cross-record problem and record warning of the loaded site, in file order."""
    teams = site["teams"].by_id
    submission_posts = [f"{posts_dir}/{post_file_name(record.id)}" for record in site["submissions"].records]
    found: list[Problem | None] = []
    for event in site["events"].records:
        found += [organizer_problem(event, teams), report_problem(event, docs_dir, submission_posts)]
        if event.id in RESERVED_EVENT_IDS:
            found.append(Problem(event.source.display, None, reserved_id_message(event.id), "id"))
        found += [event.source.problem(v.loc, v.message, "title") for v in event_warnings(event.data)]
    for submission in site["submissions"].records:
        found.append(team_problem(submission, teams))
    for team in site["teams"].records:
        found += [team.source.problem(v.loc, v.message, "contact") for v in team_warnings(team.data)]
        found += [team.source.problem(v.loc, v.message, "stars") for v in star_hours_warnings(team.data)]
    return sorted((problem for problem in found if problem), key=lambda p: (p.file, p.line or 0))


def reminders(site: SiteData) -> list[Problem]:
    """Things probably out of date that do not stop publishing: a past event still 计划中 (the
    site shows it under 往期活动 as 已举办). Each says how to make it go away."""
    found = []
    for event in site["events"].records:
        day = resolve_date(event.data)
        if event.data.status == "planned" and day < site.build_date:
            found.append(
                event.source.problem(
                    ("status",) if "status" in event.key_lines else ("title",),
                    f"status（状态） 还是 planned（计划中），但活动日期 {day} 已经过去：办完了请写 status: done（已举办），"
                    "取消了请写 status: cancelled（已取消）；改了之后这条提醒就不再出现",
                    "status",
                )
            )
    return found


def _is_markdown_file(docs_dir: Path, path: str) -> bool:
    target = (docs_dir / path.strip().lstrip("/")).resolve()
    try:
        target.relative_to(docs_dir.resolve())
    except ValueError:
        return False
    return target.suffix == ".md" and target.is_file()
