"""The ``wenming-volunteers`` plugin: team directory, team pages, 服务时长榜 and the home block.

All figures come from :mod:`wenming.core.volunteers`; this module only turns them into pages
and links each team to the events it organizes and the news credited to it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from wenming.core.rules import star_hours_warnings, team_warnings
from wenming.core.volunteers import format_hours, submissions_by_author
from wenming.mkdocs.portal.home import HomeBlock

from .config import VolunteersConfig
from .pages import VolunteerSite

log = get_plugin_logger(__name__)

HOME_ORDER = 40
RECENT_EVENTS = 10


class VolunteersPlugin(BasePlugin[VolunteersConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: VolunteerSite | None = None
        self.news: dict[str, list[Page]] = {}
        self.problems = 0

    # Records were loaded and validated by the portal plugin in on_config; pages are added
    # here so that nav, search and the blog see them like any other page.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        portal = config.plugins["wenming"]
        if portal.site is None:  # the portal plugin is disabled: there are no records
            return files
        records = portal.site["teams"].records
        self.problems = 0
        hidden_contacts: set[str] = set()
        for record in records:
            for violation in team_warnings(record.data):
                log.warning(str(record.source.problem(violation.loc, violation.message, "contact")))
                hidden_contacts.add(record.id)
                self.problems += 1
            for violation in star_hours_warnings(record.data):
                log.warning(str(record.source.problem(violation.loc, violation.message, "stars")))
                self.problems += 1
        self.site = VolunteerSite(
            records, portal.site.build_date, self.config, config.use_directory_urls, hidden_contacts
        )
        pages = self.site.build()
        self.site.add_to(files, config)
        if self.config.home_block:
            portal.add_home_block(
                HomeBlock(
                    order=HOME_ORDER,
                    template="partials/volunteers/home-block.html",
                    title="志愿服务",
                    data={
                        "figures": self.site.community,
                        "index_url": self.site.index_url,
                        "leaderboard_url": self.site.leaderboard_url,
                    },
                )
            )
        figures = self.site.community
        log.info(
            f"志愿服务：{figures.teams} 支队伍，{sum(team.figures.services for team in self.site.teams)} 条服务记录，"
            f"生成 {len(pages)} 个页面，{self.problems} 个问题"
        )
        return files

    # After every plugin's on_files (the blog reads its posts at priority -50): collect the
    # news credited to a team and report team ids that do not exist.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.news = {}
        if not self.config.enabled or self.site is None:
            return nav
        blog = config.plugins.get("material/blog")
        posts = getattr(getattr(blog, "blog", None), "posts", None) or []
        news: dict[str, list[Page]] = defaultdict(list)
        for post in posts:
            team_id = post.meta.get("team")
            if not team_id:
                continue
            if str(team_id) in self.site.by_id:
                news[str(team_id)].append(post)
            elif post.file.generated_by is None:  # generated posts (submissions) are checked by their plugin
                where = f"{Path(config.docs_dir).name}/{post.file.src_uri}"
                line = _front_matter_line(post.file.abs_src_path, "team")
                log.warning(
                    f"{where}{f':{line}' if line else ''}: "
                    f"team '{team_id}' 不是已登记的志愿服务队 id（见 content/data/teams/）"
                )
                self.problems += 1
        self.news = dict(news)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        # Hours are shown the same way everywhere: 1,234 or 32.5.
        env.filters["wm_hours"] = format_hours
        return env

    # Render time: events and news belong to other plugins, whose data is complete by now.
    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any] | None:
        context.update(self.page_context_additions(page, config))
        return context

    def page_context_additions(self, page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """What on_page_context adds, without changing anything (the preview server digests it)."""
        if not self.config.enabled or self.site is None:
            return {}
        extra = self.site.pages.context_for(page)
        if extra is None:
            return {}
        data = dict(extra["volunteers"])  # a copy: the generated page's own stays as on_files made it
        if data["kind"] == "team":
            team_id = data["team"].id
            data["events"] = self._events(config, team_id)
            posts = self.news.get(team_id, [])
            data["news"] = [
                {"title": post.title, "url": post.url, "date": _post_date(post)}
                for post in sorted(posts, key=_post_date, reverse=True)
            ]
            # Approved volunteer submissions carry their author (see wenming-submissions).
            data["submission_authors"] = submissions_by_author(
                str(post.meta["submission_author"]) for post in posts if post.meta.get("submission_author")
            )
        return {**extra, "volunteers": data}

    def _events(self, config: MkDocsConfig, team_id: str) -> dict[str, Any]:
        """The team's events from the events plugin: upcoming (soonest first) and recent past."""
        events_plugin = config.plugins.get("wenming-events")
        by_organizer = getattr(events_plugin, "by_organizer", None) or {}
        entries = list(by_organizer.get(team_id, []))
        assert self.site is not None
        today = self.site.today
        upcoming = sorted(
            (entry for entry in entries if _day(entry.date) >= today), key=lambda entry: _day(entry.date)
        )
        past = sorted(
            (entry for entry in entries if _day(entry.date) < today),
            key=lambda entry: _day(entry.date),
            reverse=True,
        )
        return {"upcoming": upcoming, "past": past[:RECENT_EVENTS], "past_total": len(past)}


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _post_date(post: Page) -> dt.date:
    created = getattr(getattr(post, "config", None), "date", None)
    created = getattr(created, "created", None) or post.meta.get("date")
    if isinstance(created, dt.datetime):
        return created.date()
    if isinstance(created, dt.date):
        return created
    return dt.date.min


def _front_matter_line(path: str | None, key: str) -> int | None:
    """1-based line of ``key:`` in a Markdown file's front matter (only read to report a problem)."""
    if not path:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        if line.startswith(f"{key}:"):
            return number
    return None
