"""Volunteer figures: person-hours, the yearly 20-hour target, star levels, station scores, leaderboards.

Plain functions over the team schema, so that the site, the CLI and any later engine compute the
same figures. A *person-hour* (人·小时) is one volunteer serving one hour: a service record of
2.5 hours with 12 volunteers counts 30 person-hours.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .charts import Bar, bar_chart_svg
from .schemas import CHECKLIST_NAMES, TEAM_TYPES, Checklist, ServiceRecord, Station, Team

T = TypeVar("T")

HOURS_TARGET = 20.0  # hours per registered volunteer per year (志愿者年均服务时长目标)

# URL slugs of the team types, in the order the directory shows them.
TYPE_SLUGS: dict[str, str] = {
    "学雷锋": "xueleifeng",
    "党员": "dangyuan",
    "青年": "qingnian",
    "巾帼": "jinguo",
    "文化": "wenhua",
    "网络文明传播": "wangluo",
    "其他": "qita",
}
assert tuple(TYPE_SLUGS) == TEAM_TYPES


@dataclass(frozen=True)
class StarLevel:
    """A 志愿服务之星 level, reached at ``threshold`` cumulative hours (inclusive)."""

    stars: int
    name: str
    threshold: float


STAR_LEVELS = (
    StarLevel(1, "一星", 100),
    StarLevel(2, "二星", 300),
    StarLevel(3, "三星", 600),
    StarLevel(4, "四星", 1000),
    StarLevel(5, "五星", 1500),
)


def star_level(hours: float) -> StarLevel | None:
    """The level reached with ``hours`` cumulative hours; None below 100 hours."""
    reached = None
    for level in STAR_LEVELS:
        if hours >= level.threshold:
            reached = level
    return reached


def next_star_level(hours: float) -> StarLevel | None:
    """The next level to reach; None at 五星."""
    return next((level for level in STAR_LEVELS if hours < level.threshold), None)


def format_hours(value: float) -> str:
    """Hours as people write them: ``1,234``, ``32.5`` (one decimal at most, thousands separated)."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


def person_hours(records: Iterable[ServiceRecord]) -> float:
    """Σ hours × volunteers."""
    return math.fsum(record.hours * record.volunteers for record in records)


def person_hours_by_year(records: Iterable[ServiceRecord]) -> dict[int, float]:
    years: dict[int, list[float]] = defaultdict(list)
    for record in records:
        years[record.date.year].append(record.hours * record.volunteers)
    return {year: math.fsum(values) for year, values in years.items()}


def person_hours_by_month(records: Iterable[ServiceRecord]) -> dict[tuple[int, int], float]:
    months: dict[tuple[int, int], list[float]] = defaultdict(list)
    for record in records:
        months[(record.date.year, record.date.month)].append(record.hours * record.volunteers)
    return {month: math.fsum(values) for month, values in months.items()}


def hours_per_member(total_person_hours: float, members: int) -> float:
    """Average hours per registered volunteer (0 when there are no members)."""
    return total_person_hours / members if members > 0 else 0.0


@dataclass(frozen=True)
class MonthValue:
    year: int
    month: int
    value: float

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def month_series(by_month: Mapping[tuple[int, int], float], end: dt.date, months: int) -> list[MonthValue]:
    """The ``months`` calendar months ending with ``end``'s month, oldest first; empty months are 0."""
    series: list[MonthValue] = []
    year, month = end.year, end.month
    for _ in range(months):
        series.append(MonthValue(year, month, by_month.get((year, month), 0.0)))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return series[::-1]


@dataclass(frozen=True)
class StationItem:
    key: str
    name: str
    done: bool


