"""Rebuild the site after an edit in about a second: MkDocs' own build, with its costly steps
remembered between builds by what went into them.

Each build is a whole MkDocs build: ``mkdocs.yml`` loaded again (MkDocs keeps a plugin object whose settings are unchanged), every
plugin event in MkDocs' order (records loaded and checked, pages generated, blog, feeds, search
index, sitemap, image cleaning, the privacy audit). No dependency map is kept by hand, so none can
be wrong: a page is rendered again exactly when something it reads changed. What is remembered,
each by a digest of its inputs and dropped when they change:

- a page's Markdown converted to HTML: by its Markdown (after the plugins' page_markdown
  events), its place, and the answer to every link it looked up (a link to a deleted record);
- a page's search index entries: by the page's URL, title, HTML, contents and search settings;
- a page's template output: by the digest of everything the template can read
  (:mod:`fingerprint`) and the site key (navigation, theme templates, Jinja globals and filters);
  an unchanged output is not written again;
- before that, whether the page can be left as it is without making its template context at
  all: by the page as it stands and what each page_context handler says it will add (the
  portal's plugins answer ``page_context_additions`` with the same code their on_page_context
  runs; Material's search and blog are read here). A handler that cannot say sends the page the
  whole way. The tests check every page left this way against the whole way (``check_settled``);
- the privacy audit of each output file: by its size and modification time, and the registry of
  private values (``IncrementalAudit``); a file written in this build is audited again;
- the records: a file's reading by its size, modification time and inode, its check while the
  check's context and the files its rules looked at are unchanged (``RememberedReadings``: the
  same Record object comes back); and by that object what is made from it, lent to the plugins:
  a 身边好人 nominee (``RememberedDerivations``), an event's calendar entry with its other
  inputs (``RememberedVevents``).

Changing ``mkdocs.yml`` forgets everything. Pages that were not rendered keep their file; files
no step of this build wrote or kept (a deleted record's page) are removed, so the folder equals a
clean build's.
"""

from __future__ import annotations

import copy
import functools
import gc
import hashlib
import itertools
import logging
import os
import resource
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.base import BaseConfigOption
from mkdocs.config.base import Config as BaseConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import meta as mkdocs_meta

from wenming.core.goodpeople import Nominee, nominee
from wenming.core.ics import RememberedVevents
from wenming.core.privacy import Leak, SecretRegistry, audit_site
from wenming.core.records import RememberedDerivations, RememberedReadings
from wenming.mkdocs.portal.outputs import files_with_stamps
from wenming.mkdocs.portal.plugin import LongLivedObjects
from wenming.mkdocs.portal.search import SearchMemo
from wenming.mkdocs.template_cache import environment_fingerprint

from .blog_memory import DeferredMarkdown, RememberedFrontMatter, RememberedPosts
from .fingerprint import Fingerprinter, LastingDigests, Unfingerprintable, navigation_digest
from .logged import captured

log = logging.getLogger("mkdocs.plugins.wenming.preview")

