"""Where each 身边好人 page lives and what its template gets.

URL layout (all under ``goodpeople/``): ``index.md`` (section index, in the nav) and its
``page/N.md``; ``rolls/<period>.md``; ``category/<slug>.md``; ``people/<slug>.md`` (profiles);
``notice/<period>.md`` (公示); long lists continue at ``<page>/page/N.md``. Only the index is in
the navigation tree; every other page is linked from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.files import Files

from wenming.core.goodpeople import CategoryCount, GoodPeople, Nominee, Notice, Roll, paginate
from wenming.core.lastmod import latest_until
from wenming.mkdocs.generated import GeneratedPage, Pager, escape_markdown_source

from .config import GoodPeopleConfig

SECTION = "goodpeople"
SECTION_TITLE = "身边好人"
INDEX = f"{SECTION}/index.md"
GUIDE = f"{SECTION}/guide.md"


def roll_uri(key: str) -> str:
    return f"{SECTION}/rolls/{key}.md"


def category_uri(slug: str) -> str:
    return f"{SECTION}/category/{slug}.md"


def profile_uri(slug: str) -> str:
    return f"{SECTION}/people/{slug}.md"


def notice_uri(key: str) -> str:
    return f"{SECTION}/notice/{key}.md"


def page_uri(first: str, number: int) -> str:
    """Page ``number`` (from 1) of a list whose first page is ``first``."""
    if number == 1:
        return first
    base = first.removesuffix("index.md").removesuffix(".md").rstrip("/")
    return f"{base}/page/{number}.md"


class Links:
    """URLs of the section's pages for templates, looked up in the build's files when rendering.

    Each method returns a site-relative URL (templates pass it through ``| url``) or None when
    the page does not exist (a publicized nominee has no profile yet; no guide was written).
    """

    def __init__(self) -> None:
        self.files: Files | None = None
        self.profiles: set[str] = set()  # ids of nominees with a profile page
        # Published photo (docs-relative path) -> its width and height as published, for the
        # <img> width/height attributes (the page keeps its layout while the photo loads).
        self.photo_sizes: dict[str, tuple[int, int]] = {}

    def _url(self, src_uri: str) -> str | None:
        file = self.files.get_file_from_path(src_uri) if self.files is not None else None
        return file.url if file is not None else None

    def index(self) -> str | None:
        return self._url(INDEX)

    def guide(self) -> str | None:
        return self._url(GUIDE)

    def profile(self, person: Nominee) -> str | None:
        return self._url(profile_uri(person.slug)) if person.id in self.profiles else None

    def photo_size(self, person: Nominee) -> tuple[int, int] | None:
        return self.photo_sizes.get(person.photo) if person.photo else None

    def roll(self, key: str) -> str | None:
        return self._url(roll_uri(key))

    def category(self, slug: str) -> str | None:
        return self._url(category_uri(slug))

    def notice(self, key: str) -> str | None:
        return self._url(notice_uri(key))


@dataclass(frozen=True)
class HomeData:
    """What the home page block shows: the current roll's first cards and the 公示 box."""

    links: Links
    roll: Roll | None
    people: Sequence[Nominee]
    publicity: Sequence[Notice]
    today: dt.date


def _paged(
    first: str,
    items: Sequence[Any],
    per_page: int,
    make: Callable[[str, Sequence[Any], Pager], GeneratedPage],
) -> list[GeneratedPage]:
    chunks = paginate(items, per_page)
    uris = tuple(page_uri(first, number) for number in range(1, len(chunks) + 1))
    return [
        make(uri, chunk, Pager(number, uris))
        for number, (uri, chunk) in enumerate(zip(uris, chunks, strict=True), 1)
    ]


def _numbered(title: str, pager: Pager) -> str:
    return title if pager.number == 1 else f"{title}（第{pager.number}页）"


