"""The events section's pages, made from resolved events (no MkDocs hooks here).

URL layout (site-relative, with ``use_directory_urls``)::

    events/                     活动 index: upcoming, then past by month (events/page/2/ …)
    events/calendar/            every month with a calendar page
    events/calendar/2026-09/    month grid, Monday first, prev/next
    events/festivals/           我们的节日: the nine festivals and their next dates
    events/festivals/zhongqiu/  one festival: customs (authored), this year's date, its events
    events/<id>/                one event; events/<id>.ics beside it
    events/events.ics           every event, for calendar apps to subscribe to
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from wenming.core.events import (
    RESERVED_EVENT_IDS,
    EventItem,
    by_date,
    group_by_month,
    month_grid,
    months_between,
    paginate_groups,
    sort_events,
    split_at,
)
from wenming.core.festivals import CATALOG, FestivalInfo
from wenming.mkdocs.generated import GeneratedPage, GeneratedPages, Pager, escape_markdown_source

ROOT = "events"
RESERVED_IDS = RESERVED_EVENT_IDS


@dataclass
class Organizer:
    name: str
    url: str | None = None  # the team page, when the organizer is a team and team pages exist
    team: bool = False

    # Text and a flag only: the preview server pickles it whole instead of walking its fields
    # (one per event page, 4,000 at 10,000 records).
    __preview_plain__: ClassVar[bool] = True


@dataclass
class Links:
    """Site-relative URLs of the section's pages, filled once the pages exist (templates use ``| url``)."""

    index: str = ""
    calendar_index: str = ""
    calendar_now: str = ""  # the build month's page
    festivals_index: str = ""
    ics: str | None = None
    ics_address: str | None = None  # the same file at the site's own address, to subscribe to
    ics_since: dt.date | None = None  # the first day the subscribed feed holds events of
    month: dict[str, str] = field(default_factory=dict)  # "2026-09" -> URL
    festival: dict[str, str] = field(default_factory=dict)  # "中秋" -> URL
    url: dict[str, str] = field(default_factory=dict)  # every generated page: src_uri -> URL

    def __preview_fingerprint__(self) -> dict[str, Any]:
        """What the preview server compares to decide whether a page using these links changed
        (wenming.mkdocs.preview.fingerprint). Not ``url``: it maps a page's source path to its
        address, which MkDocs derives from the path alone, so a template reading one entry reads
        the same text whatever other pages the map holds; a new event would otherwise make every
        events page render again."""
        return {name: value for name, value in vars(self).items() if name != "url"}

    @property
    def ics_webcal(self) -> str | None:
        """The feed as webcal://, which makes Apple's Calendar offer the subscription directly."""
        if self.ics_address is None:
            return None
        return "webcal://" + self.ics_address.split("://", 1)[1]


def event_uri(event_id: str) -> str:
    return f"{ROOT}/{event_id}.md"


def ics_uri(event_id: str) -> str:
    return f"{ROOT}/{event_id}.ics"


def month_uri(year: int, month: int) -> str:
    return f"{ROOT}/calendar/{year:04d}-{month:02d}.md"


def festival_uri(info: FestivalInfo) -> str:
    return f"{ROOT}/festivals/{info.slug}.md"


def index_uri(number: int) -> str:
    return f"{ROOT}/index.md" if number == 1 else f"{ROOT}/page/{number}.md"


def event_pages(
    events: list[EventItem], organizers: dict[str, Organizer], links: Links, ics: bool
) -> list[GeneratedPage]:
    pages = []
    for event in events:
        data = event.record.data if event.record else None
        body = escape_markdown_source(data.description) if data and data.description else ""
        pages.append(
            GeneratedPage(
                event_uri(event.id),
                event.title,
                "events/event.html",
                context={
                    "event": event,
                    "organizer": organizers[event.id],
                    "links": links,
                    "ics_url": ics_uri(event.id) if ics else None,
                    "report": None,  # the news post's File, set by the plugin
                },
                body=body,
                # The sitemap's lastmod once the day has passed (the page then gets its outcome:
                # 已举办, a report); an upcoming day is not used (see core/lastmod.py).
                meta={"description": f"{event.title}：{event.date.isoformat()} {event.location}", "updated": event.date},
            )
        )
    return pages