# The context every page gets from MkDocs (get_context): covered by the site key, or the page
# digest, or (build_date_utc) the build's time, which the preview may show from an earlier build.
_STANDARD_CONTEXT = frozenset(
    {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc", "config", "page"}
)


@dataclass
class BuildReport:
    """What one build did, for the terminal, the preview banner and the edit-loop benchmark."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    pages: int = 0
    rendered: int = 0  # pages whose template ran
    settled: int = 0  # pages left as they were without making their context (_settled_key)
    converted: int = 0  # pages whose Markdown was converted
    audited: int = 0  # output files read by the privacy audit
    removed: int = 0  # stale output files deleted
    full: bool = True  # nothing remembered (first build, or mkdocs.yml changed)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


class _Output(NamedTuple):
    """A page's output file as the last build that made or kept it left it."""

    inputs: bytes | None  # digest of the template's inputs (site key, page, context)
    digest: bytes  # of the output's bytes
    size: int
    settled: bytes | None  # digest of the page before its context was made (see _settled_key)


@dataclass
class _Converted:
    key: bytes
    lookups: dict[str, str | None]  # every path a link looked up, and the URL it found
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    records: list[logging.LogRecord]


class _RecordingFiles:
    """The site's files as a page's links see them, noting every lookup and its answer."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.lookups: dict[str, str | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = found.url if found is not None else None
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


class IncrementalAudit:
    """``audit_site`` over the files that changed since the last audit; the rest keep their result.

    A file's leaks depend only on its bytes and the private values: a file with the same size and
    modification time as when it was audited, under the same registry, has the same leaks.
    """

    def __init__(self) -> None:
        self._registry_key: bytes | None = None
        self._registry = SecretRegistry()
        self._known: dict[str, tuple[tuple[int, int], list[Leak]]] = {}  # by path as a string
        self.audited = 0
        # Every file of the site with its stamp as this build's audit found it (the audit comes
        # after every plugin wrote its files): the stale-file removal uses it instead of walking
        # the site again. None until the audit runs in this build.
        self.listing: dict[str, tuple[int, int]] | None = None

    def __call__(self, site_dir: Path, secrets: SecretRegistry, listing: dict[str, tuple[int, int]] | None = None) -> list[Leak]:
        """``listing``: every file of ``site_dir`` with its stamp (``files_with_stamps``) as it is now."""
        # The private values, and the public ones (a short name that is also a published value
        # is not audited): a file's leaks depend on both.
        registry_key = hashlib.blake2b(repr((sorted(map(repr, secrets)), sorted(secrets.public_values))).encode("utf-8")).digest()
        if registry_key != self._registry_key:
            self._known.clear()
            self._registry_key = registry_key
            self._registry = secrets
        else:
            # The same private values: the registry of the last audit, whose patterns (thousands
            # of values, 0.1 s to compile at 10,000 records) are made already.
            secrets = self._registry
        present = self.listing = listing if listing is not None else files_with_stamps(str(site_dir))
        changed = [path for path, stamp in present.items() if self._known.get(path, ((-1, -1), []))[0] != stamp]
        found: dict[str, list[Leak]] = {}
        for leak in audit_site(site_dir, secrets, only=[Path(path) for path in changed]):
            found.setdefault(leak.output_file, []).append(leak)
        self.audited = len(changed)
        for path in changed:
            self._known[path] = (present[path], found.get(Path(path).relative_to(site_dir).as_posix(), []))
        for path in list(self._known):
            if path not in present:
                del self._known[path]
        # In audit_site's order: by path (as Paths compare), then each file's own order.
        with_leaks = [path for path, (_, leaks) in self._known.items() if leaks]
        return [leak for path in sorted(with_leaks, key=Path) for leak in self._known[path][1]]


_PLUGINS_OPTION: Any = dict(MkDocsConfig._schema)["plugins"]

# A rebuild's garbage is collected young (see PreviewBuilder._collector_paused); one in this many
# collections is full.
FULL_COLLECTION_EVERY = 10


class PreviewBuilder:
    """Builds ``config_file``'s site into ``site_dir`` again and again, each time equal to a clean build."""

    def __init__(
        self, config_file: Path, site_dir: Path | None = None, check_settled: bool = False, collect_later: bool = False
    ) -> None:
        self.config_file = config_file.resolve()
        # The preview server's: a rebuild's garbage is collected when collect_garbage is called
        # (a moment after the rebuild is served), and the collector stays off until then.
        self.collect_later = collect_later
        self._garbage_lock = threading.Lock()
        self._garbage: str | None = None  # the last build's garbage, uncollected: "young" or "all"
        self._young_collections = 0
        # For the tests: a page that would be left as it was (_settled_key) is taken the whole way
        # too, and its template's inputs must be the last build's, or the build fails.
        self.check_settled = check_settled
        self.site_dir = site_dir.resolve() if site_dir is not None else None
        self._config_key: bytes | None = None
        self._converted: dict[str, _Converted] = {}
        self._searched: dict[str, tuple[bytes, list[dict[str, Any]]]] = {}
        self._outputs: dict[str, _Output] = {}  # by src_uri
        self._audit = IncrementalAudit()
        self._theme_digests: dict[str, bytes] = {}
        self._fingerprint = Fingerprinter()
        self._lasting = LastingDigests()
        self._plugin_fields: dict[int, tuple[Any, dict[str, Any]]] = {}  # see _kept_plugins
        self._static: dict[str, tuple[Any, tuple[int, int]]] = {}  # dest -> (source, dest stamp)
        self._excerpts: dict[tuple[str, str], tuple[bytes, dict[str, str | None], Any]] = {}
        self._front_matter: dict[tuple[str, Any], bytes] = {}
        self._posts: dict[tuple[str, str], Any] = {}  # (the blog's settings, post path) -> see RememberedPosts
        self.posts_made = 0  # blog posts the last build made, not copied from an earlier one
        self._theme_listing: tuple[Any, list[tuple[str, str]]] | None = None
        self._search_documents: dict[str, Any] = {}  # src_uri -> the portal search's document
        self._search_memo = SearchMemo()
        self._readings = RememberedReadings()
        self._vevents = RememberedVevents()
        self._nominees: RememberedDerivations[Nominee] = RememberedDerivations(nominee)
        self._compiled: dict[tuple[Any, ...], Any] = {}
        self._blog_folders: dict[str, str] = {}  # a blog plugin's name -> its folder of sources
        self._blog_copies: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}  # copy -> stamps

    # -- the build --------------------------------------------------------------------------

    def build(self) -> BuildReport:
        report = BuildReport()
        started, cpu = time.perf_counter(), _cpu_seconds()
        config_key = hashlib.blake2b(self.config_file.read_bytes()).digest()
        if config_key != self._config_key:
            self._forget()
            self._config_key = config_key
        report.full = not self._outputs
        with self._collector_paused(not report.full):
            self._build(report)
        report.seconds = time.perf_counter() - started
        report.cpu_seconds = _cpu_seconds() - cpu
        return report

    def _build(self, report: BuildReport) -> None:
        config = load_config(str(self.config_file), **({"site_dir": str(self.site_dir)} if self.site_dir else {}))
        kept = self._kept_plugins()
        config.plugins.on_startup(command="build", dirty=False)
        try:
            with captured() as warnings:
                try:
                    with (
                        self._remembered_blog(),
                        self._blog_sources(config),
                        self._remembered_templates(),
                        _remembered_page_addresses(),
                    ):
                        self._run(config, report)
                except Exception as error:  # shown in the terminal and the preview banner
                    report.error = str(error) or type(error).__name__
                    config.plugins.on_build_error(error=error)
            report.warnings = [record.getMessage() for record in warnings.records]
        finally:
            config.plugins.on_shutdown()
            for plugin, fields in kept:
                plugin.__dict__.clear()
                plugin.__dict__.update(fields)
            # MkDocs' settings schema is the class's, and its options keep the last configuration
            # they validated (the plugins, and all the pages, with it): let go of them too.
            _release_validated(option for _name, option in MkDocsConfig._schema)

    def _kept_plugins(self) -> list[tuple[Any, dict[str, Any]]]:
        """The plugins MkDocs keeps from one build to the next (those with on_startup or
        on_shutdown: the blog, the feed, search), each with its fields as they were before its
        first build. They hold a build's pages and posts until the next build replaces them:
        garbage then, but the young collection after their build had moved them to the oldest
        generation, and every rebuild left a whole build's objects to the next full collection
        (5.9 s after 10 rebuilds at 10,000 records). Given back those first fields after each
        build, they let go of it. (New instances instead would each stay alive in the feed
        plugin's lru_cache, which holds the blog plugin.)"""
        kept = []
        for plugin in _PLUGINS_OPTION.plugin_cache.values():
            fields = self._plugin_fields.get(id(plugin))
            if fields is None or fields[0] is not plugin:
                fields = self._plugin_fields[id(plugin)] = (plugin, dict(vars(plugin)))
            kept.append((plugin, fields[1]))
        return kept

    def _forget(self) -> None:
        self._static.clear()
        self._excerpts.clear()
        self._front_matter.clear()
        self._posts.clear()
        self._theme_listing = None
        self._converted.clear()
        self._searched.clear()
        self._outputs.clear()
        self._search_documents.clear()
        self._search_memo = SearchMemo()
        self._readings = RememberedReadings()
        self._vevents = RememberedVevents()
        self._nominees = RememberedDerivations(nominee)
        self._audit = IncrementalAudit()

    def _run(self, config: MkDocsConfig, report: BuildReport) -> None:
        """MkDocs' ``build`` (mkdocs/commands/build.py, 1.6.1), step by step, with the caches."""
        self._audit.listing = None
        # The memories lent to plugins begin a build here: what the last one did not ask for goes.
        self._vevents.start()
        self._nominees.start()
        plugins = config.plugins
        self._lend_memory(
            plugins.get("wenming"), rebuild=not report.full, events=plugins.get("wenming-events"),
            goodpeople=plugins.get("wenming-goodpeople"),
        )  # fmt: skip
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        site_dir = Path(config.site_dir)
        if report.full:
            utils.clean_directory(config.site_dir)
            self._outputs.clear()
        site_dir.mkdir(parents=True, exist_ok=True)
        written_since = _now_on_disk(site_dir)
        self._remember_search(config)

        files = get_files(config)
        env = config.theme.get_env()
        self._add_theme_files(files, env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
            self._populate_page(file.page, config, files, report)

        env = config.plugins.on_env(env, config=config, files=files)
        kept = self._copy_static_files(files)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)

        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        site_key = self._site_key(config, nav, env)
        # One per build: the records and lists that plugins handed to templates are digested once.
        self._lasting.start(itertools.chain(self._readings.lasting_records(), self._nominees.lasting()), verify=self.check_settled)
        self._fingerprint = Fingerprinter(self._lasting)
        for file in doc_files:
            assert file.page is not None
            if self._build_page(file.page, config, doc_files, nav, env, site_key, report):
                kept.add(os.path.normpath(file.page.file.abs_dest_path))
        report.pages = len(doc_files)
        for file in doc_files:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        self._outputs = {uri: entry for uri, entry in self._outputs.items() if files.get_file_from_path(uri) is not None}

        self._fingerprint = Fingerprinter()  # let go of this build's objects
        self._lasting.end()
        search = getattr(config.plugins.get("wenming"), "search", None)
        self._search_documents = dict(getattr(search, "documents", {}))
        config.plugins.on_post_build(config=config)
        kept |= {os.path.normpath(path) for path in self._search_memo.files()}
        report.audited = self._audit.audited
        listing, self._audit.listing = self._audit.listing, None
        report.removed = _remove_stale(site_dir, written_since, kept, listing)

    def _add_theme_files(self, files: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
        """MkDocs' ``Files.add_files_from_theme``, with the listing of the theme folders (Material's
        has thousands of files) remembered while their files and the settings are unchanged."""
        key = (
            tuple(self._theme_digest(Path(folder)) for folder in config.theme.dirs),
            tuple(config.theme.static_templates), config.site_dir, config.use_directory_urls,
        )  # fmt: skip
        if self._theme_listing is None or self._theme_listing[0] != key:
            listed = Files([])
            listed.add_files_from_theme(env, config)
            self._theme_listing = (key, [(file.src_uri, file.src_dir) for file in listed])
        for path, folder in self._theme_listing[1]:
            if files.get_file_from_path(path) is None:  # theme files do not override docs_dir files
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))

    def _lend_memory(self, portal: Any, rebuild: bool, events: Any = None, goodpeople: Any = None) -> None:
        """Give this build's portal plugin what the builder keeps between builds: the record
        files as read, the search index's weights and files, the audit of unchanged files; the
        events plugin its calendar entries, the 身边好人 plugin its nominees."""
        if hasattr(events, "vevents"):
            events.vevents = self._vevents
        if hasattr(goodpeople, "nominees"):
            goodpeople.nominees = self._nominees
        if portal is None:
            return
        if hasattr(portal, "readings"):
            portal.readings = self._readings
        if hasattr(portal, "audit"):
            portal.audit = self._audit
        if hasattr(getattr(portal, "search", None), "memo"):
            portal.search.memo = self._search_memo
        if hasattr(portal, "long_lived") and rebuild:  # its collection is the builder's (_collector_paused)
            portal.long_lived.managed_by_preview = True

    def _copy_static_files(self, files: Files) -> set[str]:
        """MkDocs' copy_static_files, leaving alone a file whose source is unchanged and whose
        copy is as this builder left it (a file the image cleaning rewrote is copied again, so it
        is cleaned from the original, as in a clean build). The files left alone."""
        kept: set[str] = set()  # paths as strings: thousands of files, compared with os.walk's
        copied: dict[str, tuple[Any, tuple[int, int]]] = {}
        for file in files:
            if file.is_documentation_page() or not InclusionLevel.is_included(file.inclusion):
                continue
            dest = file.abs_dest_path
            content = file._content  # generated files (calendars, robots.txt) carry their text
            if content is not None:
                data = content.encode("utf-8") if isinstance(content, str) else content
                source: Any = hashlib.blake2b(data).digest()
            elif file.abs_src_path is not None:
                stat = os.stat(file.abs_src_path)
                source = (file.abs_src_path, stat.st_size, stat.st_mtime_ns)
            else:
                file.copy_file()
                continue
            known = self._static.get(dest)
            if known is not None and known[0] == source and _stamp(dest) == known[1]:
                kept.add(os.path.normpath(dest))
                copied[dest] = known
                continue
            file.copy_file()
            copied[dest] = (source, _stamp(dest))
        self._static = copied
        return kept

    # -- garbage ----------------------------------------------------------------------------

    @contextmanager
    def _collector_paused(self, paused: bool) -> Iterator[None]:
        """No garbage collection during a rebuild (about 0.1 s of the 2 s at 2,000 records): the
        last build's garbage is collected first if it is not yet, and this one's when the server
        calls collect_garbage, a moment after serving it (or at the end, without collect_later).
        Not during the first, full build: its garbage, held to the end, took the server from 1.0
        to 1.4 GB at 10,000 records; the portal's LongLivedObjects keeps its collections short."""
        self.collect_garbage()
        with self._garbage_lock:
            if paused:
                gc.disable()
        try:
            yield
        finally:
            with self._garbage_lock:
                # A rebuild's objects are all in the youngest generation (nothing was collected):
                # a collection of the young generations finds its garbage without walking the
                # objects every build keeps (the caches, the records: 0.4-0.5 s at 10,000 records).
                # A full build's are in the oldest (LongLivedObjects gave them back there).
                self._garbage = "young" if paused else "all"
            if not self.collect_later:
                self.collect_garbage()

    def collect_garbage(self) -> None:
        """Collect the last build's garbage, if it is not yet, and switch the collector on again.
        Every FULL_COLLECTION_EVERY rebuilds the collection is full, for garbage in cycles with
        older objects (a cache entry replaced)."""
        with self._garbage_lock:
            if self._garbage is None:
                return
            if self._garbage == "all" or self._young_collections >= FULL_COLLECTION_EVERY:
                gc.collect()
                self._young_collections = 0
                LongLivedObjects.collected_after = LongLivedObjects.froze_in
            else:
                gc.collect(1)
                self._young_collections += 1
            self._garbage = None
            gc.enable()

    # -- Markdown ---------------------------------------------------------------------------

    def _populate_page(self, page: Page, config: MkDocsConfig, files: Files, report: BuildReport) -> None:
        """MkDocs' _populate_page; the conversion is skipped when its inputs are unchanged."""
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            self._convert(page, config, files, report)
            assert page.content is not None
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        except Exception as error:
            log.error(f"Error reading page '{page.file.src_uri}': {error}")
            raise
        finally:
            config._current_page = None

    def _convert(self, page: Page, config: MkDocsConfig, files: Files, report: BuildReport) -> None:
        assert page.markdown is not None
        uri = page.file.src_uri
        key = hashlib.blake2b(
            f"{uri}\0{page.file.dest_uri}\0{page.file.url}\0".encode() + page.markdown.encode("utf-8", "surrogatepass")
        ).digest()
        known = self._converted.get(uri)
        if known is not None and known.key == key and all(
            _url_of(files, path) == url for path, url in known.lookups.items()
        ):
            # A copy: the blog adds its excerpts' headings to a list page's contents afterwards.
            page.content, page.toc, page._title_from_render = known.content, _copy_toc(known.toc), known.title
            page.present_anchor_ids = set(known.anchors) if known.anchors is not None else None
            if known.links_to_anchors is not None:
                page.links_to_anchors = {
                    target: dict(anchors)
                    for path, anchors in known.links_to_anchors.items()
                    if (target := files.get_file_from_path(path)) is not None
                }
            for record in known.records:  # a broken link is reported on every build, as MkDocs does
                logging.getLogger(record.name).handle(record)
            return
        recording = _RecordingFiles(files)
        with captured(logging.DEBUG + 1) as logged:
            page.render(config, recording)  # type: ignore[arg-type]
        report.converted += 1
        links = page.links_to_anchors
        self._converted[uri] = _Converted(
            key, recording.lookups, page.content or "", _copy_toc(page.toc), page._title_from_render,
            set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
            {target.src_uri: dict(anchors) for target, anchors in links.items()} if links is not None else None,
            logged.records,
        )  # fmt: skip

    # -- the blog's generated sources -------------------------------------------------------------

    @contextmanager
    def _blog_sources(self, config: MkDocsConfig) -> Iterator[None]:
        """Material's blog writes the sources of its list pages into a new temporary folder on
        every build, a copy of the list's source for each further page (933 at 10,000 records),
        and deletes the folder at the end. Here each blog keeps one folder for the server's life,
        and a copy whose source is unchanged since it was made is not made again."""
        try:
            from material.plugins.blog import plugin as blog_module
        except ImportError:
            yield
            return
        blogs = [(name, plugin) for name, plugin in config.plugins.items() if isinstance(plugin, blog_module.BlogPlugin)]
        own = []
        for name, plugin in blogs:
            folder = self._blog_folders.get(name)
            if folder is None:
                folder = self._blog_folders[name] = tempfile.mkdtemp(prefix="wenming-preview-blog-")
                weakref.finalize(self, shutil.rmtree, folder, True)
            own.append((plugin, plugin.temp_dir))
            plugin.temp_dir = folder
        original = blog_module.copy_file
        made = self._blog_copies

        def copy_file(source: str, destination: str) -> None:
            stamp = _stamp(source)
            if made.get(destination) == (stamp, _stamp(destination)) and stamp != (-1, -1):
                return
            original(source, destination)
            made[destination] = (stamp, _stamp(destination))

        save = blog_module.BlogPlugin._save_to_file

        def save_to_file(plugin: Any, path: str, content: str) -> None:
            # The archive's and categories' sources: left as they are when the same, so that the
            # copies made from them are not made again either.
            try:
                with open(path, "rb") as existing:
                    if existing.read() == content.encode("utf-8"):
                        return
            except OSError:
                pass
            save(plugin, path, content)

        blog_module.copy_file = copy_file
        blog_module.BlogPlugin._save_to_file = save_to_file  # type: ignore[method-assign]
        try:
            yield
        finally:
            blog_module.copy_file = original
            blog_module.BlogPlugin._save_to_file = save  # type: ignore[method-assign]
            for plugin, folder in own:
                # The folder it made, which its on_shutdown deletes.
                os.makedirs(folder, exist_ok=True)
                plugin.temp_dir = folder

    # -- templates compiled -------------------------------------------------------------------

    @contextmanager
    def _remembered_templates(self) -> Iterator[None]:
        """Jinja's compiled code of each template, kept while its source and the environment it
        was compiled in are the same. Material's blog and search open environments of their own
        (for their translations), and the feed plugin one for its template: none has the
        portal's bytecode cache, so 13 templates were compiled again on every rebuild."""
        original = jinja2.Environment.compile
        remembered, used = self._compiled, {}

        def compile(
            env: jinja2.Environment, source: Any, name: str | None = None, filename: str | None = None,
            raw: bool = False, defer_init: bool = False,
        ) -> Any:  # fmt: skip
            if raw or not isinstance(source, str):
                return original(env, source, name, filename, raw, defer_init)
            key = (environment_fingerprint(env), type(env), name, filename, defer_init, source)
            code = remembered.get(key)
            if code is None:
                code = original(env, source, name, filename, raw, defer_init)
            used[key] = code
            return code

        jinja2.Environment.compile = compile  # type: ignore[assignment]
        try:
            yield
        finally:
            jinja2.Environment.compile = original  # type: ignore[method-assign]
            self._compiled = used  # an edited template's old code is forgotten

    # -- blog excerpts ----------------------------------------------------------------------

    @contextmanager
    def _remembered_blog(self) -> Iterator[None]:
        """Material's blog converts each listed post's excerpt again for every list page showing
        it (pages × posts conversions per build). Its ``Excerpt.render`` reads the post's
        Markdown, title and address, the list page's address, the separator and the links it
        looks up: the same inputs give the same excerpt. Front matter (of posts, and of pages
        as MkDocs reads it) and excerpts' Markdown instances are remembered or deferred as well
        (blog_memory.py)."""
        front_matter = RememberedFrontMatter(self._front_matter)
        page_yaml = mkdocs_meta.yaml
        mkdocs_meta.yaml = front_matter  # type: ignore[assignment]
        try:
            from material.plugins.blog import structure
            from material.plugins.blog.structure import Excerpt
        except ImportError:
            try:
                yield
            finally:
                mkdocs_meta.yaml = page_yaml
                self._front_matter = front_matter.used
            return
        from material.plugins.blog.plugin import BlogPlugin

        posts = RememberedPosts(self._posts)
        resolve_post = BlogPlugin._resolve_post
        original = Excerpt.render
        remembered, used = self._excerpts, {}
        module_yaml, module_markdown = structure.yaml, structure.Markdown

        def render(excerpt: Any, page: Page, separator: str) -> None:
            post = excerpt.post
            processors = excerpt.md.treeprocessors  # a Markdown Registry: no .get()
            relpath = processors["relpath"] if "relpath" in processors else None  # noqa: SIM401
            inputs = "\0".join(
                str(value)
                for value in (
                    getattr(post, "markdown", None), getattr(post, "title", None), getattr(post, "_title_from_render", None),
                    getattr(post, "url", None), excerpt.file.src_uri, excerpt.file.url, page.url, separator,
                )
            )  # fmt: skip
            key = hashlib.blake2b(inputs.encode("utf-8", "surrogatepass")).digest()
            slot = (excerpt.file.src_uri, page.url)
            known = remembered.get(slot)
            files = getattr(relpath, "files", None)
            if known is not None and known[0] == key and files is not None and all(
                _url_of(files, path) == url for path, url in known[1].items()
            ):
                excerpt.markdown, excerpt.content, excerpt.more, toc = known[2]
                excerpt.toc = _copy_toc(toc)
                used[slot] = known
                return
            if relpath is None or files is None:
                original(excerpt, page, separator)
                return
            recording = _RecordingFiles(files)
            relpath.files = recording
            try:
                original(excerpt, page, separator)
            finally:
                relpath.files = files
            used[slot] = (key, recording.lookups, (excerpt.markdown, excerpt.content, excerpt.more, _copy_toc(excerpt.toc)))

        Excerpt.render = render  # type: ignore[method-assign]

        def remembered_post(blog: Any, file: File, config: MkDocsConfig) -> Any:
            return posts.resolve(resolve_post, blog, file, config)

        BlogPlugin._resolve_post = remembered_post  # type: ignore[method-assign]
        structure.yaml = front_matter  # type: ignore[assignment]
        structure.Markdown = partial(DeferredMarkdown, module_markdown)  # type: ignore[misc]
        try:
            yield
        finally:
            Excerpt.render = original  # type: ignore[method-assign]
            BlogPlugin._resolve_post = resolve_post  # type: ignore[method-assign]
            self._posts = posts.used
            self.posts_made = posts.made
            structure.yaml, structure.Markdown = module_yaml, module_markdown  # type: ignore[misc]
            mkdocs_meta.yaml = page_yaml
            self._excerpts = used  # only what this build used: deleted posts are forgotten
            self._front_matter = front_matter.used

    # -- search index ------------------------------------------------------------------------

    def _keep_search_document(self, page: Page, config: MkDocsConfig) -> bool:
        """Add a kept page's document from the last build to the portal's search index (which
        reads each rendered output in on_post_page); False when there is none to add, so the
        page is rendered and read again."""
        search = getattr(config.plugins.get("wenming"), "search", None)
        if search is None or getattr(search, "builder", None) is None:
            return True
        uri = page.file.src_uri
        if uri not in self._search_documents:
            return False
        search.keep(page, self._search_documents[uri])
        return True

    def _remember_search(self, config: MkDocsConfig) -> None:
        """Material's search plugin indexes each page in page_context (jieba on every section):
        the same page gives the same entries."""
        search = config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        if index is None or not hasattr(index, "entries") or getattr(index, "indexes_nothing", False):
            return
        index_page = index.add_entry_from_context
        remembered = self._searched
        fingerprint = Fingerprinter()

        def add_entry_from_context(page: Page) -> None:
            try:
                key = fingerprint.digest((page.url, page.title, page.content, page.toc, page.meta))
            except Unfingerprintable:
                index_page(page)
                return
            known = remembered.get(page.file.src_uri)
            if known is not None and known[0] == key:
                index.entries.extend(dict(entry) for entry in known[1])
                return
            before = len(index.entries)
            index_page(page)
            remembered[page.file.src_uri] = (key, [dict(entry) for entry in index.entries[before:]])

        index.add_entry_from_context = add_entry_from_context

    # -- templates ---------------------------------------------------------------------------

    def _site_key(self, config: MkDocsConfig, nav: Navigation, env: jinja2.Environment) -> bytes | None:
        """What every page's template reads besides its own page: None when it cannot be told
        (then every page is rendered)."""
        portal = config.plugins.get("wenming")
        if [method for method in config.plugins.events.get("post_page", []) if getattr(method, "__self__", None) is not portal]:
            return None  # a plugin post-processes each output: its work cannot be skipped
        # The portal's own on_post_page only reads the output for its search index: a kept page's
        # search document is added again (see _keep_search_document).
        out = hashlib.blake2b(self._config_key or b"")
        out.update(navigation_digest(nav))
        for folder in config.theme.dirs:
            out.update(self._theme_digest(Path(folder)))
        fingerprint = Fingerprinter()
        defaults = {**jinja2.defaults.DEFAULT_FILTERS, **jinja2.defaults.DEFAULT_TESTS, **jinja2.defaults.DEFAULT_NAMESPACE}
        try:
            for kind, mapping in (("g", env.globals), ("f", env.filters), ("t", env.tests)):
                for name in sorted(mapping):
                    if defaults.get(name) is mapping[name]:
                        continue
                    out.update(f"{kind}:{name}".encode())
                    out.update(fingerprint.digest(mapping[name]))
        except Unfingerprintable as error:
            log.debug(f"preview: every page rendered, a template global cannot be compared ({error})")
            return None
        return out.digest()

    def _theme_digest(self, folder: Path) -> bytes:
        """Every file of a theme folder by path, size and modification time. Installed themes do
        not change while the server runs; folders inside the project are read every build."""
        installed = "site-packages" in folder.parts
        if installed and str(folder) in self._theme_digests:
            return self._theme_digests[str(folder)]
        out = hashlib.blake2b(str(folder).encode())
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                stat = os.stat(os.path.join(root, name))
                out.update(f"{os.path.relpath(os.path.join(root, name), folder)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
        digest = out.digest()
        if installed:
            self._theme_digests[str(folder)] = digest
        return digest

    def _build_page(
        self,
        page: Page,
        config: MkDocsConfig,
        doc_files: list[File],
        nav: Navigation,
        env: jinja2.Environment,
        site_key: bytes | None,
        report: BuildReport,
    ) -> bool:
        """MkDocs' _build_page; True when the page's file from an earlier build is kept as it is."""
        config._current_page = page
        try:
            template_name = page.meta.get("template", "main.html")
            uri, path = page.file.src_uri, page.file.abs_dest_path
            known = self._outputs.get(uri)
            settled = self._settled_key(page, config, template_name, site_key)
            left = settled is not None and known is not None and known.settled == settled and _has_size(path, known.size)
            if left and not self.check_settled and self._keep_search_document(page, config):
                report.settled += 1
                return True
            page.active = True
            context = mkdocs_build.get_context(nav, doc_files, config, page)
            template = env.get_template(template_name)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            inputs = None
            if site_key is not None:
                try:
                    extra = {key: value for key, value in context.items() if key not in _STANDARD_CONTEXT}
                    digest = self._fingerprint.page_digest(page, extra)
                    inputs = hashlib.blake2b(site_key + digest + template_name.encode()).digest()
                except Unfingerprintable as error:
                    log.debug(f"preview: {uri} rendered, its context cannot be compared ({error})")
            unchanged = inputs is not None and known is not None and known.inputs == inputs and _has_size(path, known.size)
            if left and self.check_settled and not unchanged:
                raise AssertionError(f"preview: {uri} would have been left as it was, but its template's inputs changed")
            if unchanged and self._keep_search_document(page, config):
                assert known is not None
                report.settled += left  # checked (check_settled): it could have been left as it was
                self._outputs[uri] = known._replace(settled=settled)
                return True
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
            report.rendered += 1
            data = output.encode("utf-8", errors="xmlcharrefreplace")
            if output.strip():
                digest_out = hashlib.blake2b(data).digest()
                if known is not None and known.digest == digest_out and _has_size(path, len(data)):
                    kept = True  # same bytes as on disk: not written, so not audited again
                else:
                    utils.write_file(data, path)
                    kept = False
                self._outputs[uri] = _Output(inputs, digest_out, len(data), settled)
                return kept
            log.info(f"Page skipped: '{uri}'. Generated empty output.")
            self._outputs.pop(uri, None)
            return False
        except Exception as error:
            log.error(f"Error building page '{page.file.src_uri}': {error}")
            raise
        finally:
            page.active = False
            config._current_page = None

    def _settled_key(self, page: Page, config: MkDocsConfig, template_name: str, site_key: bytes | None) -> bytes | None:
        """A digest of the page as it stands before its template context is made, and of what
        every page_context handler will add to the context: when it equals the last build's, so
        does the output, and the page is left as it is without making its context (at 10,000
        records, making and digesting contexts took 4 s of a 10 s rebuild). Each handler must say
        what it adds without adding it (a news list page: what Material's blog renders into it
        is made from); a handler that cannot gives None: the page goes the whole way."""
        if site_key is None:
            return None
        out = hashlib.blake2b(site_key + b"|" + template_name.encode())
        try:
            out.update(self._fingerprint.page_own_digest(page))
            for handler in config.plugins.events.get("page_context", []):
                additions = _context_additions(getattr(handler, "__self__", None), page, config, self._fingerprint)
                if additions is None:
                    return None
                out.update(f"|{config.plugins._event_origins.get(handler, '?')}|".encode())
                out.update(self._fingerprint.digest(additions))
        except Unfingerprintable as error:
            log.debug(f"preview: {page.file.src_uri} goes the whole way, its context cannot be compared ({error})")
            return None
        return out.digest()


def _context_additions(plugin: Any, page: Page, config: MkDocsConfig, fingerprint: Fingerprinter) -> dict[str, Any] | None:
    """What ``plugin``'s on_page_context adds to ``page``'s context (or, for Material's blog, what
    that is made from), or None when that cannot be told without running it. The portal's
    plugins say it themselves (``page_context_additions``); Material's search and blog are known
    here."""
    says = getattr(plugin, "page_context_additions", None)
    if says is not None:
        return says(page, config)  # type: ignore[no-any-return]
    try:
        from material.plugins.blog.plugin import BlogPlugin
        from material.plugins.blog.structure import View
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:  # pragma: no cover - Material is a dependency
        return None
    if isinstance(plugin, SearchPlugin):
        # With the portal's search, Material's indexes nothing and only strips data-search
        # attributes from the page's HTML, which the output kept has had stripped.
        return {} if getattr(plugin.search_index, "indexes_nothing", False) else None
    if isinstance(plugin, BlogPlugin):
        if not isinstance(page, View) or not plugin.config.enabled:
            return {}
        return _blog_list_inputs(plugin, page, fingerprint)
    return None


def _blog_list_inputs(blog: Any, view: Any, fingerprint: Fingerprinter) -> dict[str, Any] | None:
    """What Material's blog renders into a list page's context (BlogPlugin._render, 9.x) is
    made from: which posts this page of the list shows, each post as it stands before its own
    context is made (its excerpt is rendered from it at the list's address, and its table of
    contents added to the list's), the list's pages (the pager), and the blog's settings. Nothing
    for another blog's list; None when the list cannot be read (Material changed)."""
    try:
        if blog._resolve_original(view) not in blog._resolve_views(blog.blog):
            return {}  # another blog's list: this one adds nothing
        posts, where = view.posts, None
        if blog._config_pagination(view):
            at, step = view.pages.index(view), blog._config_pagination_per_page(view)
            posts, where = posts[at * step : at * step + step], (at, step)
        return {
            "blog": dict(blog.config),
            "where": where,
            "toc": blog._config_toc(view),
            "pages": [page.url for page in view.pages],
            "posts": [fingerprint.page_own_digest(post) if post.excerpt else b"-" for post in posts],
        }
    except (AttributeError, TypeError, ValueError) as error:
        log.debug(f"preview: {view.file.src_uri} goes the whole way, its list cannot be read ({error})")
        return None


@functools.lru_cache(maxsize=1 << 16)
def _page_address(base: str, url: str) -> tuple[str, str]:
    canonical_url = urljoin(base, url)
    return canonical_url, urlsplit(canonical_url).path


@contextmanager
def _remembered_page_addresses() -> Iterator[None]:
    """MkDocs' ``Page._set_canonical_url`` (urljoin and urlsplit for every page and excerpt of
    every build, 0.3 s at 10,000 records), with each address worked out once per process."""
    original = Page._set_canonical_url

    def set_canonical_url(page: Page, base: str | None) -> None:
        if not base:
            original(page, base)
            return
        page.canonical_url, page.abs_url = _page_address(base if base.endswith("/") else base + "/", page.url)

    Page._set_canonical_url = set_canonical_url  # type: ignore[method-assign]
    try:
        yield
    finally:
        Page._set_canonical_url = original  # type: ignore[method-assign]


def _release_validated(options: Iterable[Any], depth: int = 0) -> None:
    """Forget the configuration (and plugins) each option, and each option inside one, last saw."""
    for option in options:
        fields = getattr(option, "__dict__", None)
        if fields is None or depth > 8:
            continue
        for name, value in list(fields.items()):
            if isinstance(value, (BaseConfig, PluginCollection)):
                fields[name] = None
            elif isinstance(value, BaseConfigOption):
                _release_validated([value], depth + 1)


def _url_of(files: Files, path: str) -> str | None:
    found = files.get_file_from_path(path)
    return found.url if found is not None else None


def _copy_toc(toc: Any) -> Any:
    """A fresh table of contents (the blog appends to a list page's). copy.deepcopy's generic
    walk cost more than the rest of a remembered page."""
    if not isinstance(toc, TableOfContents):
        return copy.deepcopy(toc)

    def links(items: list[AnchorLink]) -> list[AnchorLink]:
        out = []
        for item in items:
            fresh = AnchorLink(item.title, item.id, item.level)
            fresh.__dict__.update(vars(item))  # and what get_toc marks (the first is "active")
            fresh.children = links(item.children)
            out.append(fresh)
        return out

    return TableOfContents(links(toc.items))


def _stamp(path: str) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def _has_size(path: str, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _now_on_disk(site_dir: Path) -> int:
    """The file system's clock now (it can lag the system clock by a tick): files written from
    here on have a modification time at or after this."""
    marker = site_dir / ".wenming-preview-build"
    marker.write_bytes(b"")
    stamp = marker.stat().st_mtime_ns
    marker.unlink()
    return stamp


def _remove_stale(site_dir: Path, written_since: int, kept: set[str], listing: dict[str, tuple[int, int]] | None = None) -> int:
    """Delete what this build neither wrote nor kept (a deleted record's page, a month that has
    no events now), and folders left empty: what a clean build would not have made.

    ``listing`` is every file of the site with its (size, modification time) as this build's
    audit found them, after the last file was written; without it the site is listed here."""
    top = os.path.normpath(site_dir)
    if listing is None:
        listing = files_with_stamps(top)
    stale = [path for path, (_size, mtime) in listing.items() if mtime < written_since and path not in kept]
    for path in stale:
        os.unlink(path)
    # The folder was a clean build's before this one: only folders that held a stale file can be
    # empty now (and their parents, once they are removed).
    for folder in sorted({os.path.dirname(path) for path in stale}, key=len, reverse=True):
        while folder != top and folder.startswith(top + os.sep) and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
    return len(stale)
