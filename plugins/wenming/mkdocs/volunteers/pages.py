"""The 志愿服务 pages: what each one shows, computed once per build from the team records.

URL layout (``use_directory_urls`` decides the final form of each URL)::

    volunteers/                       index: headline figures, chart, type filter, directory
    volunteers/page/2/                more of the directory
    volunteers/type/<slug>/           one type (the no-JavaScript filter), + /page/2/…
    volunteers/teams/<id>/            one team
    volunteers/leaderboard/           服务时长榜
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mkdocs.structure.files import Files

from wenming.core.lastmod import latest_until
from wenming.core.records import Record
from wenming.core.schemas import TEAM_TYPES, ServiceRecord, Team
from wenming.core.volunteers import (
    TYPE_SLUGS,
    CommunityFigures,
    Ranked,
    StarEntry,
    TeamFigures,
    community_figures,
    monthly_chart,
    newest_first,
    ranked,
    star_board,
    team_figures,
)
from wenming.mkdocs.generated import GeneratedPage, GeneratedPages, Pager, escape_markdown_source

from .config import VolunteersConfig

T = TypeVar("T")
SECTION = "volunteers"


def directory_source(type_name: str | None, number: int = 1) -> str:
    """Source path of page ``number`` of a team directory: all teams (the section index) or one type."""
    base = SECTION if type_name is None else f"{SECTION}/type/{TYPE_SLUGS[type_name]}"
    if number > 1:
        return f"{base}/page/{number}.md"
    return f"{SECTION}/index.md" if type_name is None else f"{base}.md"


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The site-relative URL MkDocs gives the page at ``src_uri`` (a ``.md`` path)."""
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass
class TeamView:
    """A team as templates see it: the record's public fields plus its figures and links."""

    # Plain data all through (the record, its figures, strings): the preview's fingerprint pickles
    # it whole instead of walking its thousands of service records one by one.
    __preview_plain__ = True

    id: str
    data: Team
    url: str
    type_url: str
    figures: TeamFigures
    contact: str | None  # None when the record's contact holds a personal number
    chart: str = ""  # inline SVG, team pages only
    records_shown: list[ServiceRecord] = field(default_factory=list)
    records_folded: list[tuple[int, list[ServiceRecord]]] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.data, name)


