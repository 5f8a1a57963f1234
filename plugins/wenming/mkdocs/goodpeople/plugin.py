"""The ``wenming-goodpeople`` plugin: the 身边好人 section built from nomination records.

Records come from the portal plugin (``config.plugins["wenming"].site["nominations"]``); which
roll is current, who is in publicity and how minors are named is decided in
:mod:`wenming.core.goodpeople`. This module only makes pages, links and the home block.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from wenming.core.goodpeople import GoodPeople, Nominee, build_good_people, nominee, photo_files
from wenming.core.images import PHOTO_BOX, ImageRefused, fit_photo, fitted_size, shown_size
from wenming.core.records import RememberedDerivations
from wenming.mkdocs.generated import GeneratedPages
from wenming.mkdocs.portal.home import HomeBlock

from . import pages as layout
from .config import GoodPeopleConfig
from .news import RelatedNews, related_news

log = get_plugin_logger(__name__)


class GoodPeoplePlugin(BasePlugin[GoodPeopleConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages = GeneratedPages()
        self.links = layout.Links()
        self.good: GoodPeople | None = None
        self.news: dict[str, list[RelatedNews]] = {}
        self.photos_to_fit: dict[str, str] = {}  # photo path -> where the build writes it
        # Lent by the preview server (preview/builder.py): nominees kept between builds.
        self.nominees: RememberedDerivations[Nominee] | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        for name in ("per_page", "archive_per_page", "index_cards", "home_cards"):
            if self.config[name] < 1:
                raise PluginError(f"mkdocs.yml: plugins.wenming-goodpeople.{name} 应为不小于 1 的整数")
        return config

    # After the portal plugin (priority 100) has loaded the records and removed the data folders;
    # before the blog (-50), so that the pages exist when the navigation is built.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self.pages, self.links, self.good, self.news = GeneratedPages(), layout.Links(), None, {}
        self.photos_to_fit = {}
        if not self.config.enabled:
            return files
        portal = config.plugins.get("wenming")
        site = getattr(portal, "site", None)
        if portal is None or site is None:
            raise PluginError(
                "wenming-goodpeople 需要先启用 wenming 插件（在 mkdocs.yml 的 plugins 里写在它前面）"
            )
        loaded = site["nominations"]
        good = self.good = build_good_people(loaded.records, site.build_date, self.nominees if self.nominees is not None else nominee)

        self.links.files = files
        self.links.profiles = {person.id for person in good.profiles}
        self.pages.extend(layout.build_pages(good, self.links, self.config, portal.config.office))
        self.pages.add_to(files, config)

        # A photo the site does not show must not be downloadable either: a minor's, or one
        # named by a nomination that is not (or no longer) public.
        withheld = photo_files([*loaded.records, *loaded.withheld], good.nominees)
        for path in sorted(withheld):
            file = files.get_file_from_path(path)
            if file is not None:
                files.remove(file)
        self._size_photos(good, files)
        for person in good.nominees:
            if person.photo and files.get_file_from_path(person.photo) is None:
                record = loaded.by_id[person.id]
                log.warning(str(record.source.problem(
                    ("photo",), f"photo '{person.photo}' 不在网站文件里（data/、submissions/ 下的文件不会发布）："
                    "请把照片放在 assets/goodpeople/ 下", "photo")))  # fmt: skip

        portal.add_home_block(
            HomeBlock(
                order=self.config.home_order,
                template="partials/goodpeople/home-block.html",
                title=layout.SECTION_TITLE,
                data=layout.HomeData(
                    self.links,
                    good.current,
                    good.current.people[: self.config.home_cards] if good.current else (),
                    good.in_publicity,
                    good.today,
                ),
            )
        )
        rolls = "、".join(f"{roll.key} {roll.count}" for roll in good.rolls) or "无"
        now = sum(len(notice.people) for notice in good.in_publicity)
        log.info(
            f"身边好人：好人榜 {len(good.rolls)} 期（{rolls}），人物页 {len(good.profiles)} 个，"
            f"公示 {len(good.notices)} 份（今天公示中 {now} 人），不发布的照片 {len(withheld)} 张"
        )
        return files

    # Every page has been read by now (news posts have their titles and final URLs): index the
    # posts that name a nominee, and report ids that name no nomination at all.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.good is None:
            return env
        loaded = config.plugins["wenming"].site["nominations"]  # type: ignore[attr-defined]
        known = {record.id for record in (*loaded.records, *loaded.withheld)}
        known |= {Path(path).stem for path in loaded.invalid_files}
        blog = config.plugins.get("material/blog")
        posts = list(blog.blog.posts) if blog is not None and getattr(blog, "blog", None) else []
        self.news, problems = related_news(posts, known, Path(config.docs_dir).name)
        for problem in problems:
            log.warning(problem)
        return env

    # 推荐须知 is authored Markdown; its template adds the 我推荐身边好人 link under the title
    # (only when the portal knows the intake service's address, see intake_url).
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.enabled and page.file.src_uri == layout.GUIDE:
            page.meta.setdefault("template", "goodpeople/guide.html")
        return markdown

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any] | None:
        context.update(self.page_context_additions(page, config))
        return context

    def page_context_additions(self, page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """What on_page_context adds, without changing anything (the preview server digests it)."""
        page_context = self.pages.context_for(page) if self.config.enabled else None
        if page_context is None:
            return {}
        additions = dict(page_context)
        if page_context["kind"] == "profile":
            additions["related_news"] = self.news.get(page_context["person"].id, [])
        return additions

    def _size_photos(self, good: GoodPeople, files: Files) -> None:
        """Each shown photo's size as published: a phone photo larger than PHOTO_BOX is shrunk
        after the build copies it (on_post_build), so templates print the size it will have."""
        for person in good.nominees:
            file = files.get_file_from_path(person.photo) if person.photo else None
            if person.photo is None or file is None or not file.abs_src_path or person.photo in self.links.photo_sizes:
                continue
            size = shown_size(Path(file.abs_src_path))
            if size is None:  # not an image: the portal's image check refuses it after the build
                continue
            self.links.photo_sizes[person.photo] = fitted_size(size, PHOTO_BOX)
            if self.links.photo_sizes[person.photo] != size:
                self.photos_to_fit[person.photo] = file.abs_dest_path

    # Before the portal's image check (-100), which then finds the shrunk photo without metadata.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        for path, written in sorted(self.photos_to_fit.items()):
            # A file refused here is refused by the portal's image check too, which removes it and says why.
            with suppress(ImageRefused):
                fit_photo(Path(written), PHOTO_BOX, path)
