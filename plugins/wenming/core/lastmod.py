"""When a page last changed, from its own dates: for the sitemap's ``lastmod`` and the news feed
of updated posts, instead of the build date (which tells search engines and feed readers that
every page changed at every rebuild).

A page's own date is its front matter's ``updated:``, else Material's ``date: {updated: …}``,
else its ``date:`` (``date: {created: …}``). Record pages get ``updated`` from their section
plugin (an event's day, a nomination's latest step, a team's latest service record). Nothing is
dated after the build date: a page cannot have changed in the future, so a date to come (an
upcoming event's day) says nothing about when the page changed. Pages without a usable date of
their own (indexes, calendars, upcoming events) get the newest date of the dated pages: the
site's last known change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .problems import Problem


def as_date(value: Any) -> dt.date | None:
    """A front matter value as a date: a date, a datetime (its day) or ``YYYY-MM-DD`` text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def own_date(meta: Mapping[str, Any]) -> dt.date | None:
    """The page's last change by its own front matter (see the module text), or None."""
    updated = as_date(meta.get("updated"))
    if updated is not None:
        return updated
    date = meta.get("date")
    if isinstance(date, Mapping):
        return as_date(date.get("updated")) or as_date(date.get("created"))
    return as_date(date)


def updated_problem(meta: Mapping[str, Any], source: Callable[[], str], display: str) -> Problem | None:
    """A front matter ``updated:`` that is no date (``下周``, ``2026-13-01``): staff meant a date,
    and the page would silently fall back to its ``date:``. ``source`` gives the file's text, for
    the line number: read only then (not for every page of every build)."""
    if meta.get("updated") is None or as_date(meta["updated"]) is not None:
        return None
    line = next((number for number, text in enumerate(source().splitlines(), 1) if text.startswith("updated:")), None)
    return Problem(display, line, f"updated '{meta['updated']}' 不是日期：应写成 YYYY-MM-DD（例如 2026-12-25），"
                                  "表示这篇内容最近一次修改的日期", "updated")  # fmt: skip


def latest_until(days: Iterable[dt.date | None], today: dt.date) -> dt.date | None:
    """The latest of ``days`` that is not after ``today`` (a record's last step so far)."""
    return max((day for day in days if day is not None and day <= today), default=None)


def lastmod_dates(pages: Mapping[str, dt.date | None], today: dt.date) -> dict[str, dt.date]:
    """Every page's ``lastmod``: its own date when that is not after ``today``, else the newest
    such date of the site, else ``today`` when no page has one."""
    own = {key: day for key, day in pages.items() if day is not None and day <= today}
    newest = max(own.values(), default=today)
    return {key: own.get(key, newest) for key in pages}