@dataclass(frozen=True)
class TypeLink:
    name: str
    slug: str
    url: str
    count: int


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` in pages of ``size``; always at least one (possibly empty) page."""
    size = max(size, 1)
    return [list(items[start : start + size]) for start in range(0, len(items), size)] or [[]]


def fold_by_year(records: Sequence[ServiceRecord]) -> list[tuple[int, list[ServiceRecord]]]:
    groups: list[tuple[int, list[ServiceRecord]]] = []
    for record in records:
        if not groups or groups[-1][0] != record.date.year:
            groups.append((record.date.year, []))
        groups[-1][1].append(record)
    return groups


class VolunteerSite:
    """Builds every 志愿服务 page of one build and keeps what the templates need."""

    def __init__(
        self,
        records: Sequence[Record[Team]],
        today: dt.date,
        options: VolunteersConfig,
        use_directory_urls: bool,
        hidden_contacts: set[str],
    ) -> None:
        self.today = today
        self.options = options
        self.directory_urls = use_directory_urls
        target, months = float(options.target_hours), options.chart_months
        self.teams: list[TeamView] = []
        for record in sorted(records, key=lambda item: (TEAM_TYPES.index(item.data.type), item.id)):
            team = record.data
            self.teams.append(
                TeamView(
                    id=record.id,
                    data=team,
                    url=self.url(f"{SECTION}/teams/{record.id}.md"),
                    type_url=self.type_url(team.type),
                    figures=team_figures(team, today, target, months),
                    contact=None if record.id in hidden_contacts else team.contact,
                )
            )
        self.by_id = {team.id: team for team in self.teams}
        self.community: CommunityFigures = community_figures(
            [team.data for team in self.teams], today, target, months
        )
        self.pages = GeneratedPages()

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.directory_urls)

    def type_url(self, type_name: str) -> str:
        return self.url(directory_source(type_name))

    @property
    def index_url(self) -> str:
        return self.url(directory_source(None))

    @property
    def leaderboard_url(self) -> str:
        return self.url(f"{SECTION}/leaderboard.md")

    def type_links(self) -> list[TypeLink]:
        return [
            TypeLink(name, slug, self.type_url(name), sum(team.type == name for team in self.teams))
            for name, slug in TYPE_SLUGS.items()
        ]

    def build(self) -> GeneratedPages:
        self._directory(None, self.teams)
        for type_name in TEAM_TYPES:
            self._directory(type_name, [team for team in self.teams if team.type == type_name])
        for team in self.teams:
            self._team_page(team)
        self._leaderboard()
        return self.pages

    def _directory(self, type_name: str | None, teams: list[TeamView]) -> None:
        """One directory (all teams, or one type), paginated; page 1 of "all" is the section index."""
        pages = chunks(teams, self.options.per_page)
        sources = tuple(directory_source(type_name, number) for number in range(1, len(pages) + 1))
        if type_name is None:
            title = "志愿服务"
            figures = self.community
            chart = monthly_chart(figures.months, "全社区每月志愿服务时长", "wm-chart-community")
        else:
            title = f"{type_name}志愿服务队"
            figures = community_figures(
                [team.data for team in teams], self.today, float(self.options.target_hours), 0
            )
            chart = ""
        links = self.type_links()
        for number, slice_ in enumerate(pages, start=1):
            self.pages.add(
                GeneratedPage(
                    src_uri=sources[number - 1],
                    title=title if number == 1 else f"{title}（第{number}页）",
                    template=f"{SECTION}/index.html",
                    in_nav=type_name is None and number == 1,
                    search="summary" if number == 1 else False,
                    meta={"description": _directory_description(type_name, figures)},
                    context={
                        "volunteers": {
                            "kind": "directory",
                            "type_name": type_name,
                            "figures": figures,
                            "chart": chart if number == 1 else "",
                            "teams": slice_,
                            "total": len(teams),
                            "types": links,
                            "index_url": self.index_url,
                            "leaderboard_url": self.leaderboard_url,
                            "pager": Pager(number, sources),
                        }
                    },
                )
            )

    def _team_page(self, team: TeamView) -> None:
        records = newest_first(team.data.records)
        shown = max(self.options.records_shown, 1)
        team.records_shown = records[:shown]
        team.records_folded = fold_by_year(records[shown:])
        team.chart = monthly_chart(team.figures.months, f"{team.name}每月志愿服务时长", f"wm-chart-{team.id}")
        self.pages.add(
            GeneratedPage(
                src_uri=f"{SECTION}/teams/{team.id}.md",
                title=team.name,
                template=f"{SECTION}/team.html",
                body=escape_markdown_source(team.description or ""),
                # The sitemap's lastmod: the team's latest service record so far (or its founding).
                meta={"description": _team_description(team),
                      "updated": latest_until([team.data.founded, *(record.date for record in records)], self.today)},
                context={
                    "volunteers": {
                        "kind": "team",
                        "team": team,
                        "index_url": self.index_url,
                        "leaderboard_url": self.leaderboard_url,
                    }
                },
            )
        )

    def _leaderboard(self) -> None:
        size = max(self.options.leaderboard_size, 1)
        active = [team for team in self.teams if team.figures.person_hours_this_year > 0]
        team_board = ranked(active, lambda team: team.figures.person_hours_this_year, lambda team: team.id)
        stars: list[Ranked[StarEntry]] = star_board((team.id, team.data) for team in self.teams)
        levels = [
            (
                level_name,
                sum(1 for entry in stars if entry.item.level and entry.item.level.name == level_name),
            )
            for level_name in ("五星", "四星", "三星", "二星", "一星")
        ]
        self.pages.add(
            GeneratedPage(
                src_uri=f"{SECTION}/leaderboard.md",
                title="服务时长榜",
                template=f"{SECTION}/leaderboard.html",
                in_nav=True,
                meta={"description": f"{self.today.year}年各志愿服务队服务时长排名和志愿服务之星"},
                context={
                    "volunteers": {
                        "kind": "leaderboard",
                        "year": self.today.year,
                        "target": float(self.options.target_hours),
                        "teams": team_board[:size],
                        "teams_total": len(team_board),
                        "idle_teams": len(self.teams) - len(active),
                        "stars": stars[:size],
                        "stars_total": len(stars),
                        "levels": levels,
                        "by_id": self.by_id,
                        "index_url": self.index_url,
                        "types": self.type_links(),
                    }
                },
            )
        )

    def add_to(self, files: Files, config: Any) -> None:
        self.pages.add_to(files, config)


def _directory_description(type_name: str | None, figures: CommunityFigures) -> str:
    which = f"{type_name}志愿服务队" if type_name else "社区各志愿服务队"
    return f"{which}：{figures.teams}支队伍，注册志愿者{figures.volunteers}人。"


def _team_description(team: TeamView) -> str:
    text = f"{team.name}（{team.type}），注册队员{team.members}人"
    if team.services:
        text += "，服务领域：" + "、".join(team.services)
    return text + "。"
