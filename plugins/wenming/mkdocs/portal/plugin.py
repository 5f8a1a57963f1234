"""The ``wenming`` plugin: loads every record collection, keeps raw data out of the site,
fills the home page and footer, logs the build account and audits the output for private data.

Section plugins (honour rolls, events, volunteers…) read the loaded records from this plugin
(``config.plugins["wenming"].site``) instead of loading files again.
"""

from __future__ import annotations

import atexit
import gc
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from wenming.core.dates import chinese_date
from wenming.core.gate import StaffGateExtension, title_text
from wenming.core.intake_link import nominate_url
from wenming.core.lastmod import lastmod_dates, own_date, updated_problem
from wenming.core.privacy import Leak, SecretRegistry, audit_site
from wenming.core.records import RememberedReadings
from wenming.core.site_data import SiteData, load_site, resolve_build_date
from wenming.core.typography import ChineseLineBreakExtension, ids_in, slugify, unique_ids

from ..template_cache import TemplateBytecodeCache
from .assets import asset_versions, stylesheets_for
from .blog_speed import FastMembershipList, cut_excerpt, skip_other_pages
from .config import PortalConfig
from .home import HomeBlock, HomeContext, news_item
from .outputs import files_with_stamps, prepare_outputs
from .search import PortalSearch

log = get_plugin_logger(__name__)


@cache
def exit_without_collecting() -> None:
    """Let the interpreter's exit skip its garbage collections (once per process).

    When ``mkdocs build`` ends, Python frees every module and object and runs full garbage
    collections while doing so; with the records, pages and the plugins' libraries in memory this
    took 0.35 s at 500 records, 5 % of the whole build, to free memory the OS takes back anyway.
    ``gc.freeze()`` at exit (atexit handlers run before that teardown) leaves objects to reference
    counting; objects in reference cycles are left to the OS and their ``__del__`` does not run,
    which Python never promises at exit anyway (a file left open inside a cycle would not be
    flushed; MkDocs and these plugins close what they write). Nothing changes before exit, so
    `mkdocs serve` and test runs that build many times in one process collect garbage as usual.
    """
    atexit.register(gc.freeze)


class LongLivedObjects:
    """Keeps the build's long-lived objects out of the garbage collector's full collections.

    A full collection walks every tracked object. After the records are loaded (on_config) and
    after every page's Markdown is rendered (before the first template), the heap holds
    objects that live to the end of the build: records, pages, tables of contents, and the
    Markdown instance Material's blog keeps for each post's excerpt (500 of them, 200,000 objects
    at 2,000 records). The template phase then ran five full collections over all of them:
    0.56 s of CPU at 2,000 records against 0.17 s for the same pages without the portal.
    ``gc.freeze()`` moves the objects alive at those two points to a generation the collector
    skips; ``gc.unfreeze()`` at the end of the build (or on its error, or when a new build of
    `mkdocs serve` starts) gives them back, so nothing frozen outlives its build and garbage in
    cycles from one build is collected during the next.
    """

    # Per process, not per plugin: the preview server (wenming serve) loads new plugins each rebuild.
    froze_in = 0  # builds of this process that froze objects
    collected_after = 0  # the last of those builds whose objects a full collection has freed since

    def __init__(self) -> None:
        self.pages_frozen = False
        self.counted = False
        # A preview rebuild (preview/builder.py): the collector is off from its start to after
        # it is served, and the builder collects its garbage then; nothing is frozen or given back.
        self.managed_by_preview = False

    def build_started(self) -> None:
        if self.managed_by_preview:
            return
        gc.unfreeze()
        if LongLivedObjects.froze_in > LongLivedObjects.collected_after:
            # The last build's objects were frozen and given back at its end, all at once: the
            # collector's own schedule would reach them too late, and a preview server grew by
            # 78 MB per rebuild at 2,000 records. One full collection frees them, here unless the
            # preview server made it after that build (PreviewBuilder.collect_garbage).
            LongLivedObjects.collected_after = LongLivedObjects.froze_in
            gc.collect()
        self.pages_frozen = False

    def records_loaded(self) -> None:
        if self.managed_by_preview:
            return
        gc.freeze()
        self._count()

    def pages_rendered(self) -> None:
        if not self.pages_frozen and not self.managed_by_preview:
            gc.freeze()
            self.pages_frozen = True
            self._count()

    def _count(self) -> None:
        if not self.counted:
            LongLivedObjects.froze_in += 1
            self.counted = True

    def build_ended(self) -> None:
        if self.managed_by_preview:
            return
        gc.unfreeze()
        self.pages_frozen = False


