"""身边好人: honour rolls by period, 公示 notices, category counts and the public view of a nominee.

Records come in already validated and already public (``publicized`` or ``selected``, with
consent). This module decides what each page shows and how: which roll is current, who is in
publicity on the build date, and how a minor is named. Templates get :class:`Nominee` objects,
never records, so the rules for minors (name, photo) cannot be forgotten in a template.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, TypeVar

from .dates import chinese_date
from .records import Record
from .rules import age_on
from .schemas import CATEGORIES, Nomination

T = TypeVar("T")

ADULT_AGE = 18  # 未成年人: under 18 on the day of nomination
CATEGORY_SLUGS = {
    "助人为乐": "zhuren-weile",
    "见义勇为": "jianyi-yongwei",
    "诚实守信": "chengshi-shouxin",
    "敬业奉献": "jingye-fengxian",
    "孝老爱亲": "xiaolao-aiqin",
}
CATEGORY_ORDER = {name: index for index, name in enumerate(CATEGORIES)}
QUARTER_NAMES = ("一", "二", "三", "四")
# Two-character surnames, so that 欧阳明 becomes 欧阳同学 and not 欧同学.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "司空",
        "令狐",
        "夏侯",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "呼延",
        "赫连",
        "澹台",
        "公冶",
        "太史",
        "申屠",
        "钟离",
        "闻人",
        "万俟",
        "濮阳",
        "淳于",
        "单于",
        "百里",
        "东郭",
        "南门",
        "羊舌",
        "微生",
        "梁丘",
        "左丘",
        "第五",
        "谷梁",
        "拓跋",
        "鲜于",
        "闾丘",
        "亓官",
        "司寇",
        "仉督",
        "子车",
        "颛孙",
        "巫马",
        "公西",
        "漆雕",
        "乐正",
        "壤驷",
        "公良",
    ]
)
_PERIOD = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")


# --- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """An honour-roll period: a month (``2026-06``) or a quarter (``2026-Q2``).

    Ordered by end date then start date, so the newest period sorts last (a month that ends
    after a quarter is newer than it).
    """

    end: dt.date
    start: dt.date
    key: str
    kind: Literal["month", "quarter"] = field(compare=False)

    @property
    def label(self) -> str:
        """2026年6月 / 2026年第二季度."""
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start.year}年第{QUARTER_NAMES[(self.start.month - 1) // 3]}季度"

    @property
    def roll_title(self) -> str:
        """2026年6月身边好人榜 / 2026年第二季度身边好人榜."""
        return f"{self.label}身边好人榜"


def parse_period(key: str) -> Period:
    match = _PERIOD.match(key)
    if not match:
        raise ValueError(f"period '{key}' 格式不对（应为月榜 2026-06 或季度榜 2026-Q2）")
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(2))
        return Period(_month_end(year, month), dt.date(year, month, 1), key, "month")
    quarter = int(match.group(3))
    first = 3 * quarter - 2
    return Period(_month_end(year, first + 2), dt.date(year, first, 1), key, "quarter")


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# --- the public view of one nominee -----------------------------------------------------------


def birth_text(birth: str) -> str:
    """``1958-03`` -> 1958年3月 (出生年月; the day is never known, so never shown)."""
    year, month = birth.split("-")
    return f"{int(year)}年{int(month)}月"


def surname(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def is_minor(record: Nomination) -> bool:
    """Under 18 on the day of nomination. The age is taken conservatively (see ``age_on``)."""
    return (
        bool(record.birth)
        and not record.group
        and age_on(record.birth or "", record.nominated_on) < ADULT_AGE
    )


def masks_name(record: Nomination) -> bool:
    """A minor's full name is shown only when a guardian agreed to it."""
    return is_minor(record) and not record.guardian_consent


def display_name(record: Nomination) -> str:
    """The name pages show: 林同学 for a minor without guardian consent, else the name."""
    return f"{surname(record.name)}同学" if masks_name(record) else record.name


def _masked_text(text: str, full_name: str, shown: str) -> str:
    """``text`` with a masked minor's full name, and a given name of two or more characters, replaced."""
    text = text.replace(full_name, shown)
    given = full_name[len(surname(full_name)) :]
    return text.replace(given, shown) if len(given) >= 2 else text