@dataclass(frozen=True)
class StationScore:
    """The "九个有" of a station: each item with its Chinese name, and the score n/9."""

    items: tuple[StationItem, ...]

    @property
    def score(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def complete(self) -> bool:
        return self.score == self.total

    def __str__(self) -> str:
        return f"{self.score}/{self.total}"


def station_score(checklist: Checklist) -> StationScore:
    return StationScore(
        tuple(StationItem(key, name, bool(getattr(checklist, key))) for key, name in CHECKLIST_NAMES.items())
    )


@dataclass(frozen=True)
class YearFigures:
    year: int
    services: int  # service records
    participations: int  # Σ volunteers (服务人次)
    person_hours: float

    def per_member(self, members: int) -> float:
        return hours_per_member(self.person_hours, members)


def year_figures(records: Sequence[ServiceRecord]) -> list[YearFigures]:
    """One row per year with records, newest year first."""
    grouped: dict[int, list[ServiceRecord]] = defaultdict(list)
    for record in records:
        grouped[record.date.year].append(record)
    return [
        YearFigures(year, len(rows), sum(row.volunteers for row in rows), person_hours(rows))
        for year, rows in sorted(grouped.items(), reverse=True)
    ]


@dataclass(frozen=True)
class StarFigures:
    name: str
    hours: float
    level: StarLevel | None
    next_level: StarLevel | None

    @property
    def hours_to_next(self) -> float | None:
        return None if self.next_level is None else self.next_level.threshold - self.hours


def star_figures(name: str, hours: float) -> StarFigures:
    return StarFigures(name, hours, star_level(hours), next_star_level(hours))


def newest_first(records: Sequence[ServiceRecord]) -> list[ServiceRecord]:
    """Service records by date, newest first; records of the same day keep their file order."""
    order = sorted(range(len(records)), key=lambda index: (records[index].date, -index), reverse=True)
    return [records[index] for index in order]


class TargetProgress:
    """Hours per registered volunteer this year against the yearly target, for a team or the
    whole community (each says who counts as registered)."""

    person_hours_this_year: float
    target: float

    @property
    def registered(self) -> int:
        raise NotImplementedError

    @property
    def per_member_this_year(self) -> float:
        return hours_per_member(self.person_hours_this_year, self.registered)

    @property
    def target_reached(self) -> bool:
        return self.per_member_this_year >= self.target

    @property
    def target_percent(self) -> int:
        """Progress towards the target in whole percent, capped at 100 (for a progress bar)."""
        return min(100, math.floor(100 * self.per_member_this_year / self.target)) if self.target > 0 else 100


@dataclass(frozen=True)
class TeamFigures(TargetProgress):
    """Everything a team page shows that is computed rather than typed in."""

    year: int  # the build's year ("this year")
    members: int
    target: float
    person_hours: float  # all time
    person_hours_this_year: float
    services: int
    services_this_year: int
    years: list[YearFigures]
    months: list[MonthValue]
    station: StationScore | None
    stars: list[StarFigures]
    latest: dt.date | None
    first: dt.date | None = None  # the first service record: stars' hours may go back before it

    @property
    def registered(self) -> int:
        return self.members


def team_figures(
    team: Team, today: dt.date, target: float = HOURS_TARGET, chart_months: int = 12
) -> TeamFigures:
    records = team.records
    this_year = [record for record in records if record.date.year == today.year]
    stars = sorted(
        (star_figures(star.name, star.hours) for star in team.stars),
        key=lambda star: (-star.hours, star.name),
    )
    return TeamFigures(
        year=today.year,
        members=team.members,
        target=target,
        person_hours=person_hours(records),
        person_hours_this_year=person_hours(this_year),
        services=len(records),
        services_this_year=len(this_year),
        years=year_figures(records),
        months=month_series(person_hours_by_month(records), today, chart_months),
        station=_station(team.station),
        stars=stars,
        latest=max((record.date for record in records), default=None),
        first=min((record.date for record in records), default=None),
    )


def _station(station: Station | None) -> StationScore | None:
    return None if station is None else station_score(station.checklist)


@dataclass(frozen=True)
class CommunityFigures(TargetProgress):
    """The headline figures of all teams together (index page and home block)."""

    year: int
    target: float
    teams: int
    volunteers: int  # registered volunteers: Σ members
    person_hours: float  # all time
    person_hours_this_year: float
    services_this_year: int
    months: list[MonthValue] = field(default_factory=list)

    @property
    def registered(self) -> int:
        return self.volunteers


def community_figures(
    teams: Sequence[Team], today: dt.date, target: float = HOURS_TARGET, chart_months: int = 12
) -> CommunityFigures:
    records = [record for team in teams for record in team.records]
    this_year = [record for record in records if record.date.year == today.year]
    return CommunityFigures(
        year=today.year,
        target=target,
        teams=len(teams),
        volunteers=sum(team.members for team in teams),
        person_hours=person_hours(records),
        person_hours_this_year=person_hours(this_year),
        services_this_year=len(this_year),
        months=month_series(person_hours_by_month(records), today, chart_months),
    )


@dataclass(frozen=True)
class Ranked(Generic[T]):
    rank: int
    item: T


def ranked(items: Iterable[T], value: Callable[[T], float], tie: Callable[[T], str]) -> list[Ranked[T]]:
    """Items by ``value``, highest first, with competition ranks (1, 2, 2, 4); ``tie`` orders equals."""
    ordered = sorted(items, key=lambda item: (-value(item), tie(item)))
    result: list[Ranked[T]] = []
    for position, item in enumerate(ordered, start=1):
        same = bool(result) and math.isclose(value(result[-1].item), value(item))
        result.append(Ranked(result[-1].rank if same else position, item))
    return result


@dataclass(frozen=True)
class StarEntry:
    """A 志愿服务之星 on the community leaderboard, with the team they serve in."""

    name: str
    hours: float
    level: StarLevel | None
    team_id: str
    team_name: str


def star_board(teams: Iterable[tuple[str, Team]]) -> list[Ranked[StarEntry]]:
    """Every team's stars by cumulative hours, highest first."""
    entries = [
        StarEntry(star.name, star.hours, star_level(star.hours), team_id, team.name)
        for team_id, team in teams
        for star in team.stars
    ]
    return ranked(entries, lambda entry: entry.hours, lambda entry: f"{entry.name}\0{entry.team_id}")


PERSON_HOURS = "人·小时"


def monthly_chart(series: Sequence[MonthValue], title: str, chart_id: str) -> str:
    """Inline SVG of person-hours per month; the year is written under the first bar and each January."""
    bars = [
        Bar(
            str(item.month),
            item.label,
            item.value,
            f"{item.year}年" if index == 0 or item.month == 1 else None,
        )
        for index, item in enumerate(series)
    ]
    return bar_chart_svg(bars, title, PERSON_HOURS, chart_id, monthly_summary(series))


def monthly_summary(series: Sequence[MonthValue]) -> str:
    """One sentence a screen reader reads for the chart: the span, the total and the busiest month."""
    if not series:
        return "暂无服务记录。"
    span = f"{series[0].label}至{series[-1].label}"
    total = math.fsum(item.value for item in series)
    if total <= 0:
        return f"{span}没有服务记录。"
    busiest = max(series, key=lambda item: item.value)
    return (
        f"{span}共服务 {format_hours(total)} {PERSON_HOURS}，最多的是{busiest.label}"
        f"（{format_hours(busiest.value)} {PERSON_HOURS}）。各月数字见图表旁的表格。"
    )


def submissions_by_author(authors: Iterable[str]) -> list[tuple[str, int]]:
    """Published submissions counted per author, most first (ties by name): the 网络文明传播
    output of a team."""
    counts: dict[str, int] = {}
    for author in authors:
        counts[author] = counts.get(author, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
