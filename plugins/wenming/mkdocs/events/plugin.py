"""The ``wenming-events`` plugin: event pages, month calendars, festival pages and iCalendar files.

Records come from the portal plugin (``config.plugins["wenming"].site["events"]``); the domain
logic (festival dates, upcoming/past, month grids, .ics) lives in :mod:`wenming.core`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from wenming.core import ics
from wenming.core.crossrefs import organizer_problem, report_missing_message
from wenming.core.events import (
    EventItem,
    event_item,
    feed_window_start,
    in_feed_window,
    reserved_id_message,
    split_at,
)
from wenming.core.festivals import BY_SLUG, CATALOG, FestivalError
from wenming.core.problems import Problem
from wenming.core.records import Record
from wenming.core.rules import event_warnings
from wenming.mkdocs.generated import GeneratedPages
from wenming.mkdocs.portal.home import HomeBlock

from . import pages as layout
from .config import EventsConfig

log = get_plugin_logger(__name__)

_LEADING_H1 = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")


class EventsPlugin(BasePlugin[EventsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages = GeneratedPages()
        self.events: list[EventItem] = []
        # Read by the volunteers plugin at render time: team id -> that team's events.
        self.by_organizer: dict[str, list[EventItem]] = {}
        self.problems: list[Problem] = []
        self.links = layout.Links()
        self._authored: dict[str, dict[str, Any]] = {}
        self._reports: dict[str, File] = {}
        self._by_report: dict[str, list[EventItem]] | None = None
        # Lent by the preview server (preview/builder.py): calendar entries kept between builds.
        self.vevents: ics.RememberedVevents | None = None

    # After the blog plugin (-50), which gives news posts their final URLs (event reports link to
    # them), and after section plugins at the default priority have added their pages (team pages).
    @event_priority(-60)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self.pages, self.events, self.by_organizer, self.problems = GeneratedPages(), [], {}, []
        self.links, self._authored, self._reports, self._by_report = layout.Links(), {}, {}, None
        if not self.config.enabled:
            return files
        portal = config.plugins.get("wenming")
        site = getattr(portal, "site", None)
        if site is None:
            raise PluginError("wenming-events 需要先启用 wenming 插件（在 mkdocs.yml 的 plugins 里写在它前面）")
        today = site.build_date
        teams = site["teams"].by_id
        team_urls = self._team_urls(teams, files, config)

        organizers: dict[str, layout.Organizer] = {}
        for record in site["events"].records:
            event = self._checked(record, teams, files)
            if event is None:
                continue
            self.events.append(event)
            team = teams.get(event.organizer)
            organizers[event.id] = (
                layout.Organizer(team.name, team_urls.get(event.organizer), team=True)
                if team
                else layout.Organizer(event.organizer)
            )
            if team:
                self.by_organizer.setdefault(event.organizer, []).append(event)
        for team_events in self.by_organizer.values():
            team_events.sort(key=lambda event: event.sort_key)
        for problem in self.problems:
            log.warning(str(problem))

        authored = self._adopt_authored_festival_pages(files)
        festival_pages, self._authored = layout.festival_pages(self.events, today, self.links, authored)
        for group in (
            layout.event_pages(self.events, organizers, self.links, self.config.ics),
            layout.index_pages(self.events, today, self.links, max(self.config.per_page, 1)),
            layout.calendar_pages(self.events, today, self.links),
            festival_pages,
        ):
            self.pages.extend(group)
        self.pages.add_to(files, config)
        self._fill_links(files, today)
        for event in self.events:
            event.url = self.links.url[layout.event_uri(event.id)]
        if self.config.ics:
            self._add_calendars(files, config, organizers, today)

        upcoming = split_at(self.events, today).upcoming[: self.config.home_count]
        portal.add_home_block(
            HomeBlock(order=30, template="partials/events/home-block.html", title="近期活动",
                      data={"events": upcoming, "links": self.links})
        )  # fmt: skip
        log.info(
            f"活动：{len(self.events)} 个活动页面，{len(self.links.month)} 个月历，"
            f"{len(CATALOG)} 个节日页面" + (f"，{len(self.problems)} 个问题" if self.problems else "")
        )
        return files

    # Authored festival pages keep their Markdown; they get the festival template here, and a
    # leading "# title" becomes the page title (the template writes the heading itself).
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri not in self._authored:
            return markdown
        page.meta["template"] = "events/festival.html"
        match = _LEADING_H1.match(markdown)
        if match:
            page.meta.setdefault("title", match.group(1))
            markdown = markdown[match.end() :]
        return markdown

    # Templates get their page's data; report links are resolved now, when every URL is final.
    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any] | None:
        context.update(self.page_context_additions(page, config))
        return context

    def page_context_additions(self, page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """What on_page_context adds to ``page``'s context, without changing anything: the preview
        server digests it to tell whether the page can be left as the last build wrote it."""
        additions: dict[str, Any] = {}
        if not self.config.enabled:
            return additions
        # A news post that an event names as its `report:` links back to the event.
        reported = self._reported_in().get(page.file.src_uri)
        if reported:
            additions["reported_events"] = reported
        data = self.pages.context_for(page) or self._authored.get(page.file.src_uri)
        if data is None:
            return additions
        additions.update(data)
        if "event" in data:
            report = self._reports.get(data["event"].id)
            additions["report"] = {"url": report.url, "title": report.page.title if report.page else None} if report else None
        return additions

    def _reported_in(self) -> dict[str, list[EventItem]]:
        """News post (source path) -> the published events that name it as their report."""
        if self._by_report is None:
            by_id = {event.id: event for event in self.events}
            self._by_report = {}
            for event_id, file in self._reports.items():
                if event_id in by_id:
                    self._by_report.setdefault(file.src_uri, []).append(by_id[event_id])
        return self._by_report

    def _checked(self, record: Record[Any], teams: dict[str, Any], files: Files) -> EventItem | None:
        """The event, or None after recording why it cannot be published (strict builds fail)."""
        problems: list[Problem] = []
        source = record.source
        if record.id in layout.RESERVED_IDS:
            problems.append(Problem(source.display, None, reserved_id_message(record.id), "id"))
        organizer = organizer_problem(record, teams)
        if organizer:
            problems.append(organizer)
        report = record.data.report
        if report:
            file = files.get_file_from_path(report.strip().lstrip("/"))
            if file is None or not file.is_documentation_page():
                problems.append(self._problem(record, "report", report_missing_message(report)))
            else:
                self._reports[record.id] = file
        try:
            event = event_item(record)
        except FestivalError as error:  # rules catch this first; kept so no record can crash a build
            problems.append(self._problem(record, "date", str(error)))
        if problems:
            self.problems.extend(problems)
            return None
        for violation in event_warnings(record.data):  # published, but probably not as meant
            self.problems.append(self._problem(record, str(violation.loc[0]), violation.message))
        return event

    @staticmethod
    def _problem(record: Record[Any], field: str, message: str) -> Problem:
        return Problem(record.source.display, record.source.line_of((field,)), message, field)

    @staticmethod
    def _team_urls(teams: dict[str, Any], files: Files, config: MkDocsConfig) -> dict[str, str]:
        """Team page URLs, only when the volunteers section is built (else names stay plain text)."""
        volunteers = config.plugins.get("wenming-volunteers")
        if volunteers is None or not getattr(volunteers.config, "enabled", True):
            return {}
        urls = {}
        for team_id in teams:
            file = files.get_file_from_path(f"volunteers/teams/{team_id}.md")
            if file is not None:
                urls[team_id] = file.url
            else:  # not added yet: the section's URL convention
                urls[team_id] = f"volunteers/teams/{team_id}/" if config.use_directory_urls else f"volunteers/teams/{team_id}.html"
        return urls

    def _adopt_authored_festival_pages(self, files: Files) -> set[str]:
        authored = set()
        for info in CATALOG:
            file = files.get_file_from_path(layout.festival_uri(info))
            if file is not None and file.is_documentation_page():
                file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from 我们的节日, like other record pages
                authored.add(file.src_uri)
        return authored

    def _fill_links(self, files: Files, today: Any) -> None:
        links = self.links
        for file in files.documentation_pages():
            if file.src_uri.startswith(layout.ROOT + "/"):
                links.url[file.src_uri] = file.url
        links.index = links.url[layout.index_uri(1)]
        links.calendar_index = links.url[f"{layout.ROOT}/calendar/index.md"]
        links.festivals_index = links.url[f"{layout.ROOT}/festivals/index.md"]
        links.calendar_now = links.url[layout.month_uri(today.year, today.month)]
        for uri, url in links.url.items():
            if uri.startswith(f"{layout.ROOT}/calendar/") and not uri.endswith("/index.md"):
                links.month[uri.rsplit("/", 1)[1].removesuffix(".md")] = url
        for slug, info in BY_SLUG.items():
            links.festival[info.name] = links.url[f"{layout.ROOT}/festivals/{slug}.md"]

    def _add_calendars(
        self, files: Files, config: MkDocsConfig, organizers: dict[str, layout.Organizer], today: dt.date
    ) -> None:
        """events.ics with the events of the window (a year back by default), and one .ics per
        event (every event, so an old event's "添加到日历" still works), as generated static files."""
        try:
            since = feed_window_start(today, self.config.ics_feed_past_days)
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: plugins.wenming-events.ics_feed_past_days：{error}") from None
        site_url = (config.site_url or "").strip()
        host = urlsplit(site_url).hostname
        if not host:
            log.warning("mkdocs.yml 没有 site_url（例如 https://wenming.example.org.cn/）：日历文件需要网站地址来生成固定的活动编号（UID），本次不生成 .ics")  # fmt: skip
            return
        base = site_url if site_url.endswith("/") else site_url + "/"
        name = f"{config.site_name} 活动"

        ordered = sorted(self.events, key=lambda event: event.sort_key)
        # Each event is serialised once and used in both the feed and its own file.
        make = self.vevents.vevent if self.vevents is not None else ics.vevent_bytes
        vevents = {event.id: make(event, host, base + event.url, organizers[event.id].name) for event in ordered}
        window = [vevents[event.id] for event in in_feed_window(ordered, since)]
        feed = ics.assemble(name, config.site_description, window)
        files.append(File.generated(config, f"{layout.ROOT}/events.ics", content=feed))
        for event in ordered:
            files.append(File.generated(config, layout.ics_uri(event.id), content=ics.assemble(event.title, None, [vevents[event.id]])))
        self.links.ics = f"{layout.ROOT}/events.ics"
        self.links.ics_address = base + self.links.ics
        self.links.ics_since = since