def robots_txt(sitemap_url: str, hidden: list[str]) -> str:
    """Pages may be indexed (private data never reaches the site) except ``hidden`` folders (the
    volunteers' CMS, a login page that residents have no use for in search results); where the
    sitemap is. An empty Disallow line allows everything."""
    rules = "".join(f"Disallow: /{folder}/\n" for folder in hidden) or "Disallow:\n"
    return f"User-agent: *\n{rules}\nSitemap: {sitemap_url}\n"


def make_title_plain(page: Page) -> None:
    """Material prints page titles unescaped (header, navigation, ``<title>`` through striptags):
    a title from front matter or a heading is made plain text by the trust gate."""
    if isinstance(page.meta.get("title"), str):
        page.meta["title"] = title_text(page.meta["title"])
    if page.title and title_text(page.title) != page.title:
        page.title = title_text(page.title)


def add_chinese_typesetting(config: MkDocsConfig) -> None:
    """Every Markdown conversion of the build (pages, record pages, posts and the blog's
    excerpts) joins soft line breaks between Chinese characters, and headings get ids that keep
    their Chinese (``#活动介绍``), unless mkdocs.yml chose a ``toc: slugify`` of its own."""
    if not any(isinstance(extension, ChineseLineBreakExtension) for extension in config.markdown_extensions):
        config.markdown_extensions.append(ChineseLineBreakExtension())
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify)


def unique_excerpt_ids(page: Page, excerpts: list[Any]) -> None:
    """A news list page shows several posts' excerpts, each converted on its own, so two posts
    with the same heading (or footnote) would repeat an id on the page: the later one gets a
    suffix, in the excerpt's HTML and in the page's 目录 (the blog appended the excerpt's heading
    to it), so that every 目录 entry leads to its own post."""
    taken = set(ids_in(page.content or ""))
    for excerpt in excerpts:
        excerpt.content, renames = unique_ids(excerpt.content or "", taken)
        if renames:
            _rename_anchors(excerpt.toc, renames)


def _rename_anchors(links: Any, renames: dict[str, str]) -> None:
    for link in links:
        link.id = renames.get(link.id, link.id)
        _rename_anchors(link.children, renames)