def build_pages(
    good: GoodPeople, links: Links, options: GoodPeopleConfig, office: Any
) -> list[GeneratedPage]:
    """Every page of the section, with the context its template renders."""
    pages: list[GeneratedPage] = []
    common = {"gp": links, "good": good, "today": good.today}
    notices = {notice.key: notice for notice in good.notices}
    rolls = {roll.key: roll for roll in good.rolls}

    def index_page(uri: str, rows: Sequence[Any], pager: Pager) -> GeneratedPage:
        first = pager.number == 1
        current = good.current if first else None
        context = {
            **common,
            "kind": "index",
            "current": current,
            "current_people": current.people[: options.index_cards] if current else (),
            "publicity": good.in_publicity if first else (),
            "categories": good.categories,
            "archive": rows,
            "pager": pager,
        }
        return GeneratedPage(uri, _numbered(SECTION_TITLE, pager), "goodpeople/index.html", context,
                             in_nav=first, search="summary" if first else False, meta=_describe("身边好人榜、公示和推荐须知", hide=("toc",)))  # fmt: skip

    pages += _paged(INDEX, good.archive(), options.archive_per_page, index_page)

    for roll in good.rolls:

        def roll_page(uri: str, people: Sequence[Nominee], pager: Pager, roll: Roll = roll) -> GeneratedPage:
            context = {**common, "kind": "roll", "roll": roll, "people": people, "pager": pager,
                       "notice": notices.get(roll.key)}  # fmt: skip
            return GeneratedPage(uri, _numbered(roll.title, pager), "goodpeople/roll.html", context,
                                 search="summary" if pager.number == 1 else False,
                                 meta=_describe(f"{roll.title}，共 {roll.count}"))  # fmt: skip

        pages += _paged(roll_uri(roll.key), roll.people, options.per_page, roll_page)

    for category in good.categories:

        def category_page(
            uri: str, people: Sequence[Nominee], pager: Pager, category: CategoryCount = category
        ) -> GeneratedPage:
            context = {**common, "kind": "category", "category": category, "people": people, "pager": pager,
                       "categories": good.categories}  # fmt: skip
            title = f"{category.name} · 身边好人"
            return GeneratedPage(uri, _numbered(title, pager), "goodpeople/category.html", context,
                                   search="summary" if pager.number == 1 else False,
                                 meta=_describe(f"历次身边好人榜中的{category.name}好人，共 {category.count} 位"))  # fmt: skip

        pages += _paged(category_uri(category.slug), category.people, options.per_page, category_page)

    for person in good.profiles:
        roll = rolls.get(person.period.key) if person.period else None
        context = {**common, "kind": "profile", "person": person, "roll": roll}
        pages.append(
            GeneratedPage(
                profile_uri(person.slug),
                person.name,
                "goodpeople/profile.html",
                context,
                # The story is the page's Markdown, so that search finds people by what they did.
                body=escape_markdown_source(person.deeds),
                meta={**_describe(person.summary), "updated": _person_updated(person, good.today)},
            )
        )

    for notice in good.notices:
        context = {
            **common,
            "kind": "notice",
            "notice": notice,
            "office": office,
            "state": notice.state(good.today),
        }
        pages.append(
            GeneratedPage(
                notice_uri(notice.key),
                notice.title,
                "goodpeople/notice.html",
                context,
                meta=_describe(f"{notice.title}，公示期{notice.dates}"),
            )  # fmt: skip
        )
    return pages


def _person_updated(person: Nominee, today: dt.date) -> dt.date | None:
    """A profile's last change so far (the sitemap's lastmod): nomination, publicity start, the
    day after publicity ends (the page then says so), honours."""
    after_publicity = person.publicity_end + dt.timedelta(days=1) if person.publicity_end else None
    steps = [person.nominated_on, person.publicity_start, after_publicity, *(honour.date for honour in person.honours)]
    return latest_until(steps, today)


def _describe(text: str, hide: tuple[str, ...] = ("navigation", "toc")) -> dict[str, Any]:
    """Front matter of a generated page: its description, and the sidebars it does without
    (record pages are not in the navigation; cards and notices read better full width)."""
    # Plain text: main.html escapes it where it enters the <meta> attribute.
    return {"description": text, "hide": list(hide)}