def profile_slug(record_id: str, record: Nomination) -> str:
    """The profile's URL slug: the record id, except for a masked minor, whose id (often the name
    in pinyin) would give the name away; such a page gets a stable slug that does not."""
    if not masks_name(record):
        return record_id
    return "xuesheng-" + hashlib.sha256(record_id.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Honour:
    title: str
    date: dt.date | None


@dataclass(frozen=True)
class Nominee:
    """What pages may show of one public nomination (never its private part, never a masked name)."""

    id: str
    slug: str
    name: str
    group: bool
    minor: bool
    category: str
    category_slug: str
    summary: str
    deeds: str  # Markdown, to be escaped before rendering
    status: str
    nominated_by: str
    nominated_on: dt.date
    photo: str | None  # docs-relative path; None for minors and when no photo is given
    gender: str | None = None
    birth: str | None = None  # 1958年3月
    ethnicity: str | None = None
    political_status: str | None = None
    community: str | None = None
    role: str | None = None
    publicity_start: dt.date | None = None
    publicity_end: dt.date | None = None
    period: Period | None = None
    endorsements: int = 0
    honours: tuple[Honour, ...] = ()

    @property
    def selected(self) -> bool:
        return self.status == "selected"

    @property
    def initial(self) -> str:
        """The character shown in place of a photo."""
        return self.name[:1]

    @property
    def notice_key(self) -> str | None:
        """The 公示 notice the nominee appears on: its roll period, else the month publicity starts."""
        if self.period:
            return self.period.key
        return f"{self.publicity_start:%Y-%m}" if self.publicity_start else None

    def in_publicity(self, today: dt.date) -> bool:
        return bool(
            self.publicity_start
            and self.publicity_end
            and self.publicity_start <= today <= self.publicity_end
        )

    @property
    def publicity_text(self) -> str:
        if not (self.publicity_start and self.publicity_end):
            return ""
        return date_range(self.publicity_start, self.publicity_end)


def date_range(start: dt.date, end: dt.date) -> str:
    """2026年11月19日至11月25日 (the year is written once when both days share it)."""
    if start.year == end.year:
        return f"{chinese_date(start)}至{end.month}月{end.day}日"
    return f"{chinese_date(start)}至{chinese_date(end)}"


def nominee(record: Record[Nomination]) -> Nominee:
    data = record.data
    name = display_name(data)
    masked = masks_name(data)
    minor = is_minor(data)

    def text(value: str) -> str:
        return _masked_text(value, data.name, name) if masked else value

    return Nominee(
        id=record.id,
        slug=profile_slug(record.id, data),
        name=name,
        group=data.group,
        minor=minor,
        category=data.category,
        category_slug=CATEGORY_SLUGS[data.category],
        summary=text(data.summary),
        deeds=text(data.deeds),
        status=data.status,
        nominated_by=data.nominated_by,
        nominated_on=data.nominated_on,
        photo=None if minor else data.photo,
        gender=None if data.group else data.gender,
        birth=birth_text(data.birth) if data.birth and not data.group else None,
        ethnicity=data.ethnicity,
        political_status=data.political_status,
        community=data.community,
        role=data.role,
        publicity_start=data.publicity.start if data.publicity else None,
        publicity_end=data.publicity.end if data.publicity else None,
        period=parse_period(data.period) if data.period else None,
        endorsements=data.endorsements,
        honours=tuple(Honour(honor.title, honor.date) for honor in data.honors),
    )


# --- rolls, notices, categories ----------------------------------------------------------------


def count_label(people: Sequence[Nominee]) -> str:
    """共 7 人, or 共 8 人（组） when a group entry is among them (the usual wording of honour rolls)."""
    unit = "人（组）" if any(person.group for person in people) else "人"
    return f"{len(people)} {unit}"


def _roll_order(person: Nominee) -> tuple[int, dt.date, str]:
    return CATEGORY_ORDER[person.category], person.nominated_on, person.id


@dataclass(frozen=True)
class Roll:
    """One honour roll: the selected nominees of a period, in category order."""

    period: Period
    people: tuple[Nominee, ...]

    @property
    def key(self) -> str:
        return self.period.key

    @property
    def title(self) -> str:
        return self.period.roll_title

    @property
    def count(self) -> str:
        return count_label(self.people)


@dataclass(frozen=True)
class Notice:
    """A 公示 notice: the shortlisted nominees of a period and their publicity dates."""

    key: str
    label: str
    people: tuple[Nominee, ...]
    start: dt.date
    end: dt.date

    @property
    def title(self) -> str:
        return f"关于{self.label}“身边好人”推荐人选的公示"

    @property
    def dates(self) -> str:
        return date_range(self.start, self.end)

    @property
    def uniform(self) -> bool:
        """True when every nominee has the same publicity dates (then they are written once)."""
        return all(p.publicity_start == self.start and p.publicity_end == self.end for p in self.people)

    @property
    def count(self) -> str:
        return count_label(self.people)

    def state(self, today: dt.date) -> str:
        if today < self.start:
            return "未开始"
        return "公示中" if today <= self.end else "已结束"

    def days_left(self, today: dt.date) -> int:
        """Days of publicity left, counting today (the last day gives 1)."""
        return max(0, (self.end - today).days + 1)


@dataclass(frozen=True)
class CategoryCount:
    name: str
    slug: str
    people: tuple[Nominee, ...]  # selected nominees, newest roll first

    @property
    def count(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class PeriodRow:
    """One line of the archive: a period's roll and/or its notice."""

    key: str
    label: str
    roll: Roll | None
    notice: Notice | None
    sort_key: tuple[dt.date, dt.date, str]


@dataclass(frozen=True)
class GoodPeople:
    today: dt.date
    nominees: tuple[Nominee, ...]
    rolls: tuple[Roll, ...]  # newest first
    notices: tuple[Notice, ...]  # newest first
    categories: tuple[CategoryCount, ...]

    @cached_property
    def profiles(self) -> tuple[Nominee, ...]:
        """Selected nominees get a profile page; publicized ones appear on their notice only."""
        return tuple(person for person in self.nominees if person.selected)

    @cached_property
    def current(self) -> Roll | None:
        """This period's roll: the newest roll whose period has begun by the build date
        (a roll entered ahead of its period does not push the current one aside)."""
        for roll in self.rolls:
            if roll.period.start <= self.today:
                return roll
        return self.rolls[-1] if self.rolls else None

    @cached_property
    def in_publicity(self) -> tuple[Notice, ...]:
        """Notices with nominees in publicity on the build date, only those nominees each."""
        found = []
        for notice in self.notices:
            people = tuple(person for person in notice.people if person.in_publicity(self.today))
            if people:
                found.append(_notice(notice.key, people))
        return tuple(found)

    def archive(self) -> tuple[PeriodRow, ...]:
        """Every period but the current roll's, newest first: its roll and its notice."""
        rolls = {roll.key: roll for roll in self.rolls}
        notices = {notice.key: notice for notice in self.notices}
        current = self.current.key if self.current else None
        rows = []
        for key in rolls.keys() | notices.keys():
            if key == current:
                continue
            roll, notice = rolls.get(key), notices.get(key)
            period = parse_period(key)
            rows.append(PeriodRow(key, period.label, roll, notice, (period.end, period.start, key)))
        return tuple(sorted(rows, key=lambda row: row.sort_key, reverse=True))


def _notice(key: str, people: Sequence[Nominee]) -> Notice:
    """The notice of ``people`` (all with publicity dates): from the first start to the last end."""
    start = min(person.publicity_start for person in people if person.publicity_start)
    end = max(person.publicity_end for person in people if person.publicity_end)
    return Notice(key, parse_period(key).label, tuple(people), start, end)


def build_good_people(
    records: Iterable[Record[Nomination]], today: dt.date, make_nominee: Callable[[Record[Nomination]], Nominee] = nominee
) -> GoodPeople:
    """Group the public nominations into rolls, notices and categories, as of ``today``.
    ``make_nominee`` is :func:`nominee`, or the preview server's memory of it."""
    nominees = tuple(sorted((make_nominee(record) for record in records), key=lambda p: p.id))
    by_period: dict[Period, list[Nominee]] = defaultdict(list)
    by_notice: dict[str, list[Nominee]] = defaultdict(list)
    for person in nominees:
        if person.selected and person.period:
            by_period[person.period].append(person)
        if person.notice_key and person.publicity_start:
            by_notice[person.notice_key].append(person)
    rolls = tuple(
        Roll(period, tuple(sorted(people, key=_roll_order)))
        for period, people in sorted(by_period.items(), reverse=True)
    )
    notices = [_notice(key, sorted(people, key=_roll_order)) for key, people in by_notice.items()]
    notices.sort(key=lambda notice: (notice.start, parse_period(notice.key), notice.key), reverse=True)
    newest_first = [person for roll in rolls for person in roll.people]
    categories = tuple(
        CategoryCount(name, CATEGORY_SLUGS[name], tuple(p for p in newest_first if p.category == name))
        for name in CATEGORIES
    )
    return GoodPeople(today, nominees, rolls, tuple(notices), categories)


def paginate(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """``items`` in pages of ``per_page``; always at least one page (it may be empty)."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    return [items[start : start + per_page] for start in range(0, len(items), per_page)] or [items[:0]]


def photo_files(records: Iterable[Record[Any]], shown: Iterable[Nominee]) -> set[str]:
    """Photo paths named by ``records`` that no shown nominee uses: they must not be published."""
    used = {person.photo for person in shown if person.photo}
    named = {record.data.photo for record in records if getattr(record.data, "photo", None)}
    return {path.replace("\\", "/") for path in named - used}