class PortalPlugin(BasePlugin[PortalConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: SiteData | None = None
        self.project_root = Path.cwd()
        self.secrets = SecretRegistry()
        self.home_blocks: list[HomeBlock] = []
        self.nominate_url: str | None = None
        self.long_lived = LongLivedObjects()
        self.search = PortalSearch()
        # The preview server (wenming serve) puts an audit here that re-reads only changed files.
        self.audit: Callable[[Path, SecretRegistry, dict[str, tuple[int, int]]], list[Leak]] = _audit_whole_site
        # And here what it remembers of the record files between its builds.
        self.readings: RememberedReadings | None = None

    # Load in on_config so that section plugins can build their pages from records in on_files.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.long_lived.build_started()
        try:
            build_date = resolve_build_date(self.config.build_date)
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: plugins.wenming.{error}") from None
        try:
            self.nominate_url = nominate_url(self.config.intake_url) if self.config.intake_url else None
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: plugins.wenming.{error}") from None
        self.project_root = Path(config.config_file_path or config.docs_dir).resolve().parent
        self.site = load_site(
            Path(config.docs_dir),
            build_date,
            self.config.data_dir.strip("/"),
            self.config.submissions_dir.strip("/"),
            display_root=self.project_root,
            remembered=self.readings,
        )
        exit_without_collecting()
        # The trust gate: every Markdown conversion of this build (pages, generated record pages,
        # the blog's excerpts, which use these extensions too) ends in the staff cleaner.
        if self.config.staff_html == "clean" and not any(
            isinstance(extension, StaffGateExtension) for extension in config.markdown_extensions
        ):
            config.markdown_extensions.append(StaffGateExtension())
        add_chinese_typesetting(config)
        self.secrets = self.site.secrets
        self.home_blocks = []
        # Material's search plugin (listed first) has set up its index by now: it is replaced.
        self.search.start(config, self.site)
        # Warnings, so that `mkdocs build --strict` fails on any invalid record and a plain
        # build skips it and goes on.
        for problem in self.site.problems:
            log.warning(str(problem))
        for line in self.site.accounts():
            log.info(line)
        if self.site.content.linked_dirs:
            # MkDocs lists the files next, following links (a link to / or to its own folder
            # would have it walk the whole disk, or forever): the build stops here instead.
            docs = Path(os.path.relpath(config.docs_dir, self.project_root)).as_posix()
            names = "、".join(f"{docs}/{entry.relative}" for entry in self.site.content.linked_dirs)
            raise PluginError(f"内容文件夹里有指向文件夹的符号链接：{names}。网站不能包含符号链接，请删除后再生成")
        if self.site.content.unsafe_settings:
            # Material reads these itself, whole: they cannot be left out like a page.
            raise PluginError("设置文件无法安全读取：" + "；".join(str(problem) for problem in self.site.content.unsafe_settings))
        self.long_lived.records_loaded()
        return config

    def add_home_block(self, block: HomeBlock) -> None:
        """Called by section plugins (in on_files or later) to put a block on the home page."""
        self.home_blocks.append(block)

    # First, so that no other plugin (blog, rss, search) ever sees a raw record file.
    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        private_dirs = tuple(
            folder.strip("/") + "/" for folder in (self.config.data_dir, self.config.submissions_dir)
        )
        # Symlinks, FIFOs and pages that cannot be read safely were reported in on_config.
        left_out = self.site.content.left_out if self.site is not None else set()
        for file in list(files):
            if file.src_uri.startswith(private_dirs) or (file.generated_by is None and file.src_uri in left_out):
                files.remove(file)
        self._add_robots_txt(files, config)
        return files

    @staticmethod
    def _add_robots_txt(files: Files, config: MkDocsConfig) -> None:
        """robots.txt naming the sitemap (search engines find it there), unless the site has
        its own in docs_dir; only with a site_url, as the Sitemap line must be absolute."""
        site_url = (config.site_url or "").strip()
        if not site_url or files.get_file_from_path("robots.txt") is not None:
            return
        base = site_url if site_url.endswith("/") else site_url + "/"
        hidden = []
        submissions = config.plugins.get("wenming-submissions")
        options = getattr(submissions, "config", None)
        if options is not None and options.enabled and options.admin:
            hidden.append(options.admin_dir.strip("/"))
        files.append(File.generated(config, "robots.txt", content=robots_txt(base + "sitemap.xml", hidden)))

    # Material's blog: membership tests and excerpt rendering made cheap, same output (blog_speed).
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        blog = getattr(config.plugins.get("material/blog"), "blog", None)
        if self.config.enabled and blog is not None and isinstance(getattr(blog, "posts", None), list):
            blog.posts = FastMembershipList(blog.posts)
            if self.config.fast_excerpts:
                skip_other_pages(config.plugins, config.plugins.get("material/blog"))
        return nav

    # The title is known here (front matter or the first heading) and all titles are fixed before
    # any template prints one (MkDocs renders every page's Markdown before the first template).
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.enabled:
            make_title_plain(page)
            # The portal's post template: Material's, with the date and categories on top.
            if page.meta.get("template") == "blog-post.html":
                page.meta["template"] = "news/post.html"
        blog = config.plugins.get("material/blog")
        if self.config.enabled and self.config.fast_excerpts and blog is not None:
            cut_excerpt(page, blog.config.post_excerpt_separator)
        return html

    # Personal numbers typed into ordinary pages are audited like those in records.
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.config.enabled and page.file.abs_src_path:
            self.secrets.add_numbers_in(markdown, f"{Path(config.docs_dir).name}/{page.file.src_uri}")
        # The updated-news feed (rss: date_from_meta.as_update: updated) reads `updated`; a post
        # that gives none was last changed on its `date`, not at the build (the feed's default).
        if self.config.enabled:
            # Staff-written pages only: generated record pages get their date from the records.
            if page.file.abs_src_path:
                problem = updated_problem(page.meta, lambda: page.file.content_string, f"{Path(config.docs_dir).name}/{page.file.src_uri}")
                if problem is not None:
                    log.warning(str(problem))
            changed = own_date(page.meta)
            if changed is not None:
                page.meta["updated"] = changed
        return markdown

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.site is None:
            return env
        env.globals["wenming"] = {
            "office": self.config.office,
            "icp": self.config.icp,
            "icp_link": self.config.icp_link,
            "police_beian": self.config.police_beian,
            "nominate_url": self.nominate_url,
            "build_date": self.site.build_date,
        }
        env.filters["wm_date"] = chinese_date
        env.filters["wm_date_weekday"] = lambda day: chinese_date(day, weekday=True)

        # `"events/page/2.md" | wm_page_url | url`: a page's address from its source path, for
        # links between generated pages (pagers) that are only known by source path.
        def page_url(src_uri: str) -> str:
            file = files.get_file_from_path(src_uri)
            if file is None:
                raise PluginError(f"模板链接到不存在的页面：{src_uri}")
            return file.url

        env.filters["wm_page_url"] = page_url
        # The portal's CSS and JS by version (see assets.py); computed every build, so that
        # `mkdocs serve` picks up an edited stylesheet too.
        versions = asset_versions(files)
        env.globals["wm_stylesheets"] = stylesheets_for
        env.filters["wm_versioned"] = lambda url, path: f"{url}?v={versions[path]}" if path in versions else url
        self._date_pages(files)
        if self.config.template_cache:
            env.bytecode_cache = TemplateBytecodeCache(self.project_root / self.config.cache_dir / "templates")
        return env

    # The rendered page, so that search sees the facts templates print (place, organiser, category).
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.config.enabled:
            self.search.add(page, output)
        return output

    # After the blog plugin (-100), which renders the excerpts of a news list page here.
    @event_priority(-110)
    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any] | None:
        if not self.config.enabled:
            return context
        context.update(self.page_context_additions(page, config))
        if context.get("posts"):
            unique_excerpt_ids(page, context["posts"])
        return context

    def page_context_additions(self, page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """What on_page_context adds, without changing anything (the preview server digests it).
        The heading ids it changes in a news list's excerpts follow from the excerpts alone."""
        if not self.config.enabled:
            return {}
        # Every page's Markdown is rendered before the first template (MkDocs' order): here too
        # when the preview server leaves the page as it was, as it may every page but the home.
        self.long_lived.pages_rendered()
        return {"home": self._home_context(config)} if page.is_homepage else {}

    # Last, so that every other plugin has written its files (search index, feeds) before the audit.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        try:
            self._check_outputs(config)
        finally:
            self.long_lived.build_ended()

    def on_build_error(self, *, error: Exception) -> None:
        self.long_lived.build_ended()

    def _check_outputs(self, config: MkDocsConfig) -> None:
        self.search.finish(config)
        # Uploads nobody links to removed, images stripped of metadata, documents audited or refused.
        image_cache = self.project_root / self.config.cache_dir / "images"  # photos turned upright, by content
        site_dir = Path(config.site_dir)
        listing = files_with_stamps(str(site_dir))  # the site's one walk, for both steps
        outputs = prepare_outputs(site_dir, self.config.uploads_dir, self.secrets, image_cache, listing)
        for warning in outputs.warnings:
            log.warning(warning)
        log.info(outputs.summary())
        if not self.config.privacy_audit:
            return
        leaks = outputs.leaks + self.audit(site_dir, self.secrets, listing)
        if leaks:
            lines = "\n".join(f"  {leak}" for leak in leaks)
            raise PluginError(
                f"隐私检查未通过：{len(leaks)} 处隐私内容出现在生成的网站中，网站不可发布。\n{lines}\n"
                "请把这些内容从公开字段和正文中删除（个人信息只写在 private: 下）。"
            )
        log.info(f"隐私检查通过：{len(self.secrets)} 项隐私内容均未出现在 {config.site_dir} 中")

    def _date_pages(self, files: Files) -> None:
        """Each page's sitemap ``lastmod`` from its own date instead of the build date (MkDocs'
        default for every page). Here, because every page's front matter has been read by now
        and sitemap.xml is written right after this event."""
        assert self.site is not None
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        dates = lastmod_dates({page.file.src_uri: own_date(page.meta) for page in pages}, self.site.build_date)
        for page in pages:
            page.update_date = dates[page.file.src_uri].isoformat()

    def _home_context(self, config: MkDocsConfig) -> HomeContext:
        home = HomeContext(blocks=sorted(self.home_blocks, key=lambda block: block.order))
        blog = config.plugins.get("material/blog")
        if blog is not None and getattr(blog, "blog", None) is not None:
            posts = sorted(blog.blog.posts, key=lambda post: post.config.date.created, reverse=True)
            home.news = [news_item(post) for post in posts[: self.config.home_news_count]]
            home.news_url = blog.blog.url
        return home


def _audit_whole_site(site_dir: Path, secrets: SecretRegistry, listing: dict[str, tuple[int, int]]) -> list[Leak]:
    """``mkdocs build``'s audit: every file of the site, read (``listing`` is for the preview's)."""
    return audit_site(site_dir, secrets)