def index_pages(events: list[EventItem], today: dt.date, links: Links, per_page: int) -> list[GeneratedPage]:
    """The 活动 index: upcoming events first (all on page 1), then past ones by month over pages."""
    split = split_at(events, today)
    groups = group_by_month(split.past)
    chunks = paginate_groups(groups, per_page, max(per_page - len(split.upcoming), per_page // 2))
    uris = tuple(index_uri(number) for number in range(1, len(chunks) + 1))
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pages.append(
            GeneratedPage(
                index_uri(number),
                "社区活动" if number == 1 else f"社区活动（第{number}页）",
                "events/index.html",
                context={
                    "upcoming": split.upcoming if number == 1 else [],
                    "past_groups": chunk,
                    "pager": Pager(number, uris),
                    "links": links,
                    "counts": {"upcoming": len(split.upcoming), "past": len(split.past)},
                },
                in_nav=number == 1,
                search="summary" if number == 1 else False,
            )
        )
    return pages


def calendar_pages(events: list[EventItem], today: dt.date, links: Links) -> list[GeneratedPage]:
    """One page per month from the first event (or today) to the last event (or today)."""
    dates = [event.date for event in events] + [today]
    months = months_between(min(dates), max(dates))
    days = by_date(events)
    pages = []
    for index, (year, month) in enumerate(months):
        previous = months[index - 1] if index > 0 else None
        following = months[index + 1] if index + 1 < len(months) else None
        weeks = month_grid(year, month, days, today)
        in_month = [day for week in weeks for day in week if day is not None]
        pages.append(
            GeneratedPage(
                month_uri(year, month),
                f"{year}年{month}月活动日历",
                "events/month.html",
                context={
                    "year": year,
                    "month": month,
                    "weeks": weeks,
                    "busy_days": [day for day in in_month if day.busy],
                    "event_count": sum(len(day.events) for day in in_month),
                    "previous": {"uri": month_uri(*previous), "year": previous[0], "month": previous[1]} if previous else None,
                    "next": {"uri": month_uri(*following), "year": following[0], "month": following[1]} if following else None,
                    "links": links,
                },
                search="summary",
            )
        )
    years: dict[int, list[dict[str, Any]]] = {}
    for year, month in months:
        count = sum(len(items) for day, items in days.items() if (day.year, day.month) == (year, month))
        years.setdefault(year, []).append({"month": month, "uri": month_uri(year, month), "count": count})
    pages.append(
        GeneratedPage(
            f"{ROOT}/calendar/index.md",
            "活动日历",
            "events/calendar-index.html",
            context={"years": years, "links": links, "today": today},
            in_nav=True,
            search="summary",
        )
    )
    return pages


def festival_context(info: FestivalInfo, events: list[EventItem], today: dt.date, links: Links) -> dict[str, Any]:
    mine = sort_events(event for event in events if event.festival is info)
    split = split_at(mine, today)
    try:
        this_year: tuple[dt.date, ...] = info.dates_in(today.year)
    except ValueError:
        this_year = ()
    return {
        "festival": info,
        "this_year": this_year,
        "year": today.year,
        "next_date": info.next_on_or_after(today),
        "upcoming": split.upcoming,
        "past": split.past,
        "links": links,
    }


def festival_pages(
    events: list[EventItem], today: dt.date, links: Links, authored: set[str]
) -> tuple[list[GeneratedPage], dict[str, dict[str, Any]]]:
    """Festival pages to generate, and the contexts of those whose text is authored in content/.

    An authored ``content/events/festivals/<slug>.md`` is the page itself (its Markdown is the
    customs text); the plugin only gives it the festival template and this context.
    """
    pages: list[GeneratedPage] = []
    authored_contexts: dict[str, dict[str, Any]] = {}
    overview = []
    for info in CATALOG:
        context = festival_context(info, events, today, links)
        overview.append(context)
        uri = festival_uri(info)
        if uri in authored:
            authored_contexts[uri] = context
        else:
            pages.append(GeneratedPage(uri, info.name, "events/festival.html", context=context, body=info.summary))
    # Soonest first: the festival coming up next is what residents look for.
    overview.sort(key=lambda item: item["next_date"] or dt.date.max)
    pages.append(
        GeneratedPage(
            f"{ROOT}/festivals/index.md",
            "我们的节日",
            "events/festivals.html",
            context={"festivals": overview, "links": links, "today": today},
            in_nav=True,
            search="summary",
        )
    )
    return pages, authored_contexts


def add_all(pages: GeneratedPages, groups: list[list[GeneratedPage]]) -> None:
    for group in groups:
        pages.extend(group)
